import logging
import threading
import time


def consumer(lock, items, name):
    if {check_inside}:  # looks and takes under one lock
        with lock:
            if items:
                logging.info("Consumer %d: sees an item", name)
                time.sleep({sleep})
                logging.info("Consumer %d: took item %d", name, items.pop())
            else:
                logging.info("Consumer %d: nothing to take", name)
    else:  # looks without the lock, then takes with it
        if items:
            logging.info("Consumer %d: sees an item", name)
            time.sleep({sleep})
            with lock:
                logging.info("Consumer %d: took item %d", name, items.pop())
        else:
            logging.info("Consumer %d: nothing to take", name)


if __name__ == "__main__":
    format = "%(asctime)s: %(message)s"
    logging.basicConfig(format=format, level=logging.INFO, datefmt="%H:%M:%S")

    lock = threading.Lock()
    items = list(range({items}))
    consumers = list()
    for name in range({consumers}):
        x = threading.Thread(target=consumer, args=(lock, items, name), name="Consumer %d" % name)
        consumers.append(x)
        x.start()
    for x in consumers:
        x.join()
    logging.info("Main\t:\titems left: %d", len(items))
