# checks: sys.getswitchinterval(), getrecursionlimit(), os.getpid() same in threads, cpu_count is an int, version
import os
import sys
import threading

pids = []


def record():
    pids.append(os.getpid())


threads = [threading.Thread(target=record) for _ in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("switch interval:", sys.getswitchinterval())
print("recursion limit:", sys.getrecursionlimit())
print("same pid in every thread:", all(pid == os.getpid() for pid in pids), len(pids))
print("cpu_count is int:", isinstance(os.cpu_count(), int))
print("version:", sys.version_info[:2], sys.version_info.major)
print("maxsize:", sys.maxsize, "int max str digits:", sys.get_int_max_str_digits())
print("byteorder known:", sys.byteorder in ("little", "big"), "platform is str:", isinstance(sys.platform, str))
sys.setswitchinterval(0.001)
print("changed:", sys.getswitchinterval())
print("float info:", sys.float_info.max, sys.float_info.epsilon, sys.float_info.dig)
