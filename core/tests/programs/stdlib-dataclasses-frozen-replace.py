# checks: dataclasses options and helpers: frozen + FrozenInstanceError, replace, asdict/astuple (nested), fields(), __post_init__, InitVar, ClassVar, KW_ONLY, repr=False/init=False fields, inheritance, eq/order
import asyncio
from dataclasses import dataclass, field, fields, asdict, astuple, replace, FrozenInstanceError, InitVar, KW_ONLY
from typing import ClassVar


@dataclass(frozen=True)
class Config:
    url: str
    timeout: float = 1.0


@dataclass
class Attempt:
    config: Config
    tries: int = 0
    log: list = field(default_factory=list, repr=False)


async def fetch(attempt, delay):
    await asyncio.sleep(delay)
    attempt.tries += 1
    attempt.log.append(delay)
    return attempt


async def main():
    base = Config("http://example")
    attempts = [Attempt(base), Attempt(replace(base, timeout=0.5))]
    done = await asyncio.gather(fetch(attempts[0], 0.02), fetch(attempts[1], 0.01))
    for a in done:
        print(a, a.log)
    print(asdict(done[1]))
    print(astuple(done[0]))


asyncio.run(main())

c = Config("u")
try:
    c.timeout = 5
except FrozenInstanceError as e:
    print("FrozenInstanceError:", e, isinstance(e, AttributeError))
print(c, replace(c, url="v"), c == Config("u", 1.0), [f.name for f in fields(Config)])


@dataclass
class Counter:
    total: ClassVar[int] = 0
    name: str
    start: InitVar[int] = 0
    value: int = field(init=False)

    def __post_init__(self, start):
        self.value = start * 10
        Counter.total += 1


print(Counter("a"), Counter("b", 4), Counter.total, [f.name for f in fields(Counter)])


@dataclass
class Options:
    name: str
    _: KW_ONLY
    verbose: bool = False
    level: int = 1


print(Options("x", verbose=True), Options("y", level=3))


@dataclass(order=True)
class Version:
    major: int
    minor: int = 0


@dataclass(order=True)
class Release(Version):
    label: str = ""


print(sorted([Version(1, 2), Version(0, 9), Version(1, 0)]), Version(1) < Version(1, 1))
print(Release(2, 0, "beta"), [f.name for f in fields(Release)], Release(1) <= Release(1, 0, "a"))
