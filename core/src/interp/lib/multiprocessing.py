# Interleave's bundled `multiprocessing`, written after CPython 3.11's
# Lib/multiprocessing (process.py, context.py, popen_spawn_posix.py), for the one
# start method this page runs: spawn.
#
# A process here is a whole interpreter with its own heap, as in CPython. `start()`
# pickles the Process object (its class and attributes) and the driver starts a
# fresh interpreter that imports the program as `__mp_main__`, unpickles the object
# and calls its `run()`; only pickled values ever pass between two processes. `join()`
# waits on a lock the driver releases when the child ends.
import os
import sys
import threading
import _interleave

__all__ = [
    "Process", "current_process", "active_children", "parent_process", "cpu_count",
    "set_start_method", "get_start_method", "get_all_start_methods", "get_context",
    "ProcessError", "TimeoutError", "freeze_support",
]


class ProcessError(Exception):
    pass


class BufferTooShort(ProcessError):
    pass


class TimeoutError(ProcessError):
    pass


class AuthenticationError(ProcessError):
    pass


_exitcode_to_name = {-1: "SIGHUP", -2: "SIGINT", -9: "SIGKILL", -15: "SIGTERM"}

# What stays behind when a Process object is pickled for its child.
_LOCAL = ("_popen", "_pid", "_sentinel", "_exitcode")

_children = set()


def _cleanup():
    for p in list(_children):
        if p._popen is not None and _interleave.process_exitcode(p._pid) is not None:
            _children.discard(p)


class BaseProcess:
    def _Popen(self):
        raise NotImplementedError

    def __init__(self, group=None, target=None, name=None, args=(), kwargs={}, *, daemon=None):
        assert group is None, "group argument must be None for now"
        _current_process._counter += 1
        count = _current_process._counter
        self._identity = _current_process._identity + (count,)
        self._parent_pid = os.getpid()
        self._parent_name = _current_process.name
        self._popen = None
        self._pid = None
        self._sentinel = None
        self._closed = False
        self._target = target
        self._args = tuple(args)
        self._kwargs = dict(kwargs)
        self._daemonic = False if daemon is None else daemon
        self._counter = 0
        if name is None:
            name = type(self).__name__ + "-" + ":".join(str(i) for i in self._identity)
        self._name = name

    def _check_closed(self):
        if self._closed:
            raise ValueError("process object is closed")

    def run(self):
        if self._target:
            self._target(*self._args, **self._kwargs)

    def start(self):
        self._check_closed()
        assert self._popen is None, "cannot start a process twice"
        assert self._parent_pid == os.getpid(), \
            "can only start a process object created by current process"
        assert not _current_process._daemonic, \
            "daemonic processes are not allowed to have children"
        _cleanup()
        _check_start_method(self)
        state = _interleave.instance_state(self, _LOCAL)
        self._pid, self._sentinel = _interleave.process_start(
            (type(self), state), self._name, self._daemonic
        )
        self._popen = True
        _children.add(self)

    def terminate(self):
        self._check_closed()
        if self._popen is not None:
            _interleave.process_kill(self._pid, -15)

    def kill(self):
        self._check_closed()
        if self._popen is not None:
            _interleave.process_kill(self._pid, -9)

    def join(self, timeout=None):
        self._check_closed()
        assert self._parent_pid == os.getpid(), "can only join a child process"
        assert self._popen is not None, "can only join a started process"
        if timeout is None:
            got = self._sentinel.acquire()
        else:
            got = self._sentinel.acquire(True, max(timeout, 0))
        if got:
            self._sentinel.release()
        if _interleave.process_exitcode(self._pid) is not None:
            _children.discard(self)

    def is_alive(self):
        self._check_closed()
        if self is _current_process:
            return True
        assert self._parent_pid == os.getpid(), "can only test a child process"
        if self._popen is None:
            return False
        if _interleave.process_exitcode(self._pid) is None:
            return True
        _children.discard(self)
        return False

    def close(self):
        if self._popen is not None:
            if _interleave.process_exitcode(self._pid) is None:
                raise ValueError(
                    "Cannot close a process while it is still running. "
                    "You should first call join() or terminate()."
                )
        _children.discard(self)
        self._closed = True

    @property
    def name(self):
        return self._name

    @name.setter
    def name(self, name):
        assert isinstance(name, str), "name must be a string"
        self._name = name

    @property
    def daemon(self):
        return self._daemonic

    @daemon.setter
    def daemon(self, daemonic):
        assert self._popen is None, "process has already started"
        self._daemonic = daemonic

    @property
    def exitcode(self):
        self._check_closed()
        if self._popen is None:
            return None
        return _interleave.process_exitcode(self._pid)

    @property
    def ident(self):
        self._check_closed()
        if self is _current_process:
            return os.getpid()
        return self._pid

    pid = ident

    @property
    def sentinel(self):
        self._check_closed()
        raise NotImplementedError("this page has no file descriptors: join() the process instead")

    def __repr__(self):
        exitcode = None
        if self is _current_process:
            status = "started"
        elif self._closed:
            status = "closed"
        elif self._parent_pid != os.getpid():
            status = "unknown"
        elif self._popen is None:
            status = "initial"
        else:
            exitcode = _interleave.process_exitcode(self._pid)
            if exitcode is not None:
                status = "stopped"
            else:
                status = "started"
        info = [type(self).__name__, "name=%r" % self._name]
        if self._popen is not None:
            info.append("pid=%s" % self._pid)
        info.append("parent=%s" % self._parent_pid)
        info.append(status)
        if exitcode is not None:
            exitcode = _exitcode_to_name.get(exitcode, exitcode)
            info.append("exitcode=%s" % exitcode)
        if self.daemon:
            info.append("daemon")
        return "<%s>" % " ".join(info)


class Process(BaseProcess):
    pass


class SpawnProcess(BaseProcess):
    _start_method = "spawn"


class _MainProcess(BaseProcess):
    def __init__(self):
        self._identity = ()
        self._name = "MainProcess"
        self._parent_pid = None
        self._popen = None
        self._pid = None
        self._closed = False
        self._daemonic = False
        self._counter = 0

    def close(self):
        pass


_current_process = _MainProcess()


def current_process():
    return _current_process


def parent_process():
    return _parent_process


_parent_process = None


def active_children():
    _cleanup()
    return list(_children)


def cpu_count():
    return os.cpu_count()


def freeze_support():
    pass


# ----- start methods -----

_start_method = None
_UNSUPPORTED_METHOD = (
    "this page starts processes with 'spawn' only: a child is a fresh interpreter "
    "that imports the program again, as on macOS and Windows"
)


def _check_start_method(process):
    if _start_method is None and getattr(process, "_start_method", None) is None:
        _interleave.note(
            "This page starts processes as 'spawn' does, the default on macOS and "
            "Windows. Python 3.11 on Linux forks by default, and a forked child starts "
            "as a copy of its parent instead of importing the program again. Call "
            "multiprocessing.set_start_method(\"spawn\") to get this behaviour everywhere."
        )


def set_start_method(method, force=False):
    global _start_method
    if _start_method is not None and not force:
        raise RuntimeError("context has already been set")
    if method is None and force:
        _start_method = None
        return
    if method not in ("fork", "spawn", "forkserver"):
        raise ValueError("cannot find context for %r" % method)
    if method != "spawn":
        raise NotImplementedError(_UNSUPPORTED_METHOD)
    _start_method = method


def get_start_method(allow_none=False):
    if _start_method is None and allow_none:
        return None
    return "spawn"


def get_all_start_methods():
    return ["spawn"]


class SpawnContext:
    _name = "spawn"
    Process = SpawnProcess
    ProcessError = ProcessError
    TimeoutError = TimeoutError

    def get_start_method(self, allow_none=False):
        return "spawn"

    def cpu_count(self):
        return os.cpu_count()

    def current_process(self):
        return _current_process

    def active_children(self):
        return active_children()

    def __repr__(self):
        return "<multiprocessing.context.SpawnContext object at 0x7f3a2c1e5f10>"


_spawn_context = SpawnContext()


def get_context(method=None):
    if method is None:
        return _spawn_context
    if method not in ("fork", "spawn", "forkserver"):
        raise ValueError("cannot find context for %r" % method)
    if method != "spawn":
        raise NotImplementedError(_UNSUPPORTED_METHOD)
    return _spawn_context


def _unsupported(name):
    def refuse(*args, **kwargs):
        raise NotImplementedError(
            "multiprocessing.%s is not run on this page: processes here share nothing but "
            "what ProcessPoolExecutor and Process arguments pickle" % name
        )
    refuse.__name__ = name
    return refuse


Queue = _unsupported("Queue")
JoinableQueue = _unsupported("JoinableQueue")
SimpleQueue = _unsupported("SimpleQueue")
Pipe = _unsupported("Pipe")
Manager = _unsupported("Manager")
Pool = _unsupported("Pool")
Value = _unsupported("Value")
Array = _unsupported("Array")
Lock = _unsupported("Lock")
RLock = _unsupported("RLock")
Event = _unsupported("Event")
Semaphore = _unsupported("Semaphore")
Barrier = _unsupported("Barrier")
Condition = _unsupported("Condition")


# ----- between processes -----

def _recv(channel):
    # A channel's next message: a thread waits on a lock the driver releases when
    # the message has been delivered to this process.
    while True:
        ok, obj = _interleave.channel_take(channel)
        if ok:
            return obj
        _interleave.channel_want(channel).acquire()


def _exit_function():
    # What CPython's atexit hook does at the parent's exit: daemonic children are
    # terminated, the others joined.
    for p in active_children():
        if p.daemon:
            p.terminate()
    for p in active_children():
        p.join()


threading._exit_hooks.append(_exit_function)


def _child_main():
    # A spawned child, once `__mp_main__` is imported: become the Process object the
    # parent pickled, and run it.
    global _current_process, _parent_process
    cls, state = _interleave.process_payload()
    process = _interleave.instance_restore(cls, state)
    process._popen = None
    process._counter = 0
    parent = _MainProcess()
    parent._name = process._parent_name
    parent._pid = process._parent_pid
    _parent_process = parent
    _current_process = process
    exitcode = 0
    try:
        process.run()
    except SystemExit as e:
        if e.code is None:
            exitcode = 0
        elif isinstance(e.code, int):
            exitcode = e.code
        else:
            sys.stderr.write(str(e.code) + "\n")
            exitcode = 1
    except BaseException as e:
        exitcode = 1
        sys.stderr.write("Process %s:\n" % process.name)
        sys.stderr.write(_interleave.format_exception(e))
    _interleave.process_set_exitcode(exitcode)
