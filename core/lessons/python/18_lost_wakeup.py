import logging
import threading
import time


class Signal:
    def __init__(self):
        self.lock = threading.Lock()
        self.condition = threading.Condition(self.lock)
        self.ready = False  # only read or written with the lock held


def consumer(signal):
    time.sleep({head_start})  # the producer's head start
    logging.info("Consumer: waiting for the signal")
    with signal.condition:
        if {check_first}:
            while not signal.ready:  # a notify that came first left ready set: no wait
                signal.condition.wait()
        else:
            signal.condition.wait()  # waits for the next notify, whatever came before
        logging.info("Consumer: got the signal")


def producer(signal):
    time.sleep({produce_time})
    with signal.condition:
        signal.ready = True
        logging.info("Producer: ready, notifying")
        signal.condition.notify()  # wakes a thread waiting now, if there is one


if __name__ == "__main__":
    format = "%(asctime)s: %(message)s"
    logging.basicConfig(format=format, level=logging.INFO, datefmt="%H:%M:%S")

    signal = Signal()
    consumer_thread = threading.Thread(target=consumer, args=(signal,), name="Consumer")
    producer_thread = threading.Thread(target=producer, args=(signal,), name="Producer")
    consumer_thread.start()
    producer_thread.start()
    consumer_thread.join()
    producer_thread.join()
    logging.info("Main\t:\tthe consumer got the signal")
