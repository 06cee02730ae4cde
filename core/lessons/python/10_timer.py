import logging
import threading
import time


def hello():
    logging.info("Timer\t:\thello, the timer fired")


if __name__ == "__main__":
    format = "%(asctime)s: %(message)s"
    logging.basicConfig(format=format, level=logging.INFO, datefmt="%H:%M:%S")

    delay = {delay}
    timer = threading.Timer(delay, hello)
    logging.info("Main\t:\tstarting a timer of %g s", delay)
    timer.start()
    if {cancel_after} >= 0:
        time.sleep({cancel_after})
        logging.info("Main\t:\tcancelling the timer")
        timer.cancel()
    logging.info("Main\t:\tall done")
