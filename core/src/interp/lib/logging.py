# Interleave's bundled `logging`: loggers, levels, basicConfig and stream handlers as
# CPython's Lib/logging lays them out, enough for the `logging.info(...)` lines that
# concurrency tutorials print from their threads. Records go to standard error unless
# a stream is given, as in CPython.
import sys
import time
import threading

CRITICAL = 50
FATAL = CRITICAL
ERROR = 40
WARNING = 30
WARN = WARNING
INFO = 20
DEBUG = 10
NOTSET = 0

_levelToName = {CRITICAL: "CRITICAL", ERROR: "ERROR", WARNING: "WARNING", INFO: "INFO", DEBUG: "DEBUG", NOTSET: "NOTSET"}
_nameToLevel = {"CRITICAL": CRITICAL, "FATAL": FATAL, "ERROR": ERROR, "WARN": WARNING, "WARNING": WARNING, "INFO": INFO, "DEBUG": DEBUG, "NOTSET": NOTSET}
_start = time.time()
BASIC_FORMAT = "%(levelname)s:%(name)s:%(message)s"


def getLevelName(level):
    if level in _levelToName:
        return _levelToName[level]
    if level in _nameToLevel:
        return _nameToLevel[level]
    return "Level %s" % level


def _check_level(level):
    if isinstance(level, int):
        return level
    if str(level) == level:
        if level not in _nameToLevel:
            raise ValueError("Unknown level: %r" % level)
        return _nameToLevel[level]
    raise TypeError("Level not an integer or a valid string: %r" % (level,))


class LogRecord:
    def __init__(self, name, level, msg, args, exc_info=None):
        self.name = name
        self.msg = msg
        self.args = args
        self.levelname = getLevelName(level)
        self.levelno = level
        self.created = time.time()
        self.msecs = int((self.created - int(self.created)) * 1000)
        self.relativeCreated = (self.created - _start) * 1000
        thread = threading.current_thread()
        self.thread = thread.ident
        self.threadName = thread.name
        self.process = 4242
        self.processName = "MainProcess"
        self.exc_info = exc_info
        self.filename = "main.py"
        self.module = "main"
        self.funcName = ""
        self.lineno = 0

    def getMessage(self):
        msg = str(self.msg)
        if self.args:
            msg = msg % self.args
        return msg


class Formatter:
    default_time_format = "%Y-%m-%d %H:%M:%S"

    def __init__(self, fmt=None, datefmt=None, style="%"):
        if style == "{":
            raise ValueError("'{' style formats are not supported here: use '%(name)s' style")
        self._fmt = fmt or "%(message)s"
        self.datefmt = datefmt

    def usesTime(self):
        return "%(asctime)" in self._fmt

    def formatTime(self, record, datefmt=None):
        t = time.localtime(record.created)
        if datefmt:
            return time.strftime(datefmt, t)
        return time.strftime(self.default_time_format, t) + "," + str(record.msecs).zfill(3)

    def format(self, record):
        record.message = record.getMessage()
        if self.usesTime():
            record.asctime = self.formatTime(record, self.datefmt)
        text = self._fmt % vars(record)
        if record.exc_info:
            import _interleave
            exc = record.exc_info[1] if isinstance(record.exc_info, tuple) else sys.exc_info()[1]
            if exc is not None:
                text = text + "\n" + _interleave.format_exception(exc).rstrip("\n")
        return text


_defaultFormatter = Formatter()


class Handler:
    def __init__(self, level=NOTSET):
        self.level = _check_level(level)
        self.formatter = None
        self.lock = threading.RLock()

    def setLevel(self, level):
        self.level = _check_level(level)

    def setFormatter(self, fmt):
        self.formatter = fmt

    def format(self, record):
        fmt = self.formatter or _defaultFormatter
        return fmt.format(record)

    def handle(self, record):
        if record.levelno >= self.level:
            with self.lock:
                self.emit(record)

    def emit(self, record):
        raise NotImplementedError("emit must be implemented by Handler subclasses")


class StreamHandler(Handler):
    terminator = "\n"

    def __init__(self, stream=None):
        Handler.__init__(self)
        if stream is None:
            stream = sys.stderr
        self.stream = stream

    def emit(self, record):
        self.stream.write(self.format(record) + self.terminator)

    def flush(self):
        pass


class Logger:
    def __init__(self, name, level=NOTSET):
        self.name = name
        self.level = _check_level(level)
        self.handlers = []
        self.propagate = True
        self.parent = None
        self.disabled = False

    def __repr__(self):
        return f"<Logger {self.name} ({getLevelName(self.getEffectiveLevel())})>"

    def setLevel(self, level):
        self.level = _check_level(level)

    def getEffectiveLevel(self):
        logger = self
        while logger:
            if logger.level:
                return logger.level
            logger = logger.parent
        return NOTSET

    def isEnabledFor(self, level):
        return level >= self.getEffectiveLevel()

    def addHandler(self, handler):
        if handler not in self.handlers:
            self.handlers.append(handler)

    def removeHandler(self, handler):
        if handler in self.handlers:
            self.handlers.remove(handler)

    def hasHandlers(self):
        logger = self
        while logger:
            if logger.handlers:
                return True
            if not logger.propagate:
                return False
            logger = logger.parent
        return False

    def _log(self, level, msg, args, exc_info=None):
        if exc_info is True:
            exc_info = sys.exc_info()
        record = LogRecord(self.name, level, msg, args, exc_info)
        found = 0
        logger = self
        while logger:
            for handler in logger.handlers:
                found += 1
                handler.handle(record)
            if not logger.propagate:
                break
            logger = logger.parent
        if found == 0 and level >= lastResort.level:
            lastResort.handle(record)

    def log(self, level, msg, *args, exc_info=None, **kwargs):
        if self.isEnabledFor(level):
            self._log(level, msg, args, exc_info)

    def debug(self, msg, *args, exc_info=None, **kwargs):
        if self.isEnabledFor(DEBUG):
            self._log(DEBUG, msg, args, exc_info)

    def info(self, msg, *args, exc_info=None, **kwargs):
        if self.isEnabledFor(INFO):
            self._log(INFO, msg, args, exc_info)

    def warning(self, msg, *args, exc_info=None, **kwargs):
        if self.isEnabledFor(WARNING):
            self._log(WARNING, msg, args, exc_info)

    warn = warning

    def error(self, msg, *args, exc_info=None, **kwargs):
        if self.isEnabledFor(ERROR):
            self._log(ERROR, msg, args, exc_info)

    def exception(self, msg, *args, exc_info=True, **kwargs):
        self.error(msg, *args, exc_info=exc_info)

    def critical(self, msg, *args, exc_info=None, **kwargs):
        if self.isEnabledFor(CRITICAL):
            self._log(CRITICAL, msg, args, exc_info)

    fatal = critical

    def getChild(self, suffix):
        return getLogger(self.name + "." + suffix if self is not root else suffix)


class _StderrHandler(StreamHandler):
    def __init__(self, level=NOTSET):
        StreamHandler.__init__(self)
        self.level = level


lastResort = _StderrHandler(WARNING)
root = Logger("root", WARNING)
_loggers = {}


def getLogger(name=None):
    # As CPython's manager: a logger's parent is its nearest existing ancestor (else
    # root), and a logger created later adopts the descendants below it.
    if not name or name == "root":
        return root
    if name not in _loggers:
        logger = Logger(name)
        parent = root
        prefix = name
        while "." in prefix:
            prefix = prefix.rpartition(".")[0]
            if prefix in _loggers:
                parent = _loggers[prefix]
                break
        logger.parent = parent
        for other_name, other in _loggers.items():
            if other_name.startswith(name + ".") and other.parent is parent:
                other.parent = logger
        _loggers[name] = logger
    return _loggers[name]


def basicConfig(**kwargs):
    force = kwargs.pop("force", False)
    if force:
        root.handlers = []
    if root.handlers:
        return
    stream = kwargs.pop("stream", None)
    handler = StreamHandler(stream)
    fmt = kwargs.pop("format", BASIC_FORMAT)
    datefmt = kwargs.pop("datefmt", None)
    style = kwargs.pop("style", "%")
    handler.setFormatter(Formatter(fmt, datefmt, style))
    root.addHandler(handler)
    level = kwargs.pop("level", None)
    if level is not None:
        root.setLevel(level)
    kwargs.pop("filename", None)
    kwargs.pop("filemode", None)
    if kwargs:
        raise ValueError("Unrecognised argument(s): " + ", ".join(kwargs))


def _ensure_configured():
    if not root.handlers:
        basicConfig()


def debug(msg, *args, **kwargs):
    _ensure_configured()
    root.debug(msg, *args, **kwargs)


def info(msg, *args, **kwargs):
    _ensure_configured()
    root.info(msg, *args, **kwargs)


def warning(msg, *args, **kwargs):
    _ensure_configured()
    root.warning(msg, *args, **kwargs)


warn = warning


def error(msg, *args, **kwargs):
    _ensure_configured()
    root.error(msg, *args, **kwargs)


def exception(msg, *args, exc_info=True, **kwargs):
    _ensure_configured()
    root.error(msg, *args, exc_info=exc_info, **kwargs)


def critical(msg, *args, **kwargs):
    _ensure_configured()
    root.critical(msg, *args, **kwargs)


fatal = critical


def log(level, msg, *args, **kwargs):
    _ensure_configured()
    root.log(level, msg, *args, **kwargs)


def disable(level=CRITICAL):
    pass


def shutdown():
    pass
