# Interleave's bundled `random`: CPython's Mersenne Twister (in Rust, `_random`) and
# the methods of CPython's Lib/random.py built on it the same way, so that
# random.seed(n) and random.Random(n) give CPython's sequences.
import _random
from math import ceil as _ceil, log as _log, floor as _floor, sqrt as _sqrt, cos as _cos, sin as _sin, pi as _pi, exp as _exp

_NV_MAGICCONST = 4 * _exp(-0.5) / _sqrt(2.0)


class Random:
    def __init__(self, x=None):
        self._idx = _random.seed(x, "new")
        self._gauss_next = None

    def seed(self, a=None, version=2):
        _random.seed(a, self._idx)
        self._gauss_next = None


    def random(self):
        return _random.random(self._idx)


    def getrandbits(self, k):
        return _random.getrandbits(k, self._idx)


    def _randbelow(self, n):
        return _random.randbelow(n, self._idx)


    def randrange(self, start, stop=None, step=1):
        if not isinstance(start, int):
            raise TypeError("'" + type(start).__name__ + "' object cannot be interpreted as an integer")
        if stop is None:
            if step != 1:
                raise TypeError("Missing a non-None stop argument")
            if start > 0:
                return self._randbelow(start)
            raise ValueError("empty range for randrange()")
        width = stop - start
        if step == 1:
            if width > 0:
                return start + self._randbelow(width)
            raise ValueError(f"empty range for randrange() ({start}, {stop}, {width})")
        if step > 0:
            n = (width + step - 1) // step
        elif step < 0:
            n = (width + step + 1) // step
        else:
            raise ValueError("zero step for randrange()")
        if n <= 0:
            raise ValueError("empty range for randrange()")
        return start + step * self._randbelow(n)


    def randint(self, a, b):
        return self.randrange(a, b + 1)


    def choice(self, seq):
        if not len(seq):
            raise IndexError("Cannot choose from an empty sequence")
        return seq[self._randbelow(len(seq))]


    def shuffle(self, x):
        for i in reversed(range(1, len(x))):
            j = self._randbelow(i + 1)
            x[i], x[j] = x[j], x[i]


    def uniform(self, a, b):
        return a + (b - a) * self.random()


    def sample(self, population, k, *, counts=None):
        population = list(population)
        n = len(population)
        if not 0 <= k <= n:
            raise ValueError("Sample larger than population or is negative")
        result = [None] * k
        setsize = 21
        if k > 5:
            setsize += 4 ** _ceil(_log(k * 3, 4))
        if n <= setsize:
            pool = list(population)
            for i in range(k):
                j = self._randbelow(n - i)
                result[i] = pool[j]
                pool[j] = pool[n - i - 1]
        else:
            selected = set()
            for i in range(k):
                j = self._randbelow(n)
                while j in selected:
                    j = self._randbelow(n)
                selected.add(j)
                result[i] = population[j]
        return result


    def choices(self, population, weights=None, *, cum_weights=None, k=1):
        n = len(population)
        if cum_weights is None:
            if weights is None:
                n += 0.0
                return [population[_floor(self.random() * n)] for i in range(k)]
            cum_weights = []
            total = 0
            for w in weights:
                total = total + w
                cum_weights.append(total)
        total = cum_weights[-1] + 0.0
        hi = n - 1
        out = []
        for i in range(k):
            x = self.random() * total
            lo, h = 0, hi
            while lo < h:
                mid = (lo + h) // 2
                if x < cum_weights[mid]:
                    h = mid
                else:
                    lo = mid + 1
            out.append(population[lo])
        return out


    def expovariate(self, lambd):
        return -_log(1.0 - self.random()) / lambd

    def triangular(self, low=0.0, high=1.0, mode=None):
        u = self.random()
        try:
            c = 0.5 if mode is None else (mode - low) / (high - low)
        except ZeroDivisionError:
            return low
        if u > c:
            u = 1.0 - u
            c = 1.0 - c
            low, high = high, low
        return low + (high - low) * _sqrt(u * c)

    def normalvariate(self, mu=0.0, sigma=1.0):
        random = self.random
        while True:
            u1 = random()
            u2 = 1.0 - random()
            z = _NV_MAGICCONST * (u1 - 0.5) / u2
            zz = z * z / 4.0
            if zz <= -_log(u2):
                break
        return mu + z * sigma

    def lognormvariate(self, mu, sigma):
        return _exp(self.normalvariate(mu, sigma))

    def gauss(self, mu=0.0, sigma=1.0):
        z = self._gauss_next
        self._gauss_next = None
        if z is None:
            x2pi = self.random() * 2.0 * _pi
            g2rad = _sqrt(-2.0 * _log(1.0 - self.random()))
            z = _cos(x2pi) * g2rad
            self._gauss_next = _sin(x2pi) * g2rad
        return mu + z * sigma


_inst = Random()
_inst._idx = 0
seed = _inst.seed
random = _inst.random
getrandbits = _inst.getrandbits
randrange = _inst.randrange
randint = _inst.randint
choice = _inst.choice
shuffle = _inst.shuffle
uniform = _inst.uniform
sample = _inst.sample
choices = _inst.choices
gauss = _inst.gauss
expovariate = _inst.expovariate
triangular = _inst.triangular
normalvariate = _inst.normalvariate
lognormvariate = _inst.lognormvariate
