#!/usr/bin/env python3
"""A schedule replays alike in both builds: the one whose lesson threads are threads (the
native CLI) and the threadless one, whose threads are fibers (its CLI, wasm under node).

usage: builds_test.py THREADS_CLI FIBERS_CLI.js

For every lesson at its defaults and at two other parameter sets (lesson_cases.py), a free
run of each build is recorded (--record) and replayed by the other (--schedule): the replay
logs the same messages in the same order, says the same outcome and exits the same way. One
schedule file, read by both: each build's free runs are its own (the operating system's
picks, or the threadless build's random ones), and the other follows them step by step.
"""
import os
import re
import subprocess
import sys
import tempfile
import unittest

from lesson_cases import CASES

BUILDS = {}  # name -> the command that runs its CLI
LOG_LINE = re.compile(r"^\d\d:\d\d:\d\d: (.*)$")


def run(build, lesson, params, speed, *more):
    """The run's messages (without their time of day), its outcome line, and its exit status."""
    settings = [arg for name, value in params.items() for arg in ("--set", f"{name}={value}")]
    result = subprocess.run([*BUILDS[build], "run", lesson, "--speed", str(speed), *settings, *more],
                            capture_output=True, text=True, timeout=120)
    lines = result.stdout.split("\n")
    messages = [m.group(1) for m in map(LOG_LINE.match, lines) if m]
    outcome = [line for line in lines if line.startswith("=> ")]
    return messages, outcome, result.returncode, result.stderr


class ReplayedByTheOtherBuild(unittest.TestCase):
    def test_every_lesson_replays_the_other_builds_free_runs(self):
        lessons = {line.split("\t")[0] for build in BUILDS for line in
                   subprocess.run([*BUILDS[build], "list"], capture_output=True, text=True).stdout.split("\n") if line}
        self.assertEqual({case[0] for case in CASES}, lessons, "every lesson of both builds has its cases")
        with tempfile.TemporaryDirectory() as folder:
            schedule = os.path.join(folder, "schedule")
            for recorder, replayer in (("threads", "fibers"), ("fibers", "threads")):
                for lesson, params, _, speed in CASES:
                    with self.subTest(recorded_by=recorder, lesson=lesson, params=params):
                        free = run(recorder, lesson, params, speed, "--record", schedule)
                        self.assertTrue(free[0], f"the {recorder} build logged nothing: {free[3]}")
                        replay = run(replayer, lesson, params, speed, "--schedule", schedule)
                        self.assertEqual(replay[:3], free[:3], f"{replayer} replaying {recorder}: {replay[3]}")


if __name__ == "__main__":
    if len(sys.argv) != 3 or not sys.argv[2].endswith(".js"):
        sys.exit(__doc__)
    BUILDS["threads"] = [sys.argv[1]]
    BUILDS["fibers"] = ["node", "--no-experimental-fetch", sys.argv[2]]
    unittest.main(argv=sys.argv[:1], verbosity=2)
