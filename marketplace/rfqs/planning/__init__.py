"""The least-cost award plan across suppliers: a pure model solved as a MILP (no Django here)."""

from marketplace.rfqs.planning.greedy import greedy_plan, greedy_total, limited_start
from marketplace.rfqs.planning.model import Offer, Plan, PlanLine, PlanStatus, Take, plan_cost, solve_plan

__all__ = [
    "Offer",
    "Plan",
    "PlanLine",
    "PlanStatus",
    "Take",
    "greedy_plan",
    "greedy_total",
    "limited_start",
    "plan_cost",
    "solve_plan",
]
