#!/usr/bin/env python3
"""The threadlab CLI's contract (DESIGN.md): golden outputs, exit codes, error messages.

usage: cli_test.py PATH/TO/threadlab [--update]

Golden files (golden/*.txt) read like a terminal session: the command, its exit status,
then its output with every HH:MM:SS clock masked. --update rewrites them from the binary.
"""
import json
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = pathlib.Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
LESSONS = HERE.parent.parent / "core" / "lessons"
CLOCK = re.compile(r"^\d\d:\d\d:\d\d: ", re.M)
BINARY = None
UPDATE = False
# What a lesson's source takes for granted: the runtime's names.
PRELUDE = """#include <memory>
#include <random>
#include <string>
#include <vector>
#include "runtime/primitives.h"
using namespace threadlab;
"""


def run(*args, timeout=60):
    return subprocess.run([BINARY, *args], capture_output=True, text=True, timeout=timeout)


def masked(text):
    return CLOCK.sub("HH:MM:SS: ", text)


class Golden(unittest.TestCase):
    """Each lesson whose order of lines is fixed prints exactly its golden output."""

    def test_golden_files(self):
        files = sorted(GOLDEN.glob("*.txt"))
        self.assertGreaterEqual(len(files), 8)
        for path in files:
            with self.subTest(path.name):
                command, status, *expected = path.read_text().split("\n", 2)
                args = command.removeprefix("$ threadlab ").split()
                result = run(*args)
                actual = f"{command}\n[exit {result.returncode}]\n{masked(result.stdout)}"
                if UPDATE:
                    path.write_text(actual)
                    continue
                self.assertEqual(actual, path.read_text(), f"stderr: {result.stderr}")


class Schedules(unittest.TestCase):
    """Every run records its schedule; replaying it gives the same lines; explore counts."""

    def test_a_recorded_free_run_replays_to_the_same_log(self):
        with tempfile.TemporaryDirectory() as folder:
            path = pathlib.Path(folder, "race.schedule")
            args = ("run", "race-condition", "--speed", "1000", "--set", "workers=3",
                    "--set", "updates=5", "--set", "sleep=0")
            recorded = run(*args, "--record", str(path))
            self.assertEqual(recorded.returncode, 0, recorded.stderr)
            replayed = run(*args, "--schedule", str(path))
            self.assertEqual(replayed.returncode, 0, replayed.stderr)
            self.assertEqual(masked(replayed.stdout), masked(recorded.stdout))

    def test_explore_finds_both_endings_of_the_race_and_one_of_the_lock(self):
        race = run("explore", "race-condition", "--set", "sleep=0", timeout=120)
        self.assertEqual(race.returncode, 0, race.stderr)
        self.assertIn(", 2 outcomes\n", race.stdout)
        self.assertIn("expected 2, got 1: one update was lost", race.stdout)
        self.assertIn("expected 2, got 2: no update was lost", race.stdout)
        deadlock = run("explore", "deadlock")
        self.assertIn("1 interleavings, 1 outcome", deadlock.stdout)
        self.assertIn("deadlock: Main waits for Lock 'l' held by Main", deadlock.stdout)

    def test_a_schedule_that_is_not_one_or_does_not_fit_is_refused(self):
        with tempfile.TemporaryDirectory() as folder:
            bad = pathlib.Path(folder, "bad")
            bad.write_text("0x3.nonsense")
            result = run("run", "race-condition", "--schedule", str(bad))
            self.assertEqual(result.returncode, 2)
            self.assertIn("is not a schedule", result.stderr)
            wrong = pathlib.Path(folder, "wrong")
            wrong.write_text("0x3.7x9")
            result = run("run", "race-condition", "--speed", "1000", "--schedule", str(wrong))
            self.assertEqual(result.returncode, 2)
            self.assertIn("does not fit this run", result.stdout)


class Challenges(unittest.TestCase):
    """`levels` lists the campaign; `play` exits 0 when the run meets the level's goal."""

    def test_levels_lists_every_level_with_its_chapter_title_and_goal(self):
        result = run("levels")
        self.assertEqual(result.returncode, 0, result.stderr)
        rows = [line.split("\t") for line in result.stdout.splitlines()]
        self.assertGreaterEqual(len(rows), 16)
        self.assertTrue(all(len(row) == 4 for row in rows), rows)
        self.assertEqual(rows[0][:2], ["lose-an-update", "Races"])
        self.assertIn(["prove-the-lock", "Races", "Prove it: the lock loses nothing",
                       "prove it cannot: lose an update of 'value'"], rows)

    def test_the_explorers_shortest_win_wins_when_played_and_its_fix_does_not(self):
        explored = run("play", "lose-an-update", "--explore", timeout=120)
        self.assertEqual(explored.returncode, 0, explored.stderr)
        self.assertRegex(explored.stdout, r"the shortest win takes \d+ steps")
        with tempfile.TemporaryDirectory() as folder:
            path = pathlib.Path(folder, "win")
            path.write_text(explored.stdout.splitlines()[1])
            won = run("play", "lose-an-update", "--schedule", str(path))
            self.assertEqual(won.returncode, 0, won.stdout)
            self.assertIn("Goal reached at this step: ", won.stdout)
            self.assertIn("=> won: ", won.stdout)
        fixed = run("play", "lose-an-update", "--explore", "--fixed", timeout=120)
        self.assertIn("no interleaving of", fixed.stdout)
        self.assertIn("meets the goal: it cannot be met", fixed.stdout)

    def test_a_run_that_misses_the_goal_exits_1(self):
        result = run("play", "prove-the-lock", "--speed", "1000")
        self.assertEqual(result.returncode, 1, result.stdout)
        self.assertIn("=> not won: the goal was to lose an update of 'value'", result.stdout)

    def test_hint_gives_three_rungs_and_a_prove_it_level_none(self):
        hint = run("play", "two-in-the-section", "--hint", timeout=120)
        self.assertEqual(hint.returncode, 0, hint.stderr)
        lines = hint.stdout.splitlines()
        self.assertRegex(lines[0], r"^1\. let .+ run now$")
        self.assertRegex(lines[1], r"^2\. what matters is ")
        self.assertRegex(lines[2], r"^3\. show me: [0-9x.]+$")
        prove = run("play", "prove-the-lock", "--hint", timeout=120)
        self.assertEqual(prove.returncode, 1)
        self.assertIn("let the explorer prove it", prove.stdout)

    def test_check_judges_the_learners_fix_of_the_race(self):
        refuted = run("check", "lose-an-update", timeout=120)
        self.assertEqual(refuted.returncode, 1, refuted.stderr)
        self.assertIn("refuted: ", refuted.stdout)
        schedule, link = refuted.stdout.splitlines()[1:3]
        self.assertRegex(schedule, r"^schedule: [0-9x.]+$")
        self.assertRegex(link, r"^link: \?lesson=race-condition&.*&schedule=[0-9x.]+$")
        with tempfile.TemporaryDirectory() as folder:  # the witness loses an update when replayed
            path = pathlib.Path(folder, "witness")
            path.write_text(schedule.split(" ")[1])
            replayed = run("play", "lose-an-update", "--schedule", str(path))
            self.assertEqual(replayed.returncode, 0, replayed.stdout)
            self.assertIn("=> won: ", replayed.stdout)
        serialised = run("check", "lose-an-update", "--set", "lock=1", timeout=120)
        self.assertEqual(serialised.returncode, 1, serialised.stderr)
        self.assertRegex(serialised.stdout, r"^over-synchronised: no interleaving of \d+ breaks it, "
                         r"but at most 1 thread works at once, where 2 could: line \d+, `.*Sleep\(0\);`")
        # (proved, exit 0: the core's check_test, which every build runs)
        refused = run("check", "lose-an-update", "--set", "lock=1", "--max-runs", "3", timeout=120)
        self.assertEqual(refused.returncode, 4, refused.stderr)
        self.assertRegex(refused.stdout, r"^refused: about \d+ interleavings, about [0-9.]+ s, more than the 3")


class Contract(unittest.TestCase):
    def test_list_prints_id_tab_title_in_the_seeds_order(self):
        result = run("list")
        self.assertEqual(result.returncode, 0)
        rows = [line.split("\t") for line in result.stdout.splitlines()]
        self.assertEqual(rows[0], ["thread", "Threading - without daemon"])
        self.assertEqual(rows[4], ["race-condition", "Race Conditions"])
        # One lesson a file, core/lessons/NN_id.cpp, and the files' numbers are the seed's order.
        files = sorted(LESSONS.glob("[0-9][0-9]_*.cpp"))
        self.assertEqual([row[0] for row in rows],
                         [path.stem[3:].replace("_", "-") for path in files])

    def test_race_condition_ends_with_one_and_lock_with_two(self):
        race = run("run", "race-condition", "--speed", "2")
        self.assertIn("Testing update. Ending value is 1.", race.stdout)
        lock = run("run", "lock", "--speed", "20")
        self.assertIn("Testing update. Ending value is 2.", lock.stdout)

    def test_deadlock_exits_3_with_an_explanation(self):
        result = run("run", "deadlock", timeout=10)
        self.assertEqual(result.returncode, 3)
        self.assertIn("Deadlock: Main waits for Lock 'l' held by Main", result.stdout)

    def test_jsonl_gives_one_object_a_line_and_a_result(self):
        result = run("run", "daemon", "--speed", "50", "--format", "jsonl")
        self.assertEqual(result.returncode, 0)
        objects = [json.loads(line) for line in result.stdout.splitlines()]
        self.assertEqual(objects[0]["type"], "log")
        self.assertEqual(objects[0]["thread"], "Main")
        self.assertEqual(objects[-1]["type"], "result")
        self.assertEqual(objects[-1]["status"], "finished")
        self.assertNotIn("Thread 1: finishing", [o.get("message") for o in objects])

    def test_trace_is_chrome_trace_event_json(self):
        with tempfile.TemporaryDirectory() as folder:
            path = pathlib.Path(folder) / "trace.json"
            result = run("run", "lock", "--speed", "50", "--trace", str(path))
            self.assertEqual(result.returncode, 0)
            events = json.loads(path.read_text())["traceEvents"]
            names = {e["args"]["name"] for e in events if e["ph"] == "M"}
            self.assertEqual(names, {"Main", "ThreadPoolExecutor-0_0", "ThreadPoolExecutor-0_1"})
            self.assertTrue(any(e["ph"] == "X" and e["name"] == "waiting for a lock" for e in events))

    def test_every_shown_source_is_real_cpp_against_the_runtime(self):
        """What the learner reads compiles against the primitives it names."""
        compiler = shutil.which("c++") or shutil.which("g++")
        self.assertIsNotNone(compiler, "no C++ compiler")
        ids = [line.split("\t")[0] for line in run("list").stdout.splitlines()]
        with tempfile.TemporaryDirectory() as folder:
            for lesson in ids:
                with self.subTest(lesson):
                    shown = run("show", lesson)
                    self.assertEqual(shown.returncode, 0)
                    self.assertNotRegex(shown.stdout, r"\{[a-z_]+\}", "a placeholder was left")
                    path = pathlib.Path(folder) / f"{lesson}.cpp"
                    path.write_text(PRELUDE + shown.stdout)
                    result = subprocess.run(
                        [compiler, "-std=c++20", "-fsyntax-only", "-Wall", "-Werror",
                         "-I", str(HERE.parent.parent / "core"), str(path)],
                        capture_output=True, text=True)
                    self.assertEqual(result.returncode, 0, result.stderr)

    def test_show_uses_the_values_given(self):
        shown = run("show", "race-condition", "--set", "workers=5", "--set", "sleep=0.5")
        self.assertIn("ThreadPoolExecutor executor(5);", shown.stdout)
        self.assertIn("Sleep(0.5);", shown.stdout)

    def test_booleans_take_pythons_spelling_too(self):
        for spelling in ("True", "true"):
            with self.subTest(spelling):
                result = run("run", "daemon", "--speed", "50", "--set", f"join={spelling}")
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertIn("Thread 1\t:\tfinishing", result.stdout)

    def test_an_exception_that_escapes_a_thread_exits_1_as_python_does(self):
        result = run("run", "rlock", "--speed", "50")
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn("Traceback: RuntimeError: cannot release un-acquired lock", result.stdout)
        self.assertEqual(run("run", "rlock", "--speed", "50", "--set", "releases=3").returncode, 0)

    def test_show_prints_the_text_then_code_that_runs_in_either_language(self):
        shown = run("show", "thread")
        self.assertTrue(shown.stdout.startswith("// Threading - without daemon\n//\n// A thread runs"))
        self.assertIn("// What changed from the Python:", shown.stdout)
        python = run("show", "thread", "--python", "--set", "join=true", "--set", "sleep=0.5")
        self.assertTrue(python.stdout.startswith("# Threading - without daemon\n"))
        self.assertIn("    time.sleep(0.5)\n", python.stdout)
        self.assertIn("    if True:\n        x.join()\n", python.stdout)
        compile(python.stdout, "thread.py", "exec")

    def test_jsonl_result_carries_the_outcomes_fields(self):
        result = run("run", "race-condition", "--speed", "2", "--format", "jsonl")
        last = json.loads(result.stdout.splitlines()[-1])
        self.assertEqual(last["outcome_value"]["fields"], {"ending_value": 1, "expected": 2})
        self.assertEqual(last["outcome_value"]["text"], last["outcome"])

    def test_bad_usage_exits_2_and_names_the_problem(self):
        cases = {
            ("run", "nope"): "unknown lesson 'nope'",
            ("run", "race-condition", "--set", "wrokers=2"): "unknown parameter 'wrokers'",
            ("run", "race-condition", "--set", "workers=two"): "workers must be an integer, got 'two'",
            ("run", "race-condition", "--set", "workers=100"): "workers must be between 1 and 32, got 100",
            ("run", "thread", "--set", "daemon=maybe"): "daemon must be true or false, got 'maybe'",
            ("run", "race-condition", "--set", "workers=0x10"): "workers must be an integer, got '0x10'",
            ("run", "race-condition", "--set", "workers= 5"): "workers must be an integer, got ' 5'",
            ("run", "race-condition", "--set", "workers="): "workers must be an integer, got ''",
            ("run", "race-condition", "--set", "sleep=inf"): "sleep must be a number, got 'inf'",
            ("run", "race-condition", "--set", "workers=2", "--set", "workers=3"): "--set workers is given twice",
            ("run", "thread", "--trace", ""): "--trace needs a file name",
            ("run", "thread", "--speed", "0x10"): "--speed must be a number from 0.01 to 1000",
            ("run", "thread", "--set", "sleep"): "--set takes NAME=VALUE",
            ("run", "thread", "--speed", "0"): "--speed must be a number from 0.01 to 1000",
            ("run", "thread", "--speed", "1e-10"): "--speed must be a number from 0.01 to 1000",
            ("run", "thread", "--speed", "fast"): "--speed must be a number from 0.01 to 1000",
            ("run", "thread", "--format", "xml"): "--format must be text or jsonl",
            ("run", "thread", "--sleep", "1"): "unknown option '--sleep'",
            ("run", "thread", "--speed"): "--speed needs a value",
            ("run", "thread", "--trace", "/no-such-folder/trace.json"): "cannot write the trace to",
            ("show", "thread", "--speed", "2"): "unknown option '--speed'",
            ("show",): "show needs a lesson id",
            ("run",): "run needs a lesson id",
            ("walk",): "unknown command 'walk'",
            ("play",): "play needs a level id",
            ("play", "nope"): "unknown level 'nope'",
            ("play", "lose-an-update", "--set", "workers=3"): "unknown option '--set'",
            ("play", "lose-an-update", "--explore", "--hint"): "do not go together",
            ("check", "lose-an-update", "--set", "workers=1"): "only the switches of the level's fix (lock, sleep_first)",
            ("check", "prove-the-lock"): "is a prove-it level",
            ("check",): "check needs a level id",
            ("levels", "extra"): "levels takes no arguments",
            (): "missing command",
        }
        for args, message in cases.items():
            with self.subTest(args=args):
                result = run(*args)
                self.assertEqual(result.returncode, 2)
                self.assertIn(message, result.stderr)
                self.assertEqual(result.stdout, "", "nothing runs on bad input")


if __name__ == "__main__":
    BINARY = sys.argv[1]
    UPDATE = "--update" in sys.argv
    unittest.main(argv=[sys.argv[0], "-v"])
