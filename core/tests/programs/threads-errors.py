# checks: RuntimeError messages: start twice, join before start, daemon on an active thread, join self
import threading
import time

t = threading.Thread(target=time.sleep, args=(0.1,))
try:
    t.join()
except RuntimeError as error:
    print("RuntimeError:", error)
t.start()
try:
    t.start()
except RuntimeError as error:
    print("RuntimeError:", error)
try:
    t.daemon = True
except RuntimeError as error:
    print("RuntimeError:", error)
t.join()
try:
    t.start()
except RuntimeError as error:
    print("after it finished too:", error)
try:
    threading.current_thread().join()
except RuntimeError as error:
    print("RuntimeError:", error)
try:
    threading.Thread(target=print, args=1)
    print("constructing with args=1 does not fail yet")
except TypeError as error:
    print("TypeError:", error)
bad = threading.Thread(target=len)
bad.daemon = True
print("daemon can be set before start:", bad.daemon)
try:
    threading.Lock().release()
except RuntimeError as error:
    print("RuntimeError:", error)
