# checks: from __future__ import annotations: forward references and `X | None` in annotations are kept as strings (never evaluated); module __annotations__; the __future__ feature records
from __future__ import annotations

import __future__
import asyncio


class Node:
    def __init__(self, name: str, parent: Node | None = None) -> None:
        self.name = name
        self.parent = parent
        self.children: list[Node] = []

    def add(self, name: str) -> Node:
        child = Node(name, self)
        self.children.append(child)
        return child

    def path(self) -> str:
        return self.name if self.parent is None else f"{self.parent.path()}/{self.name}"


async def visit(node: Node, depth: int = 0) -> list[str]:
    await asyncio.sleep(0.01 * depth)
    found: list[str] = [node.path()]
    results = await asyncio.gather(*(visit(c, depth + 1) for c in node.children))
    for r in results:
        found.extend(r)
    return found


root = Node("root")
a = root.add("a")
a.add("x")
root.add("b")
print(asyncio.run(visit(root)))
print(Node.__init__.__annotations__)
print(Node.add.__annotations__, visit.__annotations__)
print(__annotations__)
count: int = 3
retries: Undefined[int] = 2
print(__annotations__, count, retries)
print(__future__.annotations)
print(__future__.annotations.getOptionalRelease(), __future__.annotations.getMandatoryRelease())
print(__future__.annotations.compiler_flag == __future__.CO_FUTURE_ANNOTATIONS, hex(__future__.CO_FUTURE_ANNOTATIONS))
print(__future__.all_feature_names)
print(__future__.generator_stop, __future__.division.mandatory)
print(len(__future__.__all__), __future__.__all__[0])
