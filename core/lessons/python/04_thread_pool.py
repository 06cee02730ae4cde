import concurrent.futures
import logging
import time


def thread_function(name):
    logging.info("Thread %s: starting", name)
    time.sleep({sleep})
    logging.info("Thread %s: finishing", name)


if __name__ == "__main__":
    format = "%(asctime)s: %(message)s"
    logging.basicConfig(format=format, level=logging.INFO, datefmt="%H:%M:%S")

    logging.info("Before Thread pool")
    with concurrent.futures.ThreadPoolExecutor(max_workers={max_workers}) as executor:
        executor.map(thread_function, range({tasks}))
    logging.info("After Thread pool")
