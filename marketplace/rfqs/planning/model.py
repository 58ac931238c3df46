"""The award plan as a mixed-integer programme, solved to proven optimality by HiGHS.

Variables, for every offer o (a listing or a quote line offered for one RFQ line) and every
price segment b of that offer (the quantities one all-units break applies to):
  x[o,b]  integer units taken at that break's price, y[o,b] binary "segment b is used",
  z[k]    binary "supplier k is used".
Constraints: lo·y ≤ x ≤ hi·y (the MOQ and the break's range hold); Σ_b y[o,b] ≤ z[k] (one
price per offer, and only from a chosen supplier); Σ x over a line's offers equals
its quantity; Σ x over the offers drawing on one source (a listing's stock, a quote line's
quantity) is at most its capacity; Σ z ≤ max_suppliers.
Objective: Σ price·x + per_supplier_cost·Σ z, in whole fen so that every objective value is
an integer and a gap below one fen proves optimality. docs/award-plan.md has the details.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

import highspy
import numpy as np

CENT = Decimal("0.01")
# Below one fen the objective (an integer number of fen) cannot improve: the plan is optimal.
ABSOLUTE_GAP = 0.5
SOLUTION_FEASIBLE = 2  # HiGHS's kSolutionStatusFeasible
INTEGRALITY = 1e-6


class PlanStatus(StrEnum):
    OPTIMAL = "optimal"
    INFEASIBLE = "infeasible"
    # The time limit ended the search with a plan whose optimality was not proven.
    FEASIBLE = "feasible"
    # The time limit ended the search before any plan was found (nor infeasibility proven).
    TIME_LIMIT = "time_limit"


@dataclass(frozen=True, slots=True)
class PlanLine:
    id: int
    quantity: int


@dataclass(frozen=True, slots=True)
class Offer:
    """One source for one line. `source` names the capacity it draws on (shared across lines for a
    listing); `breaks` are all-units (min_quantity, unit_price) pairs, the price at a quantity being
    that of the largest min_quantity not above it."""

    line_id: int
    supplier_id: int
    source: tuple[str, int]
    capacity: int
    breaks: tuple[tuple[int, Decimal], ...]
    moq: int = 1

    def segments(self, line_quantity: int) -> list[tuple[int, int, Decimal]]:
        """(lowest, highest, unit price) for each break reachable within capacity and the line."""
        ordered = sorted(self.breaks)
        top = min(self.capacity, line_quantity)
        found = []
        for index, (min_quantity, price) in enumerate(ordered):
            low = max(min_quantity, self.moq, 1)
            high = top if index + 1 == len(ordered) else min(top, ordered[index + 1][0] - 1)
            if low <= high:
                found.append((low, high, price))
        return found

    def price_at(self, quantity: int) -> Decimal | None:
        """The unit price for `quantity` from this offer, or None below its MOQ or first break."""
        eligible = [(min_quantity, price) for min_quantity, price in self.breaks if min_quantity <= quantity]
        if not eligible or quantity < max(self.moq, 1):
            return None
        return max(eligible)[1]


@dataclass(frozen=True, slots=True)
class Take:
    """A quantity of one line taken from one offer at one unit price."""

    offer: Offer
    quantity: int
    unit_price: Decimal

    @property
    def line_total(self) -> Decimal:
        return (self.unit_price * self.quantity).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(slots=True)
class Plan:
    status: PlanStatus
    takes: list[Take] = field(default_factory=list)
    unfilled: dict[int, int] = field(default_factory=dict)
    solve_ms: int = 0
    # Relative distance between the plan and the best bound proven: 0 when optimal.
    gap: float | None = None

    @property
    def suppliers(self) -> list[int]:
        return sorted({take.offer.supplier_id for take in self.takes})

    @property
    def goods_total(self) -> Decimal:
        return sum((take.line_total for take in self.takes), Decimal("0.00"))


def plan_cost(takes: Sequence[Take], per_supplier_cost: Decimal) -> Decimal:
    """Goods plus the cost of each supplier dealt with."""
    suppliers = {take.offer.supplier_id for take in takes}
    return sum((take.line_total for take in takes), Decimal("0.00")) + per_supplier_cost * len(suppliers)


def _fen(amount: Decimal) -> float:
    return float((amount / CENT).to_integral_value(rounding=ROUND_HALF_UP))


@dataclass
class _Model:
    """Column and row arrays for HiGHS, built once per plan."""

    lines: Sequence[PlanLine]
    offers: Sequence[Offer]
    max_suppliers: int | None
    per_supplier_cost: Decimal
    # Cuts valid only when every line must be filled whole (not in the max-fill phase).
    cover_cuts: bool = True
    columns: list[tuple[int, int, int, Decimal]] = field(default_factory=list)  # (offer, low, high, price)
    supplier_column: dict[int, int] = field(default_factory=dict)

    def build(self, highs: highspy.Highs) -> None:
        quantity = {line.id: line.quantity for line in self.lines}
        for index, offer in enumerate(self.offers):
            if offer.line_id in quantity:
                for low, high, price in offer.segments(quantity[offer.line_id]):
                    self.columns.append((index, low, high, price))
        suppliers = sorted({self.offers[c[0]].supplier_id for c in self.columns})
        n = len(self.columns)
        # x columns 0..n-1, y columns n..2n-1, z columns 2n..
        costs = [_fen(price) for _offer, _low, _high, price in self.columns]
        costs += [0.0] * n + [_fen(self.per_supplier_cost)] * len(suppliers)
        upper = [float(high) for _o, _l, high, _p in self.columns] + [1.0] * (n + len(suppliers))
        total = 2 * n + len(suppliers)
        highs.addVars(total, np.zeros(total), np.array(upper))
        highs.changeColsCost(total, np.arange(total, dtype=np.int32), np.array(costs))
        # Only the choices are integer: with y and z fixed, the quantities form a transportation problem
        # (each x in one line row and one source row), whose vertices are integral; `takes` checks it.
        binaries = np.arange(n, total, dtype=np.int32)
        highs.changeColsIntegrality(len(binaries), binaries, np.full(len(binaries), highspy.HighsVarType.kInteger))
        self.supplier_column = {supplier: 2 * n + k for k, supplier in enumerate(suppliers)}
        rows = _Rows()
        by_offer: dict[int, list[int]] = defaultdict(list)
        by_line: dict[int, list[int]] = defaultdict(list)
        by_source: dict[tuple[str, int], list[int]] = defaultdict(list)
        for j, (offer_index, low, high, _price) in enumerate(self.columns):
            offer = self.offers[offer_index]
            if low > 1:  # x ≥ low·y (with low 1, a chosen segment left empty costs nothing and gains nothing)
                rows.add([j, n + j], [1.0, -float(low)], 0.0, np.inf)
            rows.add([j, n + j], [1.0, -float(high)], -np.inf, 0.0)  # x ≤ high·y
            by_offer[offer_index].append(j)
            by_line[offer.line_id].append(j)
            by_source[offer.source].append(j)
        for offer_index, segments in by_offer.items():
            # Σ_b y[o,b] ≤ z[k]: one price per offer, and only from a chosen supplier.
            z = self.supplier_column[self.offers[offer_index].supplier_id]
            rows.add([*(n + j for j in segments), z], [1.0] * len(segments) + [-1.0], -np.inf, 0.0)
        capacity = {offer.source: offer.capacity for offer in self.offers}
        for source, columns in by_source.items():
            rows.add(columns, [1.0] * len(columns), -np.inf, float(capacity[source]))
        self.line_rows = {}
        for line in self.lines:
            columns = by_line.get(line.id, [])
            self.line_rows[line.id] = rows.count
            rows.add(columns, [1.0] * len(columns), float(line.quantity), float(line.quantity))
        if self.max_suppliers is not None and suppliers:
            z = list(self.supplier_column.values())
            rows.add(z, [1.0] * len(z), -np.inf, float(self.max_suppliers))
            if self.cover_cuts:
                self._supplier_cover_cuts(rows, quantity)
        rows.pass_to(highs)

    def _supplier_cover_cuts(self, rows: _Rows, quantity: dict[int, int]) -> None:
        """Valid inequalities that tighten the relaxation when suppliers are limited: the suppliers
        chosen must be able to fill each line, Σ_k min(q, capacity of k for the line)·z_k ≥ q."""
        # What one offer can give a line is its largest segment's top; a supplier's reach is the sum over its offers.
        offer_top: dict[int, int] = defaultdict(int)
        for offer_index, _low, high, _price in self.columns:
            offer_top[offer_index] = max(offer_top[offer_index], high)
        reach: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        for offer_index, top in offer_top.items():
            offer = self.offers[offer_index]
            reach[offer.line_id][offer.supplier_id] += top
        for line_id, by_supplier in reach.items():
            need = quantity[line_id]
            columns = [self.supplier_column[k] for k in by_supplier]
            values = [float(min(need, by_supplier[k])) for k in by_supplier]
            rows.add(columns, values, float(need), np.inf)

    def warm_start(self, highs: highspy.Highs, takes: Sequence[Take]) -> None:
        """Offer HiGHS a known plan (each take at its offer's segment) as its first incumbent."""
        values = [0.0] * highs.getNumCol()
        n = len(self.columns)
        for take in takes:
            for j, (offer_index, low, high, _price) in enumerate(self.columns):
                if self.offers[offer_index] is take.offer and low <= take.quantity <= high:
                    values[j], values[n + j] = float(take.quantity), 1.0
                    values[self.supplier_column[take.offer.supplier_id]] = 1.0
                    break
        solution = highspy.HighsSolution()
        solution.col_value = values
        highs.setSolution(solution)

    def takes(self, values: Sequence[float]) -> list[Take]:
        found = []
        for j, (offer_index, _low, _high, price) in enumerate(self.columns):
            quantity = round(values[j])
            if quantity > 0:
                found.append(Take(offer=self.offers[offer_index], quantity=quantity, unit_price=price))
        return found


class _Rows:
    def __init__(self) -> None:
        self.starts: list[int] = []
        self.index: list[int] = []
        self.value: list[float] = []
        self.lower: list[float] = []
        self.upper: list[float] = []

    @property
    def count(self) -> int:
        return len(self.lower)

    def add(self, columns: Sequence[int], values: Sequence[float], lower: float, upper: float) -> None:
        self.starts.append(len(self.index))
        self.index.extend(columns)
        self.value.extend(values)
        self.lower.append(lower)
        self.upper.append(upper)

    def pass_to(self, highs: highspy.Highs) -> None:
        if not self.lower:
            return
        highs.addRows(
            self.count,
            np.array(self.lower),
            np.array(self.upper),
            len(self.index),
            np.array(self.starts, dtype=np.int32),
            np.array(self.index, dtype=np.int32),
            np.array(self.value),
        )


def _highs(time_limit: float) -> highspy.Highs:
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("time_limit", float(time_limit))
    highs.setOptionValue("mip_rel_gap", 0.0)
    highs.setOptionValue("mip_abs_gap", ABSOLUTE_GAP)
    highs.setOptionValue("threads", 1)
    # A smaller cut pool keeps the root rounds short on the supplier-limited plans (measured on bench/).
    highs.setOptionValue("mip_pool_soft_limit", 500)
    return highs


def _max_fill(model: _Model, time_limit: float) -> dict[int, int]:
    """How much of each line can be filled at most (lines relaxed to ≤ their quantity)."""
    highs = _highs(time_limit)
    model.build(highs)
    n_cols = highs.getNumCol()
    highs.changeColsCost(n_cols, np.arange(n_cols, dtype=np.int32), np.zeros(n_cols))
    for j in range(len(model.columns)):
        highs.changeColCost(j, -1.0)
    for line in model.lines:
        highs.changeRowBounds(model.line_rows[line.id], 0.0, float(line.quantity))
    highs.run()
    filled: dict[int, int] = defaultdict(int)
    for take in model.takes(_integral(highs, model)):
        filled[take.offer.line_id] += take.quantity
    return filled


def _integral(highs: highspy.Highs, model: _Model) -> list[float]:
    """The solution's column values with whole quantities.

    A heuristic's incumbent may hold fractional quantities; with the choices (y, z) fixed, the
    quantities form a transportation problem whose simplex vertex is integral, so re-solve that LP.
    """
    values = list(highs.getSolution().col_value)
    n = len(model.columns)
    if all(abs(v - round(v)) < INTEGRALITY for v in values[:n]):
        return values
    fixed = np.arange(n, len(values), dtype=np.int32)
    chosen = np.array([float(round(values[j])) for j in fixed])
    highs.changeColsBounds(len(fixed), fixed, chosen, chosen)
    highs.changeColsIntegrality(len(fixed), fixed, np.full(len(fixed), highspy.HighsVarType.kContinuous))
    highs.setOptionValue("solver", "simplex")
    highs.run()
    return list(highs.getSolution().col_value)


def _cheapest(per_supplier_cost: Decimal, *plans: Sequence[Take] | None) -> Sequence[Take] | None:
    found = [plan for plan in plans if plan]
    return min(found, key=lambda takes: plan_cost(takes, per_supplier_cost)) if found else None


def _lp_guided_start(
    lines: Sequence[PlanLine],
    offers: Sequence[Offer],
    max_suppliers: int,
    per_supplier_cost: Decimal,
    time_limit: float,
) -> list[Take] | None:
    """A first plan when suppliers are limited, by diving on the LP relaxation: fix the supplier the
    relaxation uses most (largest z, then volume), re-solve, until the limit is reached; then the best plan
    among the chosen suppliers alone, where the limit no longer binds."""
    from marketplace.rfqs.planning.greedy import limited_start  # noqa: PLC0415 - greedy builds on this module

    relaxed = _Model(lines=lines, offers=offers, max_suppliers=max_suppliers, per_supplier_cost=per_supplier_cost)
    highs = _highs(time_limit)
    relaxed.build(highs)
    total = highs.getNumCol()
    highs.changeColsIntegrality(
        total, np.arange(total, dtype=np.int32), np.full(total, highspy.HighsVarType.kContinuous)
    )
    chosen: list[int] = []
    while len(chosen) < max_suppliers:
        highs.run()
        if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            break
        values = highs.getSolution().col_value
        volume: dict[int, float] = defaultdict(float)
        for j, (offer_index, _low, _high, _price) in enumerate(relaxed.columns):
            volume[offers[offer_index].supplier_id] += values[j]
        candidates = [k for k in relaxed.supplier_column if k not in chosen and volume[k] > 0]
        if not candidates:
            break
        best = max(candidates, key=lambda k: (values[relaxed.supplier_column[k]], volume[k]))
        chosen.append(best)
        highs.changeColBounds(relaxed.supplier_column[best], 1.0, 1.0)
    if chosen:
        plan = solve_plan(
            lines=lines,
            offers=[o for o in offers if o.supplier_id in chosen],
            per_supplier_cost=per_supplier_cost,
            time_limit=time_limit,
        )
        if plan.takes and plan.status != PlanStatus.INFEASIBLE:
            return plan.takes
    return limited_start(lines=lines, offers=offers, max_suppliers=max_suppliers)


def solve_plan(
    *,
    lines: Sequence[PlanLine],
    offers: Sequence[Offer],
    max_suppliers: int | None = None,
    per_supplier_cost: Decimal = Decimal("0.00"),
    time_limit: float = 10.0,
    start: Sequence[Take] | None = None,
) -> Plan:
    """The least-cost plan filling every line, or `infeasible` naming what cannot be filled.

    `start` (e.g. the greedy reference's takes) seeds the search with a known feasible plan.
    """
    started = time.perf_counter()
    lines = [line for line in lines if line.quantity > 0]
    model = _Model(lines=lines, offers=offers, max_suppliers=max_suppliers, per_supplier_cost=per_supplier_cost)
    highs = _highs(time_limit)
    model.build(highs)
    if max_suppliers is not None:
        start = _cheapest(
            per_supplier_cost,
            start,
            _lp_guided_start(lines, offers, max_suppliers, per_supplier_cost, time_limit / 4),
        )
    if start:
        model.warm_start(highs, start)
    highs.run()
    status = highs.getModelStatus()
    has_solution = highs.getInfo().primal_solution_status == SOLUTION_FEASIBLE
    if not model.columns and lines:  # nothing to take from: HiGHS calls such a model empty, not infeasible
        status = highspy.HighsModelStatus.kInfeasible
    if status == highspy.HighsModelStatus.kOptimal:
        plan = Plan(status=PlanStatus.OPTIMAL, takes=model.takes(_integral(highs, model)), gap=0.0)
    elif status == highspy.HighsModelStatus.kInfeasible:
        relaxed = _Model(
            lines=lines,
            offers=offers,
            max_suppliers=max_suppliers,
            per_supplier_cost=per_supplier_cost,
            cover_cuts=False,
        )
        filled = _max_fill(relaxed, time_limit)
        unfilled = {line.id: line.quantity - filled.get(line.id, 0) for line in lines}
        plan = Plan(status=PlanStatus.INFEASIBLE, unfilled={k: v for k, v in unfilled.items() if v > 0})
    elif has_solution:
        plan = Plan(status=PlanStatus.FEASIBLE, takes=model.takes(_integral(highs, model)), gap=highs.getInfo().mip_gap)
    else:
        plan = Plan(status=PlanStatus.TIME_LIMIT)
    plan.solve_ms = round((time.perf_counter() - started) * 1000)
    return plan
