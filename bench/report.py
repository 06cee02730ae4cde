#!/usr/bin/env python3
"""Turns scripts/bench's measurements into the table it prints and bench/results.md.

usage: report.py RESULTS_DIR OUTPUT_MD

RESULTS_DIR holds one JSON object a line per source: native.jsonl (core_bench),
node.jsonl (core_bench.js under node), fibers-native.jsonl and fibers-node.jsonl (the same,
built with fibers), chromium.jsonl (bench/browser.mjs), python.jsonl (bench/pipeline.py). Every ratio compares figures from the same run of scripts/bench.
"""
import datetime
import json
import os
import pathlib
import platform
import re
import subprocess
import sys

results_dir, output = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])


def load(source, prefix=""):
    path = results_dir / f"{source}.jsonl"
    metrics = {}
    if path.exists():
        for line in path.read_text().splitlines():
            if line.startswith("{"):
                item = json.loads(line)
                if "metric" in item:
                    metrics[item["metric"].removeprefix(prefix)] = item
    return metrics


native, node, python = load("native"), load("node"), load("python")
fibers_native, fibers_node = load("fibers-native"), load("fibers-node")
chromium = load("chromium", "chromium_")
rows = []  # (what, figures, goal, met) ; met is True, False or None (no goal)


def fmt(value, unit=""):
    if value is None:
        return "n/a"
    if abs(value) >= 1000:
        text = f"{value:,.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.2f}"
    return f"{text} {unit}".rstrip()


def value(metrics, name, field="value"):
    item = metrics.get(name)
    return item.get(field) if item else None


def slowdown(name):
    """wasm / native as a factor of time (native rate / wasm rate), node and Chromium."""
    base = value(native, name)
    out = []
    for wasm in (node, chromium):
        rate = value(wasm, name)
        out.append(base / rate if base and rate else None)
    return out


# ---- 1. wasm / native ------------------------------------------------------------------------
def wasm_native(name):
    """The figures of one metric on the three, and the worst wasm/native slowdown."""
    unit = (native.get(name) or {}).get("unit", "")
    on_node, on_chromium = slowdown(name)
    worst = max([r for r in (on_node, on_chromium) if r is not None], default=None)
    figures = (f"native {fmt(value(native, name), unit)}; node {fmt(value(node, name), unit)}; "
               f"Chromium {fmt(value(chromium, name), unit)}; wasm/native "
               f"**{fmt(on_node)}x** node, **{fmt(on_chromium)}x** Chromium")
    return figures, worst


for name, what in [("lock_counter_2", "contended Lock counter, 2 threads"),
                   ("lock_counter_4", "contended Lock counter, 4 threads"),
                   ("queue_pipeline", "bounded Queue producer-consumer"),
                   ("barrier_phases", "Barrier phases, 3 parties"),
                   ("thread_start_join", "thread start + join"),
                   ("gate_step", "one gate step (recorded read)")]:
    figures, worst = wasm_native(name)
    rows.append((f"wasm/native: {what}", figures, "≤ 1.5x", worst is not None and worst <= 1.5))

# The platform's floor: the same work on bare std::mutex and std::thread, with no runtime,
# and the clock that each recorded step reads.
for name, what in [("bare_mutex_counter_2", "bare std::mutex counter, 2 threads"),
                   ("bare_start_join", "bare std::thread start + join"),
                   ("clock_read", "one read of the wall clock")]:
    rows.append((f"the platform's floor: {what} (no ThreadLab)", wasm_native(name)[0], "report", None))

# The threadless build (fibers) beside the threads build, on the same engine: a fibers/threads
# time factor natively and under node. Its budget: a step no slower than the threads build's.
for name, what, goal in [("gate_step", "one gate step (recorded read)", 1.0),
                         ("lock_counter_2", "contended Lock counter, 2 threads", None),
                         ("thread_start_join", "thread start + join", None)]:
    unit = (native.get(name) or {}).get("unit", "")
    factors = []
    for threads, fibers in ((native, fibers_native), (node, fibers_node)):
        base, rate = value(threads, name), value(fibers, name)
        factors.append(base / rate if base and rate else None)
    figures = (f"native: threads {fmt(value(native, name), unit)}, fibers {fmt(value(fibers_native, name), unit)}; "
               f"node: threads {fmt(value(node, name), unit)}, fibers {fmt(value(fibers_node, name), unit)}; "
               f"fibers/threads **{fmt(factors[0])}x** native, **{fmt(factors[1])}x** node")
    met = None if goal is None else all(f is not None and f <= goal for f in factors)
    rows.append((f"threadless/threads: {what}", figures, "≤ 1x" if goal else "report", met))

# ---- 2. Recording overhead -------------------------------------------------------------------
# Natively the process's CPU time counts (on a busy machine wall time is mostly waiting for
# a core); in wasm clock() is wall time, so only wall time is shown.
for label, metrics, field in (("native, CPU time", native, "cpu"), ("native, wall time", native, "value"),
                              ("node, wall time", node, "value"), ("Chromium, wall time", chromium, "value")):
    on, off = value(metrics, "lessons_recorded", field), value(metrics, "lessons_unrecorded", field)
    ratio = on / off if on and off else None
    rows.append((f"recording overhead, {label}: the 13 lessons at full speed, 3 times",
                 f"recorded {fmt(on, 'ms')}, unrecorded {fmt(off, 'ms')}: **{fmt(ratio)}x**",
                 "≤ 1.05x", ratio is not None and ratio <= 1.05))

# ---- 3. Against CPython ----------------------------------------------------------------------
cpython = value(python, "python_pipeline")
version = (python.get("python_pipeline") or {}).get("python", "?")
for label, metrics in (("native", native), ("node", node), ("Chromium", chromium)):
    ours = value(metrics, "queue_pipeline")
    ratio = ours / cpython if ours and cpython else None
    rows.append((f"pipeline vs CPython {version}, {label}",
                 f"ThreadLab {fmt(ours, 'items/s')}, CPython {fmt(cpython, 'items/s')}: "
                 f"**{fmt(ratio)}x** CPython's rate", "report", None))

# ---- 4. The page -----------------------------------------------------------------------------
transfer = chromium.get("page_transfer", {})
if transfer:
    files = ", ".join(f"{f['file']} {fmt(f['gzip'], 'KB')}" for f in transfer["files"])
    later = (f"; after it: {', '.join(transfer['later_files'])}, {fmt(transfer['later_gzip'], 'KB')}"
             if transfer["later_files"] else "")
    rows.append(("page: what it transfers before its first frame, gzip",
                 f"**{fmt(transfer['value'], 'KB')}** ({fmt(transfer['raw'], 'KB')} raw; {files}{later})",
                 "≤ 300 KB", transfer["value"] <= 300))
    rows.append(("page: the same, brotli", f"**{fmt(transfer['brotli'], 'KB')}**", "report", None))
first = chromium.get("page_first_frame", {})
if first:
    phases = ", ".join(f"{p['phase']} {fmt(p['ms'])}" for p in first["phases"])
    rows.append(("page: navigation to first drawn frame (median of 5)",
                 f"**{fmt(first['value'], 'ms')}** (loads: {', '.join(fmt(x) for x in first['loads'])} ms); "
                 f"that load's phases, each ending at its mark, ms: {phases}",
                 "≤ 400 ms", first["value"] <= 400))


fibers_transfer = chromium.get("page_transfer_fibers", {})
if fibers_transfer:
    files = ", ".join(f"{f['file']} {fmt(f['gzip'], 'KB')}" for f in fibers_transfer["files"])
    rows.append(("threadless page (?build=fibers): what it transfers before its first frame, gzip",
                 f"**{fmt(fibers_transfer['value'], 'KB')}** (brotli {fmt(fibers_transfer['brotli'], 'KB')}; {files})",
                 "≤ 350 KB", fibers_transfer["value"] <= 350))
fibers_first = chromium.get("page_first_frame_fibers", {})
if fibers_first:
    rows.append(("threadless page: navigation to first drawn frame (median of 3)",
                 f"**{fmt(fibers_first['value'], 'ms')}**", "≤ 400 ms", fibers_first["value"] <= 400))


def frame_cpu_row(what, stats, over):
    return (f"page: frame CPU time {what}",
            f"p50 {fmt(stats['p50'], 'ms')}, **p95 {fmt(stats['p95'], 'ms')}**, max "
            f"{fmt(stats['max'], 'ms')} over {stats['frames']} frames{over}",
            "p95 ≤ 4 ms", stats["p95"] <= 4)


idle = chromium.get("page_frame_cpu_idle", {})
if idle:
    rows.append(frame_cpu_row("with nothing running (the UI alone)", idle, " in 3 s"))
frames = chromium.get("page_frame_cpu", {})
if frames:
    rows.append(frame_cpu_row(f"while {frames['lesson']} runs", frames, ""))
    rows.append(("page: frames over 50 ms in that run",
                 f"**{frames['over_50ms']}** frames took over 50 ms; {frames['gaps_over_50ms']} gaps "
                 f"between frames over 50 ms (longest {fmt(frames['longest_gap'], 'ms')})",
                 "0", frames["over_50ms"] == 0 and frames["gaps_over_50ms"] == 0))
fibers_frames = chromium.get("page_frame_cpu_fibers", {})
if fibers_frames:
    rows.append(frame_cpu_row(f"of the threadless page while {fibers_frames['lesson']} runs", fibers_frames, ""))

# ---- 5. Timing fidelity ----------------------------------------------------------------------
for name, what in (("sleep_lateness", "Sleep(2 ms)"), ("timer_lateness", "Timer(2 ms)")):
    for label, metrics in (("native", native), ("Chromium", chromium), ("node", node)):
        item = metrics.get(name)
        if not item:
            continue
        good = item["mean"] <= 0.2 and item["p99"] <= 3
        rows.append((f"lateness of {what}, {label} ({item['samples']} samples)",
                     f"mean **{fmt(item['mean'], 'ms')}**, p99 **{fmt(item['p99'], 'ms')}**, "
                     f"max {fmt(item['max'], 'ms')}", "mean ≤ 0.2 ms, p99 ≤ 3 ms", good))


# ---- The report ------------------------------------------------------------------------------
def run(*command):
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=10).stdout.strip()
    except OSError:
        return "?"


cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
            if line.startswith("model name")), platform.processor())
root = pathlib.Path(__file__).resolve().parent.parent
emscripten = re.search(r"\b(\d+\.\d+\.\d+)\b", run("emcc", "--version"))
commit = run("git", "-C", str(root), "rev-parse", "--short", "HEAD")
if run("git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"):
    commit += " (with uncommitted changes)"
header = [
    "# ThreadLab benchmarks",
    "",
    f"- date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC",
    f"- machine: {cpu}, {run('nproc')} cores, {platform.system()} {platform.release()}, load average "
    f"{os.getloadavg()[0]:.1f} (other builds share it)",
    f"- software: {run('node', '--version')} node, {run('chromium', '--version')} (headless, "
    f"SwiftShader), CPython {version}, Emscripten {emscripten.group(1) if emscripten else '?'}",
    f"- commit: {commit}",
    "",
    "Written by `./scripts/bench`; every ratio compares figures measured in that one run.",
    "Rates are the best of 3-5 repetitions. Goals from issue 13; the page's size and first frame, issue 24.",
    "",
    "| what | measured | goal | met |",
    "|---|---|---|---|",
]
table = [f"| {what} | {figures} | {goal} | {'—' if met is None else ('yes' if met else '**no**')} |"
         for what, figures, goal, met in rows]
output.write_text("\n".join(header + table) + "\n")
print("\n".join(header[2:6] + [""] + [f"{'  ' if met is None else ('ok' if met else 'NO')}  {what}: "
                                       f"{figures.replace('**', '')}   (goal {goal})"
                                       for what, figures, goal, met in rows]))
missed = sum(1 for *_, met in rows if met is False)
print(f"\n{len(rows)} figures, {missed} goals missed; written to {output}")
