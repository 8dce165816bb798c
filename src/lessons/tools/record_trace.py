"""Records when each task and thread of a Python program ran, as a Chrome trace that
Interleave imports (and Perfetto opens).

    python3 record_trace.py lesson.py trace.json

The program runs unchanged, and prints what it always prints. Each asyncio task gets a
lane, with a "running" span for every step the event loop gave it; each thread gets a
lane, "running" while it executes Python (or waits for the GIL: CPython does not say
which) and "waiting on I/O" inside time.sleep.
"""
import asyncio
import json
import os
import runpy
import sys
import threading
import time

_events = []
_lanes = {}
_lock = threading.Lock()
_start = time.perf_counter()
_sleep = time.sleep


def _now():
    return (time.perf_counter() - _start) * 1e6


def _lane(name):
    with _lock:
        if name not in _lanes:
            _lanes[name] = len(_lanes)
            _events.append({"name": "thread_name", "ph": "M", "pid": 1,
                            "tid": _lanes[name], "args": {"name": name}})
        return _lanes[name]


def _span(name, state, start, end):
    tid = _lane(name)
    with _lock:
        _events.append({"name": state, "ph": "X", "pid": 1, "tid": tid, "ts": round(start, 1),
                        "dur": round(max(end - start, 0.0), 1), "args": {"state": state}})


# asyncio: a task runs in steps, each one callback of the event loop. The tasks
# asyncio.run makes for itself on the way out (shutting down async generators and
# the default executor) are asyncio's, not the program's, and are left out.
_run_handle = asyncio.events.Handle._run
_asyncio_dir = os.path.dirname(asyncio.__file__)


def _programs_task(task):
    code = getattr(task.get_coro(), "cr_code", None)
    return code is None or not code.co_filename.startswith(_asyncio_dir)


def _timed_run(handle):
    task = getattr(handle._callback, "__self__", None)
    if not isinstance(task, asyncio.Task) or not _programs_task(task):
        return _run_handle(handle)
    start = _now()
    try:
        return _run_handle(handle)
    finally:
        _span(task.get_name(), "running", start, _now())


asyncio.events.Handle._run = _timed_run

# Threads: running from start to end, except inside time.sleep. The main thread's
# lane is named after the thread, as Interleave names it.
_running_since = {}


def _timed_sleep(seconds):
    name = threading.current_thread().name
    start = _now()
    if name in _running_since:
        _span(name, "running", _running_since[name], start)
    try:
        _sleep(seconds)
    finally:
        end = _now()
        _span(name, "waiting on I/O", start, end)
        _running_since[name] = end


time.sleep = _timed_sleep
_thread_run = threading.Thread.run


def _timed_thread_run(thread):
    _running_since[thread.name] = _now()
    try:
        _thread_run(thread)
    finally:
        _span(thread.name, "running", _running_since.pop(thread.name), _now())


threading.Thread.run = _timed_thread_run


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: python3 record_trace.py PROGRAM.py TRACE.json")
    program, out = sys.argv[1], sys.argv[2]
    sys.argv = [program]
    try:
        runpy.run_path(program, run_name="__main__")
    finally:
        with open(out, "w") as f:
            json.dump({"traceEvents": _events}, f)


main()
