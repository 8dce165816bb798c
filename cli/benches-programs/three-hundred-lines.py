# Issue 9, figure 3: a realistic 300-line program for timing the parser and compiler.
# A small shop: stock, orders, prices fetched with asyncio, packing done by threads.
import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

TAX_RATE = 0.2
CURRENCY = "EUR"
WAREHOUSES = ["north", "south", "east"]


class OutOfStock(Exception):
    def __init__(self, sku, wanted, left):
        super().__init__(f"{sku}: wanted {wanted}, only {left} left")
        self.sku = sku
        self.wanted = wanted
        self.left = left


class Item:
    def __init__(self, sku, name, price, weight=1.0):
        self.sku = sku
        self.name = name
        self.price = price
        self.weight = weight

    def __repr__(self):
        return f"Item({self.sku!r}, {self.name!r}, {self.price:.2f})"

    @property
    def price_with_tax(self):
        return round(self.price * (1 + TAX_RATE), 2)


class Stock:
    def __init__(self):
        self.levels = {}
        self.lock = threading.Lock()

    def add(self, sku, count):
        with self.lock:
            self.levels[sku] = self.levels.get(sku, 0) + count

    def take(self, sku, count):
        with self.lock:
            left = self.levels.get(sku, 0)
            if left < count:
                raise OutOfStock(sku, count, left)
            self.levels[sku] = left - count
            return left - count

    def total(self):
        return sum(self.levels.values())


class Warehouse(Stock):
    def __init__(self, name, capacity=1000):
        super().__init__()
        self.name = name
        self.capacity = capacity

    def add(self, sku, count):
        if self.total() + count > self.capacity:
            raise ValueError(f"{self.name} is full")
        super().add(sku, count)

    def __str__(self):
        return f"warehouse {self.name} ({self.total()}/{self.capacity})"


class Order:
    next_id = 1

    def __init__(self, customer, lines):
        self.id = Order.next_id
        Order.next_id += 1
        self.customer = customer
        self.lines = list(lines)
        self.status = "new"

    def amount(self, catalogue):
        return sum(catalogue[sku].price * count for sku, count in self.lines)

    def weight(self, catalogue):
        total = 0.0
        for sku, count in self.lines:
            total += catalogue[sku].weight * count
        return total

    def __repr__(self):
        return f"Order(#{self.id}, {self.customer}, {len(self.lines)} lines, {self.status})"


def make_catalogue():
    names = ["kettle", "teapot", "mug", "spoon", "tray", "cosy", "strainer", "caddy"]
    catalogue = {}
    for index, name in enumerate(names):
        sku = f"SKU-{index:03d}"
        catalogue[sku] = Item(sku, name, 2.5 + index * 1.75, weight=0.2 * (index + 1))
    return catalogue


def fill_warehouses(catalogue):
    warehouses = {name: Warehouse(name, capacity=400) for name in WAREHOUSES}
    for position, sku in enumerate(sorted(catalogue)):
        for offset, name in enumerate(WAREHOUSES):
            count = 10 + (position * 7 + offset * 3) % 25
            warehouses[name].add(sku, count)
    return warehouses


def make_orders(catalogue, how_many):
    skus = sorted(catalogue)
    customers = ["ada", "grace", "alan", "barbara", "edsger"]
    orders = []
    for n in range(how_many):
        lines = []
        for k in range(1 + n % 3):
            sku = skus[(n * 5 + k * 3) % len(skus)]
            lines.append((sku, 1 + (n + k) % 4))
        orders.append(Order(customers[n % len(customers)], lines))
    return orders


def describe(order, catalogue):
    parts = [f"{count} x {catalogue[sku].name}" for sku, count in order.lines]
    amount = order.amount(catalogue)
    return f"#{order.id:>3} {order.customer:<8} {', '.join(parts)} = {amount:8.2f} {CURRENCY}"


def pick_warehouse(warehouses, sku, count):
    best = None
    for warehouse in warehouses.values():
        level = warehouse.levels.get(sku, 0)
        if level >= count and (best is None or level > best.levels.get(sku, 0)):
            best = warehouse
    return best


def reserve(order, warehouses):
    taken = []
    try:
        for sku, count in order.lines:
            warehouse = pick_warehouse(warehouses, sku, count)
            if warehouse is None:
                raise OutOfStock(sku, count, 0)
            warehouse.take(sku, count)
            taken.append((warehouse, sku, count))
    except OutOfStock as error:
        for warehouse, sku, count in taken:
            warehouse.levels[sku] += count
        order.status = "backordered"
        return str(error)
    order.status = "reserved"
    return None


async def fetch_rate(currency, delay):
    await asyncio.sleep(delay)
    rates = {"EUR": 1.0, "USD": 1.08, "GBP": 0.86, "JPY": 161.2}
    return currency, rates.get(currency, 1.0)


async def fetch_rates(currencies):
    pending = [fetch_rate(code, 0.01 * (i + 1)) for i, code in enumerate(currencies)]
    results = await asyncio.gather(*pending)
    return dict(results)


async def notify(customer, message, delay=0.005):
    await asyncio.sleep(delay)
    return f"to {customer}: {message}"


async def notify_all(orders):
    tasks = []
    for order in orders:
        text = f"order #{order.id} is {order.status}"
        tasks.append(asyncio.create_task(notify(order.customer, text)))
    done = await asyncio.gather(*tasks)
    return len(done)


def pack(order, catalogue):
    weight = order.weight(catalogue)
    time.sleep(0.001 * len(order.lines))
    boxes = 1 if weight < 2.0 else 2 if weight < 5.0 else 3
    return order.id, boxes


def pack_all(orders, catalogue, workers=3):
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(pack, order, catalogue) for order in orders]
        return dict(future.result() for future in futures)


def running_totals(values):
    total = 0
    for value in values:
        total += value
        yield total


def histogram(values, width=20):
    top = max(values, default=0)
    rows = []
    for value in values:
        bar = "#" * int(width * value / top) if top else ""
        rows.append(f"{value:6.1f} |{bar}")
    return rows


def summarise(orders, catalogue):
    by_customer = {}
    for order in orders:
        by_customer.setdefault(order.customer, []).append(order.amount(catalogue))
    summary = []
    for customer, amounts in sorted(by_customer.items()):
        mean = sum(amounts) / len(amounts)
        summary.append((customer, len(amounts), round(sum(amounts), 2), round(mean, 2)))
    summary.sort(key=lambda row: (-row[2], row[0]))
    return summary


def convert(amount, rate, places=2):
    value = amount * rate
    if value >= 1000:
        return f"{value:,.{places}f}"
    return f"{value:.{places}f}"


def retry(action, attempts=3):
    last = None
    for attempt in range(1, attempts + 1):
        try:
            return action(attempt)
        except ValueError as error:
            last = error
            print(f"  attempt {attempt} failed: {error}")
    raise RuntimeError(f"gave up after {attempts} attempts") from last


def flaky(attempt):
    if attempt < 2:
        raise ValueError("the courier did not answer")
    return "courier booked"


async def main():
    catalogue = make_catalogue()
    warehouses = fill_warehouses(catalogue)
    before = sum(w.total() for w in warehouses.values())
    print(f"catalogue: {len(catalogue)} items, stock {before} units")
    for warehouse in warehouses.values():
        print(" ", warehouse)

    orders = make_orders(catalogue, 24)
    problems = {}
    for order in orders:
        problem = reserve(order, warehouses)
        if problem:
            problems[order.id] = problem
    reserved = [order for order in orders if order.status == "reserved"]
    print(f"reserved {len(reserved)} of {len(orders)} orders, {len(problems)} backordered")
    print("problems:", sorted(problems.items())[:3])

    for order in reserved[:5]:
        print(describe(order, catalogue))

    rates = await fetch_rates(["EUR", "USD", "GBP", "JPY"])
    total = sum(order.amount(catalogue) for order in reserved)
    for code, rate in sorted(rates.items()):
        print(f"total in {code}: {convert(total, rate)}")

    loop = asyncio.get_running_loop()
    boxes = await loop.run_in_executor(None, pack_all, reserved, catalogue)
    print(f"packed {len(boxes)} orders into {sum(boxes.values())} boxes")

    sent = await notify_all(orders)
    print(f"sent {sent} notifications")

    amounts = [order.amount(catalogue) for order in reserved[:8]]
    print("running totals:", [round(t, 1) for t in running_totals(amounts)])
    for line in histogram(amounts, width=16):
        print(line)

    for customer, count, spent, mean in summarise(reserved, catalogue):
        print(f"{customer:<8} {count:>2} orders {spent:>9.2f} (mean {mean:.2f})")

    print(f"units shipped: {before - sum(w.total() for w in warehouses.values())}")
    print(retry(flaky))
    heaviest = max(reserved, key=lambda order: order.weight(catalogue))
    print(f"heaviest: {heaviest!r} at {heaviest.weight(catalogue):.1f} kg")


if __name__ == "__main__":
    started = time.perf_counter()
    asyncio.run(main())
    print(f"done in {time.perf_counter() - started:.1f} s")
