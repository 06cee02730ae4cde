import logging
import threading

if __name__ == "__main__":
    format = "%(asctime)s: %(message)s"
    logging.basicConfig(format=format, level=logging.INFO, datefmt="%H:%M:%S")

    l = threading.RLock()
    for count in range(1, {acquires} + 1):
        logging.info("before acquire %d", count)
        l.acquire()
    logging.info("acquired lock %d times", {acquires})
    for count in range(1, {releases} + 1):
        logging.info("before release %d", count)
        l.release()
    logging.info("released lock %d times", {releases})
