"""Seed the fuzz database with the two-tenant world and print its tokens and ids as JSON.

Usage: DATABASE_URL=... python -m tests.fuzz.seed OUT.json
Runs behind the outbound guard with in-process tasks, so notifications, a settlement
and webhook delivery records exist without anything leaving the machine.
"""

import json
import os
import sys
from pathlib import Path

ARGC = 2


def main() -> None:
    if len(sys.argv) != ARGC:
        sys.exit("usage: python -m tests.fuzz.seed OUT.json")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    from tests.security.outbound import outbound_guard

    with outbound_guard() as guard:
        import django

        django.setup()
        from tests.security.world import build_world

        world = build_world()
        ids = {**world.ids, **{f"a_{k}": v for k, v in world.a.ids.items()}}
        ids.update({f"b_{k}": v for k, v in world.b.ids.items()})
        out = {"tokens": world.tokens(), "ids": ids, "refused": guard.connections}
    Path(sys.argv[1]).write_text(json.dumps(out, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
