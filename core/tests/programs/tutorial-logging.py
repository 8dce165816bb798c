# checks: tutorial-style: logging configuration, named loggers and their parents, levels, logging.exception with its traceback on stdout
import logging
import sys

logging.basicConfig(stream=sys.stdout, level=logging.DEBUG,
                    format="%(levelname)-8s %(name)s: %(message)s")

logger = logging.getLogger(__name__)
logger.debug("This is a debug message")
logger.info("This is an info message")
logger.warning("This is a warning message")
logger.error("This is an error message")
logger.critical("This is a critical message")

app = logging.getLogger("app.db")
app.setLevel(logging.WARNING)
app.info("hidden")
app.warning("Connection pool at %d%%", 90)

handler = logging.StreamHandler(sys.stdout)
handler.setFormatter(logging.Formatter("[%(name)s|%(levelname)s] %(message)s"))
net = logging.getLogger("net")
net.addHandler(handler)
net.propagate = False
net.info("sending %s bytes to %s", 512, "host")
name = "John"
logging.error(f"{name} raised an error")
try:
    c = 1 / 0
except Exception:
    logging.exception("Exception occurred")
print(logger.getEffectiveLevel(), app.getEffectiveLevel(), logging.getLevelName(30))
print(logging.getLogger("app.db").parent.name, app.isEnabledFor(logging.ERROR))
