import logging
import threading
import time


def visitor(semaphore, name):
    logging.info("Thread %s: waiting for a permit", name)
    semaphore.acquire()
    # -- room: in it while it holds the permit --
    logging.info("Thread %s: got a permit", name)
    time.sleep({hold})
    logging.info("Thread %s: giving the permit back", name)
    semaphore.release()


if __name__ == "__main__":
    format = "%(asctime)s: %(message)s"
    logging.basicConfig(format=format, level=logging.INFO, datefmt="%H:%M:%S")

    semaphore = threading.Semaphore({permits})
    threads = list()
    for index in range({threads}):
        x = threading.Thread(target=visitor, args=(semaphore, index))
        threads.append(x)
        x.start()
    for thread in threads:
        thread.join()
    logging.info("Main\t:\tevery thread got through")
