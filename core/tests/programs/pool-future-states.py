# checks: running()/done()/cancel()/cancelled() on running vs queued futures; exception(); CancelledError from result()
import time
from concurrent.futures import CancelledError, ThreadPoolExecutor


def job(n, fail=False):
    time.sleep(0.2)
    if fail:
        raise KeyError(n)
    return n


with ThreadPoolExecutor(max_workers=1) as pool:
    first = pool.submit(job, 1, fail=True)
    queued = pool.submit(job, 2)
    third = pool.submit(job, 3)
    time.sleep(0.05)
    print("first running:", first.running(), "queued running:", queued.running())
    print("cancel running:", first.cancel(), "cancel queued:", queued.cancel())
    print("queued cancelled:", queued.cancelled(), "done:", queued.done())
    try:
        queued.result()
    except CancelledError as error:
        print("result() of a cancelled future raises CancelledError", repr(error))
    print("first exception:", repr(first.exception()))
    try:
        first.result()
    except KeyError as error:
        print("result() re-raises", repr(error))
    print("third:", third.result(), "cancel finished:", third.cancel())
print("states:", [f.done() for f in (first, queued, third)], [f.cancelled() for f in (first, queued, third)])
