# checks: logging from threads: basicConfig(format, level, stream=sys.stdout), %-style arguments, named loggers and levels, threadName in records
import logging
import sys
import threading
import time

logging.basicConfig(format="%(levelname)s [%(threadName)s] %(message)s", level=logging.INFO, stream=sys.stdout)


def worker(n):
    logging.info("worker %d starting", n)
    time.sleep(0.05 * (n + 1))
    logging.info("worker %d done", n)


threads = [threading.Thread(target=worker, args=(i,), name=f"w{i}") for i in range(2)]
for t in threads:
    t.start()
    time.sleep(0.01)
for t in threads:
    t.join()
log = logging.getLogger("app.db")
log.debug("not shown: below INFO")
log.warning("retrying %s in %.1f s", "query", 0.5)
logging.getLogger().setLevel(logging.DEBUG)
log.debug("shown now")
print(log.getEffectiveLevel(), logging.getLevelName(logging.ERROR), log.name)
