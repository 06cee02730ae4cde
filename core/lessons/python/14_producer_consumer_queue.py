import logging
import queue
import threading
import time

SENTINEL = object()


def producer(name, queue, event):
    count = 0
    while not event.is_set():
        time.sleep({produce_time})  # making a message takes a while
        message = name * 1000 + count
        logging.info("Producer %d got message: %d", name, message)
        queue.put(message)  # waits while the queue is full
        count += 1
    logging.info("Producer %d received event. Exiting", name)


def consumer(name, queue, event):
    if {sentinel}:
        message = queue.get()
        while message is not SENTINEL:
            logging.info("Consumer %d storing message: %d (size=%d)", name, message, queue.qsize())
            time.sleep({consume_time})
            message = queue.get()
        logging.info("Consumer %d received sentinel. Exiting", name)
    else:  # the original's check: a producer may still be about to put a message
        while not event.is_set() or not queue.empty():
            message = queue.get()
            logging.info("Consumer %d storing message: %d (size=%d)", name, message, queue.qsize())
            time.sleep({consume_time})
        logging.info("Consumer %d received event. Exiting", name)


if __name__ == "__main__":
    format = "%(asctime)s: %(message)s"
    logging.basicConfig(format=format, level=logging.INFO, datefmt="%H:%M:%S")

    pipeline = queue.Queue(maxsize={capacity})
    event = threading.Event()
    producers = [threading.Thread(target=producer, args=(name, pipeline, event))
                 for name in range(1, {producers} + 1)]
    consumers = [threading.Thread(target=consumer, args=(name, pipeline, event))
                 for name in range(1, {consumers} + 1)]
    for thread in producers + consumers:
        thread.start()

    time.sleep({run_time})
    logging.info("Main: about to set event")
    event.set()
    for thread in producers:
        thread.join()
    # Every message is in the queue now: a sentinel per consumer goes behind them.
    if {sentinel}:
        for _ in consumers:
            pipeline.put(SENTINEL)
    for thread in consumers:
        thread.join()
