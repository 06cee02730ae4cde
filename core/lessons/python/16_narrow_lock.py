import logging
import threading
import time


class Account:
    def __init__(self):
        self.balance = {balance}
        self.lock = threading.Lock()

    # Both with the lock held.
    def covers(self, name, amount):
        seen = self.balance
        if seen < amount:
            logging.info("Thread %d: balance %d does not cover %d", name, seen, amount)
            return False
        logging.info("Thread %d: balance %d covers %d", name, seen, amount)
        return True

    def take(self, name, amount):
        left = self.balance - amount
        self.balance = left
        logging.info("Thread %d: withdrew %d, balance %d", name, amount, left)

    def withdraw(self, name, amount):
        if {one_block}:
            with self.lock:  # check and take
                if self.covers(name, amount):
                    time.sleep({think})
                    self.take(name, amount)
            return
        with self.lock:  # check
            enough = self.covers(name, amount)
        # released: from here on, the answer may be out of date
        if not enough:
            return
        time.sleep({think})
        with self.lock:  # take
            self.take(name, amount)


if __name__ == "__main__":
    format = "%(asctime)s: %(message)s"
    logging.basicConfig(format=format, level=logging.INFO, datefmt="%H:%M:%S")

    account = Account()
    logging.info("Starting balance is %d.", account.balance)
    threads = list()
    for name in range(2):
        x = threading.Thread(target=account.withdraw, args=(name, {amount}))
        threads.append(x)
        x.start()
    for thread in threads:
        thread.join()
    logging.info("Ending balance is %d.", account.balance)
