#!/usr/bin/env python3
"""The tutorial's producer-consumer pipeline in CPython: one producer thread puts N
messages into a bounded queue.Queue (maxsize 10), one consumer thread gets them. The same
pipeline as core_bench's queue_pipeline, for scripts/bench's comparison.

usage: pipeline.py [ITEMS]      prints {"metric": "python_pipeline", "value": items/s, ...}
"""
import json
import queue
import sys
import threading
import time

ITEMS = int(sys.argv[1]) if len(sys.argv) > 1 else 20000


def run_once():
    pipeline = queue.Queue(maxsize=10)

    def producer():
        for message in range(ITEMS):
            pipeline.put(message)

    def consumer():
        for expected in range(ITEMS):
            if pipeline.get() != expected:
                raise SystemExit("out of order")

    threads = [threading.Thread(target=producer), threading.Thread(target=consumer)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - start


best = min(run_once() for _ in range(3))
print(json.dumps({"metric": "python_pipeline", "value": ITEMS / best, "unit": "items/s",
                  "python": sys.version.split()[0]}))
