import logging
import threading
import time


class Section:
    def __init__(self):
        self.busy = 0  # the flag: 1 while a thread is in the critical section
        self.guard = threading.Lock()


def try_enter(section):
    if {test_and_set}:
        return section.guard.acquire(blocking=False)
    if section.busy != 0:
        return False
    section.busy = 1
    return True


def leave(section):
    if {test_and_set}:
        section.guard.release()
    else:
        section.busy = 0


def worker(section, name):
    if not try_enter(section):
        logging.info("Thread %d: busy, giving up", name)
        return
    # -- the critical section: one thread at a time, or so the flag hopes --
    logging.info("Thread %d: in the critical section", name)
    time.sleep({work})
    logging.info("Thread %d: leaving the critical section", name)
    # -- end of the critical section --
    leave(section)


if __name__ == "__main__":
    format = "%(asctime)s: %(message)s"
    logging.basicConfig(format=format, level=logging.INFO, datefmt="%H:%M:%S")

    section = Section()
    threads = list()
    for index in range({threads}):
        x = threading.Thread(target=worker, args=(section, index))
        threads.append(x)
        x.start()
    for thread in threads:
        thread.join()
    logging.info("Main\t:\tevery thread is done")
