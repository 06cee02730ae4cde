import logging
import threading
import time


def worker(barrier, name):
    # Each thread takes its own time to set up: the last one takes max_init.
    init_time = {max_init} * (name + 1.0) / {threads}
    logging.info("Thread %s: initialising for %.1f s", name, init_time)
    time.sleep(init_time)
    logging.info("Thread %s: ready, waiting at the barrier", name)
    barrier.wait()
    logging.info("Thread %s: passed the barrier", name)


if __name__ == "__main__":
    format = "%(asctime)s: %(message)s"
    logging.basicConfig(format=format, level=logging.INFO, datefmt="%H:%M:%S")

    barrier = threading.Barrier({parties})
    threads = list()
    for index in range({threads}):
        x = threading.Thread(target=worker, args=(barrier, index))
        threads.append(x)
        x.start()
    for thread in threads:
        thread.join()
