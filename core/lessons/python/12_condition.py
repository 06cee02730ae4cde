import logging
import threading
import time


def consumer(condition, shelf, name):
    logging.info("Consumer %d: waiting for an item", name)
    with condition:  # the shelf is only touched with the lock held
        {recheck} not shelf:
            condition.wait()  # lets the lock go while it waits, takes it back to return
        item = shelf.pop(0)
        logging.info("Consumer %d: took item %d", name, item)


if __name__ == "__main__":
    format = "%(asctime)s: %(message)s"
    logging.basicConfig(format=format, level=logging.INFO, datefmt="%H:%M:%S")

    lock = threading.Lock()
    condition = threading.Condition(lock)
    shelf = []
    consumers = list()
    for name in range(1, {consumers} + 1):
        x = threading.Thread(target=consumer, args=(condition, shelf, name),
                             name="Consumer %d" % name)
        consumers.append(x)
        x.start()
    for item in range(1, {items} + 1):
        time.sleep({produce_time})
        with condition:
            shelf.append(item)
            logging.info("Producer: put item %d", item)
            condition.notify_all()  # something changed: every waiter looks again
    for x in consumers:
        x.join()
    logging.info("Main\t:\tevery consumer is done")
