# Interleave's bundled `concurrent.futures`, written after CPython 3.11's
# Lib/concurrent/futures/_base.py and thread.py: futures guarded by a Condition, and a
# ThreadPoolExecutor that starts a worker per submit until max_workers, reuses idle
# ones, and feeds them from one FIFO queue.
import threading
import queue
import os
import time
import sys

FIRST_COMPLETED = "FIRST_COMPLETED"
FIRST_EXCEPTION = "FIRST_EXCEPTION"
ALL_COMPLETED = "ALL_COMPLETED"
_AS_COMPLETED = "_AS_COMPLETED"

PENDING = "PENDING"
RUNNING = "RUNNING"
CANCELLED = "CANCELLED"
CANCELLED_AND_NOTIFIED = "CANCELLED_AND_NOTIFIED"
FINISHED = "FINISHED"

_STATE_TO_DESCRIPTION_MAP = {
    PENDING: "pending",
    RUNNING: "running",
    CANCELLED: "cancelled",
    CANCELLED_AND_NOTIFIED: "cancelled",
    FINISHED: "finished",
}


class Error(Exception):
    pass


class CancelledError(Error):
    pass


TimeoutError = TimeoutError


class InvalidStateError(Error):
    pass


class BrokenExecutor(RuntimeError):
    pass


class _Waiter:
    def __init__(self):
        self.event = threading.Event()
        self.finished_futures = []

    def add_result(self, future):
        self.finished_futures.append(future)

    def add_exception(self, future):
        self.finished_futures.append(future)

    def add_cancelled(self, future):
        self.finished_futures.append(future)


class _AsCompletedWaiter(_Waiter):
    def __init__(self):
        super().__init__()
        self.lock = threading.Lock()

    def add_result(self, future):
        with self.lock:
            super().add_result(future)
            self.event.set()

    def add_exception(self, future):
        with self.lock:
            super().add_exception(future)
            self.event.set()

    def add_cancelled(self, future):
        with self.lock:
            super().add_cancelled(future)
            self.event.set()


class _FirstCompletedWaiter(_Waiter):
    def add_result(self, future):
        super().add_result(future)
        self.event.set()

    def add_exception(self, future):
        super().add_exception(future)
        self.event.set()

    def add_cancelled(self, future):
        super().add_cancelled(future)
        self.event.set()


class _AllCompletedWaiter(_Waiter):
    def __init__(self, num_pending_calls, stop_on_exception):
        self.num_pending_calls = num_pending_calls
        self.stop_on_exception = stop_on_exception
        self.lock = threading.Lock()
        super().__init__()

    def _decrement_pending_calls(self):
        with self.lock:
            self.num_pending_calls -= 1
            if not self.num_pending_calls:
                self.event.set()

    def add_result(self, future):
        super().add_result(future)
        self._decrement_pending_calls()

    def add_exception(self, future):
        super().add_exception(future)
        if self.stop_on_exception:
            self.event.set()
        else:
            self._decrement_pending_calls()

    def add_cancelled(self, future):
        super().add_cancelled(future)
        self._decrement_pending_calls()


class _AcquireFutures:
    def __init__(self, futures):
        self.futures = sorted(futures, key=id)

    def __enter__(self):
        for future in self.futures:
            future._condition.acquire()

    def __exit__(self, *args):
        for future in self.futures:
            future._condition.release()


def _create_and_install_waiters(fs, return_when):
    if return_when == _AS_COMPLETED:
        waiter = _AsCompletedWaiter()
    elif return_when == FIRST_COMPLETED:
        waiter = _FirstCompletedWaiter()
    else:
        pending_count = sum(f._state not in [CANCELLED_AND_NOTIFIED, FINISHED] for f in fs)
        if return_when == FIRST_EXCEPTION:
            waiter = _AllCompletedWaiter(pending_count, stop_on_exception=True)
        elif return_when == ALL_COMPLETED:
            waiter = _AllCompletedWaiter(pending_count, stop_on_exception=False)
        else:
            raise ValueError("Invalid return condition: " + repr(return_when))
    for f in fs:
        f._waiters.append(waiter)
    return waiter


def _yield_finished_futures(fs, waiter, ref_collect):
    while fs:
        f = fs[-1]
        for futures_set in ref_collect:
            futures_set.remove(f)
        with f._condition:
            f._waiters.remove(waiter)
        del f
        yield fs.pop()


def as_completed(fs, timeout=None):
    if timeout is not None:
        end_time = timeout + time.monotonic()
    fs = set(fs)
    total_futures = len(fs)
    with _AcquireFutures(fs):
        finished = set(f for f in fs if f._state in [CANCELLED_AND_NOTIFIED, FINISHED])
        pending = fs - finished
        waiter = _create_and_install_waiters(fs, _AS_COMPLETED)
    finished = list(finished)
    try:
        yield from _yield_finished_futures(finished, waiter, ref_collect=(fs,))
        while pending:
            if timeout is None:
                wait_timeout = None
            else:
                wait_timeout = end_time - time.monotonic()
                if wait_timeout < 0:
                    raise TimeoutError(f"{len(pending)} (of {total_futures}) futures unfinished")
            waiter.event.wait(wait_timeout)
            with waiter.lock:
                finished = waiter.finished_futures
                waiter.finished_futures = []
                waiter.event.clear()
            finished.reverse()
            yield from _yield_finished_futures(finished, waiter, ref_collect=(fs, pending))
    finally:
        for f in fs:
            with f._condition:
                f._waiters.remove(waiter)


class DoneAndNotDoneFutures:
    def __init__(self, done, not_done):
        self.done = done
        self.not_done = not_done

    def __iter__(self):
        return iter((self.done, self.not_done))

    def __getitem__(self, index):
        return (self.done, self.not_done)[index]

    def __len__(self):
        return 2

    def __repr__(self):
        return f"DoneAndNotDoneFutures(done={self.done!r}, not_done={self.not_done!r})"


def wait(fs, timeout=None, return_when=ALL_COMPLETED):
    fs = set(fs)
    with _AcquireFutures(fs):
        done = {f for f in fs if f._state in [CANCELLED_AND_NOTIFIED, FINISHED]}
        not_done = fs - done
        if (return_when == FIRST_COMPLETED) and done:
            return DoneAndNotDoneFutures(done, not_done)
        elif (return_when == FIRST_EXCEPTION) and done:
            if any(f for f in done if not f.cancelled() and f.exception() is not None):
                return DoneAndNotDoneFutures(done, not_done)
        if len(done) == len(fs):
            return DoneAndNotDoneFutures(done, not_done)
        waiter = _create_and_install_waiters(fs, return_when)
    waiter.event.wait(timeout)
    for f in fs:
        with f._condition:
            f._waiters.remove(waiter)
    done.update(waiter.finished_futures)
    return DoneAndNotDoneFutures(done, fs - done)


def _result_or_cancel(fut, timeout=None):
    try:
        return fut.result(timeout)
    finally:
        fut.cancel()


class Future:
    def __init__(self):
        self._condition = threading.Condition()
        self._state = PENDING
        self._result = None
        self._exception = None
        self._waiters = []
        self._done_callbacks = []

    def _invoke_callbacks(self):
        for callback in self._done_callbacks:
            try:
                callback(self)
            except Exception as exc:
                sys.stderr.write(f"exception calling callback for {self!r}\n")
                import _interleave
                sys.stderr.write(_interleave.format_exception(exc))

    def __repr__(self):
        with self._condition:
            if self._state == FINISHED:
                if self._exception:
                    return f"<Future at {hex(id(self))} state={_STATE_TO_DESCRIPTION_MAP[self._state]} raised {type(self._exception).__name__}>"
                return f"<Future at {hex(id(self))} state={_STATE_TO_DESCRIPTION_MAP[self._state]} returned {type(self._result).__name__}>"
            return f"<Future at {hex(id(self))} state={_STATE_TO_DESCRIPTION_MAP[self._state]}>"

    def cancel(self):
        with self._condition:
            if self._state in [RUNNING, FINISHED]:
                return False
            if self._state in [CANCELLED, CANCELLED_AND_NOTIFIED]:
                return True
            self._state = CANCELLED
            self._condition.notify_all()
        self._invoke_callbacks()
        return True

    def cancelled(self):
        with self._condition:
            return self._state in [CANCELLED, CANCELLED_AND_NOTIFIED]

    def running(self):
        with self._condition:
            return self._state == RUNNING

    def done(self):
        with self._condition:
            return self._state in [CANCELLED, CANCELLED_AND_NOTIFIED, FINISHED]

    def _get_result(self):
        if self._exception:
            raise self._exception
        return self._result

    def add_done_callback(self, fn):
        with self._condition:
            if self._state not in [CANCELLED, CANCELLED_AND_NOTIFIED, FINISHED]:
                self._done_callbacks.append(fn)
                return
        try:
            fn(self)
        except Exception as exc:
            sys.stderr.write(f"exception calling callback for {self!r}\n")

    def result(self, timeout=None):
        with self._condition:
            if self._state in [CANCELLED, CANCELLED_AND_NOTIFIED]:
                raise CancelledError()
            elif self._state == FINISHED:
                return self._get_result()
            self._condition.wait(timeout)
            if self._state in [CANCELLED, CANCELLED_AND_NOTIFIED]:
                raise CancelledError()
            elif self._state == FINISHED:
                return self._get_result()
            else:
                raise TimeoutError()

    def exception(self, timeout=None):
        with self._condition:
            if self._state in [CANCELLED, CANCELLED_AND_NOTIFIED]:
                raise CancelledError()
            elif self._state == FINISHED:
                return self._exception
            self._condition.wait(timeout)
            if self._state in [CANCELLED, CANCELLED_AND_NOTIFIED]:
                raise CancelledError()
            elif self._state == FINISHED:
                return self._exception
            else:
                raise TimeoutError()

    def set_running_or_notify_cancel(self):
        with self._condition:
            if self._state == CANCELLED:
                self._state = CANCELLED_AND_NOTIFIED
                for waiter in self._waiters:
                    waiter.add_cancelled(self)
                return False
            elif self._state == PENDING:
                self._state = RUNNING
                return True
            else:
                raise RuntimeError("Future in unexpected state")

    def set_result(self, result):
        with self._condition:
            if self._state in {CANCELLED, CANCELLED_AND_NOTIFIED, FINISHED}:
                raise InvalidStateError(f"{self._state}: {self!r}")
            self._result = result
            self._state = FINISHED
            for waiter in self._waiters:
                waiter.add_result(self)
            self._condition.notify_all()
        self._invoke_callbacks()

    def set_exception(self, exception):
        with self._condition:
            if self._state in {CANCELLED, CANCELLED_AND_NOTIFIED, FINISHED}:
                raise InvalidStateError(f"{self._state}: {self!r}")
            self._exception = exception
            self._state = FINISHED
            for waiter in self._waiters:
                waiter.add_exception(self)
            self._condition.notify_all()
        self._invoke_callbacks()


class Executor:
    def submit(self, fn, /, *args, **kwargs):
        raise NotImplementedError()

    def map(self, fn, *iterables, timeout=None, chunksize=1):
        if timeout is not None:
            end_time = timeout + time.monotonic()
        fs = [self.submit(fn, *args) for args in zip(*iterables)]

        def result_iterator():
            try:
                fs.reverse()
                while fs:
                    if timeout is None:
                        yield _result_or_cancel(fs.pop())
                    else:
                        yield _result_or_cancel(fs.pop(), end_time - time.monotonic())
            finally:
                for future in fs:
                    future.cancel()

        return result_iterator()

    def shutdown(self, wait=True, *, cancel_futures=False):
        pass

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.shutdown(wait=True)
        return False


_threads_queues = {}
_shutdown = False
_global_shutdown_lock = threading.Lock()


def _python_exit():
    global _shutdown
    with _global_shutdown_lock:
        _shutdown = True
    items = list(_threads_queues.items())
    for t, q in items:
        q.put(None)
    for t, q in items:
        t.join()


threading._register_atexit(_python_exit)


class _WorkItem:
    def __init__(self, future, fn, args, kwargs):
        self.future = future
        self.fn = fn
        self.args = args
        self.kwargs = kwargs

    def run(self):
        if not self.future.set_running_or_notify_cancel():
            return
        try:
            result = self.fn(*self.args, **self.kwargs)
        except BaseException as exc:
            self.future.set_exception(exc)
        else:
            self.future.set_result(result)


def _worker(executor_reference, work_queue, initializer, initargs):
    if initializer is not None:
        try:
            initializer(*initargs)
        except BaseException:
            executor = executor_reference()
            if executor is not None:
                executor._initializer_failed()
            return
    while True:
        work_item = work_queue.get(block=True)
        if work_item is not None:
            work_item.run()
            del work_item
            executor = executor_reference()
            if executor is not None:
                executor._idle_semaphore.release()
            del executor
            continue
        executor = executor_reference()
        if _shutdown or executor is None or executor._shutdown:
            if executor is not None:
                executor._shutdown = True
            work_queue.put(None)
            return
        del executor


class BrokenThreadPool(BrokenExecutor):
    pass


_pool_counter = 0


class ThreadPoolExecutor(Executor):
    def __init__(self, max_workers=None, thread_name_prefix="", initializer=None, initargs=()):
        global _pool_counter
        if max_workers is None:
            max_workers = min(32, (os.cpu_count() or 1) + 4)
        if max_workers <= 0:
            raise ValueError("max_workers must be greater than 0")
        if initializer is not None and not callable(initializer):
            raise TypeError("initializer must be a callable")
        self._max_workers = max_workers
        self._work_queue = queue.SimpleQueue()
        self._work_queue._kind = "the pool's work queue"
        self._idle_semaphore = threading.Semaphore(0)
        self._threads = set()
        self._broken = False
        self._shutdown = False
        self._shutdown_lock = threading.Lock()
        if thread_name_prefix:
            self._thread_name_prefix = thread_name_prefix
        else:
            self._thread_name_prefix = "ThreadPoolExecutor-" + str(_pool_counter)
            _pool_counter += 1
        self._initializer = initializer
        self._initargs = initargs

    def submit(self, fn, /, *args, **kwargs):
        with self._shutdown_lock, _global_shutdown_lock:
            if self._broken:
                raise BrokenThreadPool(self._broken)
            if self._shutdown:
                raise RuntimeError("cannot schedule new futures after shutdown")
            if _shutdown:
                raise RuntimeError("cannot schedule new futures after interpreter shutdown")
            f = Future()
            w = _WorkItem(f, fn, args, kwargs)
            self._work_queue.put(w)
            self._adjust_thread_count()
            return f

    def _adjust_thread_count(self):
        if self._idle_semaphore.acquire(timeout=0):
            return
        num_threads = len(self._threads)
        if num_threads < self._max_workers:
            thread_name = f"{self._thread_name_prefix}_{num_threads}"
            executor = self
            t = threading.Thread(
                name=thread_name,
                target=_worker,
                args=(lambda: executor, self._work_queue, self._initializer, self._initargs),
            )
            t.start()
            self._threads.add(t)
            _threads_queues[t] = self._work_queue

    def _initializer_failed(self):
        with self._shutdown_lock:
            self._broken = "A thread initializer failed, the thread pool is not usable anymore"
            while True:
                try:
                    work_item = self._work_queue.get_nowait()
                except queue.Empty:
                    break
                if work_item is not None:
                    work_item.future.set_exception(BrokenThreadPool(self._broken))

    def shutdown(self, wait=True, *, cancel_futures=False):
        with self._shutdown_lock:
            self._shutdown = True
            if cancel_futures:
                while True:
                    try:
                        work_item = self._work_queue.get_nowait()
                    except queue.Empty:
                        break
                    if work_item is not None:
                        work_item.future.cancel()
            self._work_queue.put(None)
        if wait:
            for t in self._threads:
                t.join()


class BrokenProcessPool(BrokenExecutor):
    pass


# A process pool, after CPython 3.11's Lib/concurrent/futures/process.py, on the
# page's processes (`multiprocessing`, spawn). Work moves as there: `submit` queues a
# work id and wakes the manager thread, which moves calls to the call queue while
# fewer than max_workers + 1 wait there, and sets each future from the result queue;
# workers are started one per submit while none is idle, up to max_workers. The two
# queues are channels between processes; what they carry is pickled.
EXTRA_QUEUED_CALLS = 1
_global_shutdown = False
_manager_threads = {}


class _RemoteTraceback(Exception):
    def __init__(self, tb):
        self.tb = tb

    def __str__(self):
        return self.tb


def _process_chunk(fn, chunk):
    return [fn(*args) for args in chunk]


def _sendback_result(result_queue, work_id, result=None, exception=None, tb=None):
    import _interleave
    try:
        _interleave.channel_send(result_queue, ("result", work_id, exception, result, tb))
    except BaseException as e:
        tb = _interleave.format_exception(e)
        _interleave.channel_send(result_queue, ("result", work_id, e, None, tb))


def _process_worker(call_queue, result_queue, initializer, initargs, max_tasks=None):
    import _interleave
    import multiprocessing
    if initializer is not None:
        try:
            initializer(*initargs)
        except BaseException as e:
            sys.stderr.write("Exception in initializer:\n" + _interleave.format_exception(e))
            _interleave.channel_send(result_queue, ("broken", os.getpid(), None, None, None))
            return
    while True:
        try:
            call_item = multiprocessing._recv(call_queue)
        except BaseException as e:
            # CPython's worker dies unpickling the call, and the pool breaks.
            sys.stderr.write("Process %s:\n" % multiprocessing.current_process().name)
            sys.stderr.write(_interleave.format_exception(e))
            _interleave.channel_send(result_queue, ("broken", os.getpid(), None, None, None))
            _interleave.process_set_exitcode(1)
            return
        if call_item is None:
            _interleave.channel_send(result_queue, ("exit", os.getpid(), None, None, None))
            return
        work_id, fn, args, kwargs = call_item
        try:
            r = fn(*args, **kwargs)
        except BaseException as e:
            _sendback_result(result_queue, work_id, exception=e,
                             tb=_interleave.format_exception(e))
        else:
            _sendback_result(result_queue, work_id, result=r)
            del r
        del call_item


class _ExecutorManagerThread(threading.Thread):
    def __init__(self, executor):
        self.executor = executor
        self.processes = executor._processes
        self.call_queue = executor._call_queue
        self.result_queue = executor._result_queue
        self.work_ids_queue = executor._work_ids
        self.pending_work_items = executor._pending_work_items
        super().__init__()

    def run(self):
        import multiprocessing
        executor = self.executor
        while True:
            self.add_call_item_to_queue()
            message = multiprocessing._recv(self.result_queue)
            kind = message[0]
            if kind == "broken":
                self.terminate_broken()
                return
            if kind == "result":
                executor._in_flight -= 1
                _, work_id, exc, result, tb = message
                work_item = self.pending_work_items.pop(work_id, None)
                if work_item is not None:
                    if exc is not None:
                        exc.__cause__ = _RemoteTraceback('\n"""\n' + tb + '"""')
                        work_item.future.set_exception(exc)
                    else:
                        work_item.future.set_result(result)
                executor._idle_worker_semaphore.release()
            elif kind == "exit":
                p = self.processes.pop(message[1], None)
                if p is not None:
                    p.join()
            if self.is_shutting_down():
                self.flag_executor_shutting_down()
                self.add_call_item_to_queue()
                if not self.pending_work_items:
                    self.join_executor_internals()
                    return

    def add_call_item_to_queue(self):
        import _interleave
        executor = self.executor
        while True:
            # Full: max_workers + 1 calls wait in the call queue (CPython's bound),
            # counted with the calls the workers are running.
            if executor._in_flight >= 2 * executor._max_workers + EXTRA_QUEUED_CALLS:
                return
            try:
                work_id = self.work_ids_queue.get(block=False)
            except queue.Empty:
                return
            work_item = self.pending_work_items[work_id]
            if work_item.future.set_running_or_notify_cancel():
                try:
                    _interleave.channel_send(
                        self.call_queue,
                        (work_id, work_item.fn, work_item.args, work_item.kwargs),
                    )
                except BaseException as e:
                    # What CPython's queue feeder does when a call cannot be pickled.
                    del self.pending_work_items[work_id]
                    work_item.future.set_exception(e)
                    continue
                executor._in_flight += 1
            else:
                del self.pending_work_items[work_id]
                continue

    def is_shutting_down(self):
        return _global_shutdown or self.executor._shutdown_thread

    def terminate_broken(self):
        executor = self.executor
        executor._broken = (
            "A child process terminated abruptly, the process pool is not usable anymore"
        )
        executor._shutdown_thread = True
        for work_id, work_item in self.pending_work_items.items():
            try:
                work_item.future.set_exception(BrokenProcessPool(
                    "A process in the process pool was terminated abruptly "
                    "while the future was running or pending."
                ))
            except InvalidStateError:
                pass
        self.pending_work_items.clear()
        for p in self.processes.values():
            p.terminate()
        for p in self.processes.values():
            p.join()

    def flag_executor_shutting_down(self):
        executor = self.executor
        with executor._shutdown_lock:
            executor._shutdown_thread = True
            if executor._cancel_pending_futures:
                new_pending_work_items = {}
                for work_id, work_item in self.pending_work_items.items():
                    if not work_item.future.cancel():
                        new_pending_work_items[work_id] = work_item
                self.pending_work_items.clear()
                self.pending_work_items.update(new_pending_work_items)
                while True:
                    try:
                        self.work_ids_queue.get_nowait()
                    except queue.Empty:
                        break
                executor._cancel_pending_futures = False

    def join_executor_internals(self):
        import _interleave
        for p in list(self.processes.values()):
            if p.is_alive():
                _interleave.channel_send(self.call_queue, None)
        for p in list(self.processes.values()):
            p.join()


def _python_exit_processes():
    global _global_shutdown
    _global_shutdown = True
    items = list(_manager_threads.items())
    for thread, wakeup in items:
        wakeup()
    for thread, wakeup in items:
        thread.join()


threading._register_atexit(_python_exit_processes)


class ProcessPoolExecutor(Executor):
    def __init__(self, max_workers=None, mp_context=None, initializer=None, initargs=(),
                 *, max_tasks_per_child=None):
        import _interleave
        import multiprocessing
        if max_workers is None:
            self._max_workers = os.cpu_count() or 1
        else:
            if max_workers <= 0:
                raise ValueError("max_workers must be greater than 0")
            self._max_workers = max_workers
        if mp_context is None:
            mp_context = multiprocessing.get_context()
        self._mp_context = mp_context
        if initializer is not None and not callable(initializer):
            raise TypeError("initializer must be a callable")
        if max_tasks_per_child is not None:
            raise NotImplementedError("max_tasks_per_child is not run on this page")
        self._initializer = initializer
        self._initargs = initargs
        self._max_tasks_per_child = None
        self._executor_manager_thread = None
        self._processes = {}
        self._shutdown_thread = False
        self._shutdown_lock = threading.Lock()
        self._idle_worker_semaphore = threading.Semaphore(0)
        self._broken = False
        self._queue_count = 0
        self._pending_work_items = {}
        self._cancel_pending_futures = False
        self._in_flight = 0
        self._call_queue = _interleave.channel_new()
        self._result_queue = _interleave.channel_new()
        self._work_ids = queue.SimpleQueue()
        self._work_ids._kind = "the pool's work queue"

    def _wakeup(self):
        import _interleave
        _interleave.channel_send(self._result_queue, ("wakeup", None, None, None, None))

    def _start_executor_manager_thread(self):
        if self._executor_manager_thread is None:
            self._executor_manager_thread = _ExecutorManagerThread(self)
            self._executor_manager_thread.start()
            _manager_threads[self._executor_manager_thread] = self._wakeup

    def _adjust_process_count(self):
        if self._idle_worker_semaphore.acquire(False):
            return
        if len(self._processes) < self._max_workers:
            self._spawn_process()

    def _spawn_process(self):
        p = self._mp_context.Process(
            target=_process_worker,
            args=(self._call_queue, self._result_queue, self._initializer,
                  self._initargs, self._max_tasks_per_child),
        )
        p.start()
        self._processes[p.pid] = p

    def submit(self, fn, /, *args, **kwargs):
        with self._shutdown_lock:
            if self._broken:
                raise BrokenProcessPool(self._broken)
            if self._shutdown_thread:
                raise RuntimeError("cannot schedule new futures after shutdown")
            if _global_shutdown:
                raise RuntimeError("cannot schedule new futures after interpreter shutdown")
            f = Future()
            w = _WorkItem(f, fn, args, kwargs)
            self._pending_work_items[self._queue_count] = w
            self._work_ids.put(self._queue_count)
            self._queue_count += 1
            self._wakeup()
            self._adjust_process_count()
            self._start_executor_manager_thread()
            return f

    def map(self, fn, *iterables, timeout=None, chunksize=1):
        if chunksize < 1:
            raise ValueError("chunksize must be >= 1.")
        chunks = []
        chunk = []
        for args in zip(*iterables):
            chunk.append(args)
            if len(chunk) == chunksize:
                chunks.append(tuple(chunk))
                chunk = []
        if chunk:
            chunks.append(tuple(chunk))
        results = super().map(_process_chunk, [fn] * len(chunks), chunks, timeout=timeout)

        def chain():
            for part in results:
                part.reverse()
                while part:
                    yield part.pop()

        return chain()

    def shutdown(self, wait=True, *, cancel_futures=False):
        with self._shutdown_lock:
            self._cancel_pending_futures = cancel_futures
            self._shutdown_thread = True
            if self._executor_manager_thread is not None:
                self._wakeup()
        if self._executor_manager_thread is not None and wait:
            self._executor_manager_thread.join()
        self._executor_manager_thread = None
        self._processes = None
