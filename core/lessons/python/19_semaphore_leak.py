import logging
import threading
import time


def visitor(door, name):
    for attempt in range({tries}):
        got_in = door.acquire(blocking=False)
        try:
            if got_in:
                # -- room --
                logging.info("Visitor %d: in the room", name)
                time.sleep({stay})
                logging.info("Visitor %d: leaving the room", name)
            else:
                logging.info("Visitor %d: the room is full", name)
        finally:  # the cleanup, on both paths
            if got_in or {release_always}:
                door.release()
        if got_in:
            return
        time.sleep({wait})  # and tries again
    logging.info("Visitor %d: gave up", name)


if __name__ == "__main__":
    format = "%(asctime)s: %(message)s"
    logging.basicConfig(format=format, level=logging.INFO, datefmt="%H:%M:%S")

    door = threading.Semaphore({permits})  # lets at most that many in at once
    visitors = list()
    for index in range({threads}):
        x = threading.Thread(target=visitor, args=(door, index), name="Visitor %d" % index)
        visitors.append(x)
        x.start()
    for x in visitors:
        x.join()
    # CPython keeps a Semaphore's count in _value
    logging.info("Main\t:\tthe door's permits: %d at the start, %d now", {permits}, door._value)
