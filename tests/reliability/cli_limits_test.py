#!/usr/bin/env python3
"""The CLI at its limits.
- SIGINT (Ctrl-C), SIGTERM and SIGHUP end `threadlab run` the same way: the run stops
  cleanly within a second (SECONDS), the result line is printed, the --trace file is complete JSON,
  and the exit status is 130.
- More threads than a lesson allows: refused with the range, exit status 2, nothing runs.

usage: cli_limits_test.py PATH/TO/threadlab [SECONDS]
SECONDS (default 1) bounds the stop; ThreadSanitizer holds a signal back about a second
before it lets the handler run, so its build passes a wider bound.
Ends with "N passed, N failed".
"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

CLI = sys.argv[1]
STOP_WITHIN = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
passed = failed = 0


def check(good, what, detail=""):
    global passed, failed
    if good:
        passed += 1
        print(f"ok   {what}")
    else:
        failed += 1
        print(f"FAIL {what}\n     {detail}".rstrip())


for name in ("SIGINT", "SIGTERM", "SIGHUP"):
    with tempfile.TemporaryDirectory() as work:
        trace = os.path.join(work, "trace.json")
        # A timer of 120 lesson seconds at speed 1: it runs until the signal comes.
        process = subprocess.Popen([CLI, "run", "timer", "--set", "delay=120", "--trace", trace],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(0.5)
        running = process.poll() is None
        sent = time.monotonic()
        process.send_signal(getattr(signal, name))
        try:
            out, err = process.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            out, err = process.communicate()
        took = time.monotonic() - sent
        try:
            with open(trace) as file:
                events = json.load(file)["traceEvents"]
        except (OSError, ValueError, KeyError) as error:
            events = f"unreadable: {error}"
        check(running and process.returncode == 130 and took < STOP_WITHIN,
              f"{name} stops the run: exit status 130 in {took * 1000:.0f} ms",
              f"running before: {running}, status {process.returncode}, stderr: {err[-300:]}")
        check(out.rstrip().endswith("=> stopped before the end"),
              f"{name}: the result line is printed", f"stdout ends: {out[-200:]!r}")
        check(isinstance(events, list) and len(events) > 0,
              f"{name}: the --trace file is complete JSON with the run's events",
              f"trace: {str(events)[:200]}")

for lesson, name in (("semaphore", "threads"), ("thread-pool", "max_workers"),
                     ("producer-consumer-queue", "consumers")):
    result = subprocess.run([CLI, "run", lesson, "--set", f"{name}=100000"],
                            capture_output=True, text=True, timeout=10)
    check(result.returncode == 2 and f"{name} must be between 1 and " in result.stderr
          and result.stdout == "",
          f"{lesson} with {name}=100000 is refused with the range (exit 2), nothing runs",
          f"status {result.returncode}, stderr: {result.stderr[:200]!r}, stdout: {result.stdout[:100]!r}")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
