import concurrent.futures
import logging
import threading

SENTINEL = object()


class Pipeline:
    """Holds one message. The producer may set it when producer_lock is free, the
    consumer may get it when consumer_lock is free; each releases the other's lock."""

    def __init__(self):
        self.message = 0
        self.producer_lock = threading.Lock()
        self.consumer_lock = threading.Lock()
        self.consumer_lock.acquire()  # nothing to get yet

    def get_message(self):
        self.consumer_lock.acquire()
        message = self.message
        self.producer_lock.release()
        return message

    def set_message(self, message):
        self.producer_lock.acquire()
        self.message = message
        self.consumer_lock.release()


def producer(pipeline):
    for index in range({messages}):
        message = 1 + index * 37 % 100  # a made-up message
        logging.info("Producer got message: %s", message)
        pipeline.set_message(message)
    pipeline.set_message(SENTINEL)  # tell the consumer we are done


def consumer(pipeline):
    message = 0
    while message is not SENTINEL:
        message = pipeline.get_message()
        if message is not SENTINEL:
            logging.info("Consumer storing message: %s", message)


if __name__ == "__main__":
    format = "%(asctime)s: %(message)s"
    logging.basicConfig(format=format, level=logging.INFO, datefmt="%H:%M:%S")

    pipeline = Pipeline()
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as executor:
        executor.submit(producer, pipeline)
        executor.submit(consumer, pipeline)
