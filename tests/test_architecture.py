"""The floors of docs/architecture.md, checked on every import of every production module.

Imports are read with `ast`, so those inside function bodies (and under TYPE_CHECKING) count too.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("marketplace", "catalog", "orders")

# The floors, lowest first; a module is on the floor of its longest listed prefix.
FLOORS: dict[str, int] = {
    "marketplace.core": 1,
    "marketplace.organizations": 1,
    "catalog": 2,
    "orders": 3,
    "marketplace.rfqs": 4,
    "marketplace.pools": 4,
    "marketplace.custom": 4,
    "marketplace.insights": 5,
    "marketplace.backoffice": 6,
    "marketplace.demo": 6,
    "marketplace.urls": 6,
    "marketplace.settings": 6,
    "marketplace.celery": 6,
    "marketplace.wsgi": 6,
    "marketplace.asgi": 6,
    "marketplace": 6,  # the project package itself (its __init__ loads the Celery app)
}
FRONT_ROOMS = ("marketplace.rfqs", "marketplace.pools", "marketplace.custom")
INSIGHTS = "marketplace.insights"
INSIGHTS_READERS = ("marketplace.insights", "marketplace.backoffice", "marketplace.demo", "marketplace.urls")
PURE = "catalog.designations"
FRAMEWORKS = ("django", "rest_framework", "drf_spectacular", "django_filters", "celery", "kombu")


@dataclass(frozen=True)
class Import:
    module: str
    target: str
    line: int

    def __str__(self) -> str:
        return f"{self.module}:{self.line} imports {self.target}"


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _owner(name: str, prefixes: tuple[str, ...] | list[str]) -> str | None:
    matches = [prefix for prefix in prefixes if _within(name, prefix)]
    return max(matches, key=len) if matches else None


def floor_of(name: str) -> int | None:
    owner = _owner(name, list(FLOORS))
    return FLOORS[owner] if owner else None


def production_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts or "tests" in parts:
                continue
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = path
    return modules


def imports_of(name: str, path: Path, known: set[str]) -> list[Import]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [Import(name, alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                # `from orders import models` imports the module orders.models, not the package.
                submodule = f"{base}.{alias.name}"
                found.append(Import(name, submodule if submodule in known else base, node.lineno))
    return found


def all_imports() -> list[Import]:
    modules = production_modules()
    known = set(modules)
    return [found for name, path in modules.items() for found in imports_of(name, path, known)]


def violation(imported: Import) -> str | None:
    """Why this import crosses a floor the wrong way, or None."""
    source, target = imported.module, imported.target
    source_floor, target_floor = floor_of(source), floor_of(target)
    source_room, target_room = _owner(source, FRONT_ROOMS), _owner(target, FRONT_ROOMS)
    rules = [
        (
            _within(source, PURE)
            and (_owner(target, FRAMEWORKS) is not None or (target_floor is not None and not _within(target, PURE))),
            "the designation parser imports nothing of Django or of the apps",
        ),
        (_within(target, "tests"), "production code never imports the tests"),
        (
            source_room is not None and target_room is not None and source_room != target_room,
            "front rooms never import each other",
        ),
        (
            _within(target, INSIGHTS) and _owner(source, INSIGHTS_READERS) is None,
            "insights is imported only by the back office, the demo and the urls",
        ),
        (
            target_floor is not None and source_floor is not None and target_floor > source_floor,
            f"floor {source_floor} imports floor {target_floor}",
        ),
    ]
    return next((why for broken, why in rules if broken), None)


def test_every_production_module_is_on_a_floor() -> None:
    assert [name for name in production_modules() if floor_of(name) is None] == []


def test_the_walk_sees_imports_inside_function_bodies() -> None:
    modules = production_modules()
    found = imports_of(
        "orders.notifications.services.outbox", modules["orders.notifications.services.outbox"], set(modules)
    )
    assert any(i.target == "orders.notifications.tasks" for i in found)


def test_no_import_crosses_a_floor_the_wrong_way() -> None:
    crossings = [f"{found} ({why})" for found in all_imports() if (why := violation(found))]
    assert crossings == []


@pytest.mark.parametrize(
    ("source", "target", "allowed"),
    [
        ("orders.services.placement", "catalog.models", True),
        ("catalog.services.bulk", "orders.models", False),
        ("orders.models", "marketplace.rfqs.models", False),
        ("marketplace.rfqs.services.awards", "orders.services", True),
        ("marketplace.pools.services", "marketplace.rfqs.models", False),
        ("marketplace.custom.services", "marketplace.pools.models", False),
        ("marketplace.insights.services", "marketplace.rfqs.models", True),
        ("marketplace.rfqs.selectors", "marketplace.insights.scores", False),
        ("marketplace.backoffice.dashboard", "marketplace.insights.scores", True),
        ("marketplace.settings", "marketplace.insights.scores", False),
        ("marketplace.core.money", "marketplace.organizations.models", True),
        ("marketplace.organizations.models", "catalog.models", False),
        ("catalog.designations.parser", "django.db", False),
        ("catalog.designations.parser", "catalog.models", False),
        ("catalog.designations.parser", "catalog.designations.model", True),
        ("catalog.models", "catalog.designations", True),
        ("orders.claims.services", "orders.settlement.ledger", True),
        ("marketplace.demo.trading", "marketplace.rfqs.services", True),
        ("orders.services", "tests.factories", False),
    ],
)
def test_the_floor_rules(source: str, target: str, allowed: bool) -> None:
    assert (violation(Import(source, target, 1)) is None) is allowed
