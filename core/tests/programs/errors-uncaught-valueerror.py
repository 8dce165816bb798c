# checks: an uncaught ValueError ends the program; stdout before it is kept, the traceback goes to stderr


def parse(text):
    print(f"parsing {text!r}")
    return int(text)


print("start")
total = parse("4") + parse("5")
print("total:", total)
parse("five")
print("never printed")
