# checks: BaseException.add_note: __notes__, its TypeErrors (a note not a str, __notes__ not a
# list, no argument); notes printed after the exception's line, inside an exception group's
# box too; `raise err` of an exception caught earlier keeps its first traceback and adds the
# new raise's line in front of it
try:
    raise ValueError("bad value")
except ValueError as e:
    e.add_note("while reading row 3")
    e.add_note("two\nlines")
    print(e.__notes__, repr(e), str(e))
for bad in [5, None]:
    try:
        ValueError().add_note(bad)
    except TypeError as e:
        print("TypeError:", e)
try:
    ValueError().add_note()
except TypeError as e:
    print("TypeError:", e)
x = KeyError("k")
x.__notes__ = "oops"
try:
    x.add_note("n")
except TypeError as e:
    print("TypeError:", e)


try:
    raise ExceptionGroup("many", [ValueError("a"), TypeError("b")])
except ExceptionGroup as g:
    g.exceptions[0].add_note("first")
    g.add_note("group note")
    err = g
raise err
