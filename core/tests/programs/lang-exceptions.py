# checks: try/except/else/finally order, raise, raise from, re-raise, custom exceptions, assert


class AppError(Exception):
    pass


class NotFound(AppError):
    def __init__(self, key):
        super().__init__(f"no such key: {key}")
        self.key = key


def attempt(n):
    try:
        print("try", n)
        if n == 1:
            raise ValueError("one")
        if n == 2:
            raise NotFound("k2")
        result = 10 // n
    except ValueError as error:
        print("  except ValueError:", error)
        return "from except"
    except AppError as error:
        print("  except AppError:", type(error).__name__, error, error.key)
    else:
        print("  else: result", result)
        return "from else"
    finally:
        print("  finally", n)
    return "after"


for n in (1, 2, 5):
    print("->", attempt(n))


def finally_wins():
    try:
        return "try"
    finally:
        print("finally runs before the return completes")


print(finally_wins())


def convert(text):
    try:
        return int(text)
    except ValueError as error:
        raise AppError(f"bad number {text!r}") from error


try:
    convert("abc")
except AppError as error:
    print(repr(error))
    print("cause:", repr(error.__cause__))
    print("suppress_context:", error.__suppress_context__)

try:
    try:
        {}["missing"]
    except KeyError:
        raise RuntimeError("while handling")
except RuntimeError as error:
    print(repr(error), "context:", repr(error.__context__), "cause:", error.__cause__)

try:
    try:
        raise TypeError("inner")
    except TypeError:
        print("handling, then re-raising")
        raise
except TypeError as error:
    print("re-raised:", error)

try:
    raise AppError("x") from None
except AppError as error:
    print("from None:", error.__cause__, error.__suppress_context__)

try:
    assert 1 + 1 == 3, "math is broken"
except AssertionError as error:
    print("AssertionError:", error)
try:
    assert False
except AssertionError as error:
    print("bare assert:", repr(error))

try:
    raise ValueError
except ValueError as error:
    print("class raised:", repr(error), str(error) == "")

print(issubclass(NotFound, Exception), isinstance(NotFound("a"), AppError))
print(ValueError("a", 2).args)
try:
    1 / 0
except (TypeError, ZeroDivisionError) as error:
    print("tuple of types caught", type(error).__name__)
