import logging
import threading
import time


def thread_function(name):
    logging.info("Thread %s\t:\tstarting", name)
    time.sleep({sleep})
    logging.info("Thread %s\t:\tfinishing", name)


if __name__ == "__main__":
    format = "%(asctime)s: %(message)s"
    logging.basicConfig(format=format, level=logging.INFO, datefmt="%H:%M:%S")
    logging.info("Main\t\t:\tBefore creating thread")
    x = threading.Thread(target=thread_function, args=(1,), daemon={daemon})
    logging.info("Main\t\t:\tBefore running thread")
    x.start()
    logging.info("Main\t\t:\twait for the thread to finish")
    if {join}:
        x.join()
    logging.info("Main\t\t:\tall done")
