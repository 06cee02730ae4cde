import logging
import threading
import time


def philosopher(forks, name):
    left = name
    right = (name + 1) % len(forks)
    first, second = left, right
    if {ordered}:  # the lower-numbered fork first
        first = min(left, right)
        second = max(left, right)
    for meal in range(1, {meals} + 1):
        with forks[first]:
            logging.info("Philosopher %d: took fork %d", name, first)
            time.sleep({pause})  # holding one fork
            logging.info("Philosopher %d: reaching for fork %d", name, second)
            with forks[second]:
                logging.info("Philosopher %d: took fork %d", name, second)
                logging.info("Philosopher %d: eating", name)
                time.sleep({eat})
                logging.info("Philosopher %d: putting forks down", name)


if __name__ == "__main__":
    format = "%(asctime)s: %(message)s"
    logging.basicConfig(format=format, level=logging.INFO, datefmt="%H:%M:%S")

    forks = [threading.Lock() for index in range({philosophers})]
    philosophers = list()
    for name in range({philosophers}):
        x = threading.Thread(target=philosopher, args=(forks, name),
                             name="Philosopher %d" % name)
        philosophers.append(x)
        x.start()
    for x in philosophers:
        x.join()
    logging.info("Main\t:\tevery philosopher has eaten")
