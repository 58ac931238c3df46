"""The embedded default: no DATABASE_URL, no REDIS_URL → SQLite and in-process tasks."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SMOKE = """
import django, json
django.setup()
from django.conf import settings
from django.test import Client
client = Client()
health = client.get("/healthz").json()
reg = client.post("/api/v1/auth/register/", json.dumps({
    "username": "embedded.buyer", "password": "Bearings-2026!", "email": "b@example.com",
    "organization": {"name": "Embedded Buyer", "kind": "buyer", "credit_code": "91350100M000100Y43", "city": "Jinan"}}),
    content_type="application/json")
token = client.post("/api/v1/auth/token/", json.dumps({"username": "embedded.buyer", "password": "Bearings-2026!"}),
    content_type="application/json").json()["token"]
me = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}").json()
from django.core.management import call_command
from marketplace.rfqs.models import Rfq
call_command("seed_demo", size=300, orders=12, stdout=open("/dev/null", "w"))
from rest_framework.authtoken.models import Token
statuses, matched_lines = set(), 0
for rfq in Rfq.objects.filter(status="open").select_related("created_by"):
    buyer_token = Token.objects.get_or_create(user=rfq.created_by)[0].key
    matches = client.get(f"/api/v1/rfqs/{rfq.pk}/matches/", HTTP_AUTHORIZATION=f"Token {buyer_token}")
    statuses.add(matches.status_code)
    matched_lines += sum(1 for line in matches.json()["lines"] if line["matches"])
report = {"matches": sorted(statuses), "matched_lines": matched_lines}
report.update(engine=settings.DATABASES["default"]["ENGINE"], eager=settings.CELERY_TASK_ALWAYS_EAGER)
report.update(health=health, register=reg.status_code, me=me["organization"]["kind"])
print(json.dumps(report))
"""


@pytest.mark.embedded
def test_embedded_default_migrates_seeds_and_matches(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(SQLITE_PATH=str(tmp_path / "embedded.sqlite3"), DJANGO_SETTINGS_MODULE="marketplace.settings")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    result = subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "-c", SMOKE], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["engine"] == "django.db.backends.sqlite3"
    assert report["eager"] is True
    assert report["health"] == {"status": "ok", "database": "ok", "broker": "eager", "replicas": []}
    assert report["register"] == 201
    assert report["me"] == "buyer"
    assert report["matches"] == [200]
    assert report["matched_lines"] >= 1
