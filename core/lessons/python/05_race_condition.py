import concurrent.futures
import contextlib
import logging
import threading
import time


class FakeDatabase:
    def __init__(self):
        self.value = 0
        self._lock = threading.Lock()

    def update(self, name):
        logging.info("Thread %s: starting update", name)
        if {sleep_first}:
            time.sleep({sleep})
        with self._lock if {lock} else contextlib.nullcontext():
            local_copy = self.value
            local_copy += 1
            if not {sleep_first}:
                time.sleep({sleep})
            self.value = local_copy
            logging.info("Thread %s: finishing update", name)


if __name__ == "__main__":
    format = "%(asctime)s: %(message)s"
    logging.basicConfig(format=format, level=logging.INFO, datefmt="%H:%M:%S")

    database = FakeDatabase()
    logging.info("Testing update. Starting value is %d.", database.value)
    with concurrent.futures.ThreadPoolExecutor(max_workers={workers}) as executor:
        for index in range({updates}):
            executor.submit(database.update, index)
    logging.info("Testing update. Ending value is %d.", database.value)
