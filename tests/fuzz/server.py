"""Serve the project with gunicorn behind the outbound guard, for the schema fuzzer.

Usage: python -m tests.fuzz.server 127.0.0.1:PORT GUARD_LOG
Every refused outbound connection or lookup is appended to GUARD_LOG.
"""

import sys
from pathlib import Path

from tests.security.outbound import OutboundGuard, install

ARGC = 3


def main() -> None:
    if len(sys.argv) != ARGC or not sys.argv[1].startswith("127.0.0.1:"):
        sys.exit("usage: python -m tests.fuzz.server 127.0.0.1:PORT GUARD_LOG")
    bind, log_path = sys.argv[1], Path(sys.argv[2])
    install(OutboundGuard(log_path))
    from gunicorn.app.wsgiapp import run

    sys.argv = [
        "gunicorn",
        "marketplace.wsgi:application",
        f"--bind={bind}",
        "--workers=2",
        "--timeout=60",
        "--graceful-timeout=5",
        "--error-logfile=-",
        "--log-level=warning",
        # No request-line or header size limit: the fuzzer's long query strings reach the
        # application (in production gunicorn's defaults answer 414/431 before it).
        "--limit-request-line=0",
        "--limit-request-field_size=0",
    ]
    run()


if __name__ == "__main__":
    main()
