"""Security fixtures: no outbound traffic, and one shared two-tenant world per module."""

from collections.abc import Iterator

import pytest
from django.db import transaction
from django.test import override_settings

from marketplace.celery import app as celery_app
from tests.security.outbound import OutboundGuard, outbound_guard
from tests.security.world import World, build_world


@pytest.fixture(autouse=True, scope="module")
def _no_outbound_traffic() -> Iterator[OutboundGuard]:
    """Every connection except to loopback is refused; a test run that tried one fails."""
    with outbound_guard() as guard:
        yield guard
    assert guard.connections == [], f"outbound connections attempted: {guard.connections}"


@pytest.fixture(scope="module")
def world(
    django_db_setup: None, django_db_blocker: object, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    """Built once per module inside a transaction that is rolled back at the end.

    The atomic block is marked as a test case's (as Django's setUpTestData does), so the
    services' durable transactions nest in it, and each test's own transaction rolls back
    whatever that test changed.
    """
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    with media, django_db_blocker.unblock():  # type: ignore[attr-defined]
        atomic = transaction.atomic()
        atomic._from_testcase = True  # type: ignore[attr-defined]
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


MATRIX_TESTS = {
    "test_other_organisation_never_reaches_the_object": "object x verb x other role",
    "test_lists_never_contain_another_organisations_objects": "list x other role",
}


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the size of the isolation matrix that ran."""
    lines = []
    for test, label in MATRIX_TESTS.items():
        counts = {
            outcome: sum(
                1
                for report in terminalreporter.stats.get(outcome, [])
                if getattr(report, "when", "") == "call" and f"::{test}[" in report.nodeid
            )
            for outcome in ("passed", "failed")
        }
        if any(counts.values()):
            lines.append(f"{sum(counts.values())} {label} ({counts['failed']} failed)")
    if lines:
        terminalreporter.write_line("tenant isolation matrix: " + "; ".join(lines))
