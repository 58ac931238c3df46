"""A market day's mix for locust, driven by bench/loadtest.py (which seeds the market, starts
gunicorn and a Celery worker on loopback and measures CPU per request).

Suppliers sync stock (bulk upserts of their own SKUs) and now and then import a spreadsheet;
buyers search, post RFQs and read their matches, and place orders that their suppliers confirm
and ship and the buyer takes delivery of (a worker then settles each). LOADTEST_DATA names the
JSON file of tokens, SKUs and designations the driver wrote.
"""

import json
import os
import random
import uuid
from pathlib import Path
from typing import Any

from locust import HttpUser, between, task

DATA: dict[str, Any] = (
    json.loads(Path(os.environ["LOADTEST_DATA"]).read_text()) if "LOADTEST_DATA" in os.environ else {}
)
IMPORT_HEADER = "sku,brand,designation,quantity_available,unit_price,moq,lead_time_days,warehouse_city\n"


def auth(token: str, creating: bool = False) -> dict[str, str]:
    headers = {"Authorization": f"Token {token}"}
    if creating:
        headers["Idempotency-Key"] = uuid.uuid4().hex
    return headers


class Supplier(HttpUser):
    """A supplier's ERP keeps stock in step; a clerk imports a price list once in a while."""

    weight = 1
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.me = random.choice(DATA["suppliers"])

    @task(8)
    def sync_stock(self) -> None:
        items = random.sample(self.me["listings"], min(20, len(self.me["listings"])))
        body = {
            "listings": [
                {
                    "sku": item["sku"],
                    "brand": item["brand"],
                    "designation": item["designation"],
                    "quantity_available": random.randint(0, 500),
                    "moq": 1,
                    "lead_time_days": random.choice((0, 0, 3, 7)),
                    "price_breaks": [{"min_quantity": 1, "unit_price": item["price"]}],
                    "warehouse_city": "Linqing",
                }
                for item in items
            ]
        }
        self.client.post("/api/v1/listings/bulk/", json=body, headers=auth(self.me["token"]), name="listings bulk")

    @task(1)
    def import_price_list(self) -> None:
        rows = [
            f"{item['sku']},{item['brand']},{item['designation']},{random.randint(0, 500)},{item['price']},1,0,Linqing"
            for item in random.sample(self.me["listings"], min(200, len(self.me["listings"])))
        ]
        content = (IMPORT_HEADER + "\n".join(rows) + "\n").encode()
        self.client.post(
            "/api/v1/listing-imports/",
            files={"file": ("prices.csv", content, "text/csv")},
            headers=auth(self.me["token"], creating=True),
            name="listing import",
        )


class Buyer(HttpUser):
    """A buyer's purchasing desk: searches most, posts RFQs and reads matches, places orders."""

    weight = 3
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.me = random.choice(DATA["buyers"])
        self.rfqs: list[int] = []

    @task(10)
    def search(self) -> None:
        q = random.choice(DATA["designations"])
        self.client.get("/api/v1/listings/", params={"q": q}, headers=auth(self.me["token"]), name="listings search")

    @task(1)
    def post_rfq(self) -> None:
        lines = [
            {"designation": d, "quantity": random.choice((10, 50, 100, 500))}
            for d in random.sample(DATA["designations"], 5)
        ]
        body = {"title": "Maintenance spares", "delivery_city": "Jinan", "lines": lines}
        with self.client.post(
            "/api/v1/rfqs/", json=body, headers=auth(self.me["token"], creating=True), name="rfq create",
            catch_response=True,
        ) as response:  # fmt: skip
            if response.status_code == 201:
                self.rfqs.append(response.json()["id"])

    @task(3)
    def read_matches(self) -> None:
        if not self.rfqs:
            return
        rfq = random.choice(self.rfqs[-5:])
        self.client.get(
            f"/api/v1/rfqs/{rfq}/matches/", params={"limit": 5}, headers=auth(self.me["token"]), name="rfq matches"
        )

    @task(2)
    def order_through_delivery(self) -> None:
        supplier = random.choice(DATA["suppliers"])
        listing = random.choice(supplier["listings"])
        body = {"lines": [{"listing": listing["id"], "quantity": 1}]}
        with self.client.post(
            "/api/v1/orders/", json=body, headers=auth(self.me["token"], creating=True), name="order place",
            catch_response=True,
        ) as response:  # fmt: skip
            if response.status_code == 409:  # out of stock: a normal answer in a market
                response.success()
                return
            if response.status_code != 201:
                return
            order = response.json()["id"]
        seller = auth(supplier["token"])
        self.client.post(f"/api/v1/orders/{order}/confirm/", headers=seller, name="order confirm")
        self.client.post(
            f"/api/v1/orders/{order}/ship/", json={"tracking_number": "SF1"}, headers=seller, name="order ship"
        )
        self.client.post(f"/api/v1/orders/{order}/deliver/", headers=auth(self.me["token"]), name="order deliver")
