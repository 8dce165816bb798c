# checks: typing names in annotations evaluated at def time (List[int], Optional[str], Callable[[int], Awaitable[str]], Dict[str, List[int]]); their reprs, __origin__/__args__, get_origin/get_args, ==, |; TypeVar and Generic; cast, TYPE_CHECKING, overload
import asyncio
import typing
from typing import (Any, AsyncIterator, Awaitable, Callable, ClassVar, Coroutine, Dict, Final, FrozenSet,
                    Generic, Iterable, Iterator, List, Literal, Mapping, Optional, Sequence, Set, Tuple,
                    TypeVar, Union, cast, get_args, get_origin, overload, no_type_check, TYPE_CHECKING)

T = TypeVar("T")
Handler = Callable[[int], Awaitable[str]]
Status = Literal["ok", "failed"]
MAX_WORKERS: Final = 2


class Registry(Generic[T]):
    created: ClassVar[int] = 0

    def __init__(self) -> None:
        self.items: Dict[str, T] = {}
        Registry.created += 1

    def add(self, name: str, item: T) -> None:
        self.items[name] = item

    def get(self, name: str) -> Optional[T]:
        return self.items.get(name)


async def fetch(n: int) -> str:
    await asyncio.sleep(0.01 * n)
    return f"page-{n}"


async def run_all(handler: Handler, jobs: Sequence[int]) -> Dict[str, List[int]]:
    results: Dict[str, List[int]] = {"ok": [], "failed": []}
    pages: List[str] = await asyncio.gather(*(handler(n) for n in jobs))
    for n, page in zip(jobs, pages):
        status: Status = "ok" if n % 2 else "failed"
        results[status].append(n)
    print("pages", pages)
    return results


async def ticks(limit: int) -> AsyncIterator[int]:
    for i in range(limit):
        await asyncio.sleep(0)
        yield i


async def main() -> None:
    print(await run_all(fetch, [3, 1, 2]))
    print("ticks:", end=" ")
    async for i in ticks(3):
        print(i, end=" ")
    print()


asyncio.run(main())
registry: Registry[Handler] = Registry[Handler]()
registry.add("fetch", fetch)
print(registry.get("fetch") is fetch, registry.get("nope"), Registry.created)

for form in [List[int], Optional[str], Dict[str, List[int]], Callable[[int], str], Callable[..., None],
             Callable[[], Awaitable[None]], Handler, Tuple[int, ...], Tuple[str, int], Tuple[()],
             Union[int, str], Union[int, None], Union[int, str, None], Optional[Union[int, str]],
             Set[T], FrozenSet[int], Iterable[Tuple[str, int]], Iterator[int], Mapping[str, Any],
             Coroutine[Any, Any, int], Sequence[Optional[int]], List["Registry"], Status, ClassVar[int],
             Union[int], Union[int, Union[str, float]], List[int] | None, int | Optional[str], Optional[T]]:
    print(form)
print(Any, Optional, Union, List, Dict, Callable, Awaitable, Literal, Final, T, TypeVar("K", bound=int))
print(TypeVar("Co", covariant=True), TypeVar("Contra", contravariant=True), T.__name__)
print(fetch.__annotations__)
print(run_all.__annotations__["handler"], run_all.__annotations__["return"])
print(get_origin(List[int]), get_args(Dict[str, int]), get_origin(Optional[int]), get_args(Optional[int]))
print(get_args(Callable[[int, str], bool]), get_args(Handler), get_origin(Handler) is get_origin(Callable[..., int]))
print(List[int].__origin__, List[int].__args__, Dict[str, T][int], Callable[[T], List[T]][str])
print(List[int] == List[int], List[int] == List[str], Union[int, str] == Union[str, int], Optional[int] == Union[None, int])
print(cast(int, "not checked"), cast("List[int]", 3), TYPE_CHECKING)


@overload
def double(x: int) -> int: ...
@overload
def double(x: str) -> str: ...
def double(x):
    return x * 2


@no_type_check
def anything(x: "not a type") -> 123:
    return x


print(double(4), double("ab"), anything(1))
for label, make in [("List()", lambda: List()), ("List[int]()", lambda: List[int]()), ("Dict[int]", lambda: Dict[int]),
                    ("Any()", lambda: Any()), ("Any[int]", lambda: Any[int]), ("Callable[int]", lambda: Callable[int]),
                    ("List[int][str]", lambda: List[int][str]), ("List[int, str]", lambda: List[int, str])]:
    try:
        make()
    except TypeError as e:
        print(label, "->", e)
