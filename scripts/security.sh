#!/usr/bin/env bash
# Security checks for CI (called by scripts/test.sh): production settings pass
# `check --deploy`, migrations are complete, bandit finds no high-severity issue, and
# pip-audit finds no known vulnerability in requirements.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin/python

echo "security: manage.py check --deploy (production settings)"
secret=$("$py" -c 'import secrets; print(secrets.token_urlsafe(48))')  # 64 characters
env -u DATABASE_URL -u REDIS_URL DJANGO_DEBUG=0 DJANGO_SECRET_KEY="$secret" \
  DJANGO_ALLOWED_HOSTS=exchange.example.com "$py" manage.py check --deploy --fail-level WARNING

echo "security: makemigrations --check"
"$py" manage.py makemigrations --check --dry-run

echo "security: bandit (high severity fails; exclusions in pyproject.toml [tool.bandit])"
"$py" -m bandit -q -c pyproject.toml -r . --severity-level high --confidence-level low

echo "security: pip-audit requirements.txt"
# Known, accepted advisories go here, one `--ignore-vuln ID` each with a comment saying why.
ignored=()
report=$(mktemp)
trap 'rm -f "$report"' EXIT
audit() {
  "$py" -m pip_audit -r requirements.txt --progress-spinner off --format json --output "$report" \
    "${ignored[@]}" "$@"
}
# The advisory service answered when the report lists vulnerabilities (even none) for a package;
# an unreachable service leaves every package skipped.
answered() {
  "$py" -c 'import json, sys
try:
    deps = json.load(open(sys.argv[1]))["dependencies"]
except (OSError, ValueError, KeyError):
    deps = []
print(int(any("vulns" in d for d in deps)))' "$report"
}
status=0
audit 2>/dev/null || status=$?
if [ "$(answered)" = 0 ]; then
  status=0
  audit --vulnerability-service osv 2>/dev/null || status=$?
fi
answered=$(answered)
if [ "$answered" = 0 ]; then
  echo "security: pip-audit SKIPPED: no vulnerability service reachable (PyPI JSON API and OSV); audit on a networked machine"
elif [ "$status" -ne 0 ]; then
  "$py" -c 'import json,sys
for d in json.load(open(sys.argv[1]))["dependencies"]:
    for v in d.get("vulns", []):
        print(f"  {d[\"name\"]} {d[\"version\"]}: {v[\"id\"]} fixed in {v.get(\"fix_versions\")}")' "$report"
  echo "security: pip-audit found known vulnerabilities"
  exit 1
else
  echo "security: pip-audit: no known vulnerabilities"
fi
echo "security: all checks passed"
