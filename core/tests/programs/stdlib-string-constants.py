# checks: the string module's constants (ascii_letters/lowercase/uppercase, digits, hexdigits, octdigits, punctuation, whitespace, printable) and capwords, used to name worker threads and validate ids
import string
import threading

print(string.ascii_letters)
print(string.ascii_lowercase, string.ascii_uppercase)
print(string.digits, string.hexdigits, string.octdigits)
print(string.punctuation)
print(repr(string.whitespace))
print(repr(string.printable))
print(len(string.ascii_letters), len(string.punctuation), len(string.whitespace), len(string.printable))
print(string.printable == string.digits + string.ascii_letters + string.punctuation + string.whitespace)

names = {}
lock = threading.Lock()


def work(letter):
    with lock:
        names[letter] = threading.current_thread().name


threads = [threading.Thread(target=work, args=(c,), name=f"worker-{c}") for c in string.ascii_uppercase[:4]]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(names.items()))


def is_hex_id(s):
    return len(s) > 0 and all(c in string.hexdigits for c in s)


def slug(s):
    return "".join(c if c in string.ascii_lowercase + string.digits else "-" for c in s.lower()).strip("-")


print([is_hex_id(s) for s in ["ff00", "BEEF", "xyz", ""]], slug("Hello, World! 2024"))
print(sum(c in string.punctuation for c in "a.b,c!"), [c for c in "a b\tc\n" if c in string.whitespace])
print(string.capwords("the quick  brown fox"), string.capwords("  leading and trailing  "), string.capwords("a-b-c", "-"))
