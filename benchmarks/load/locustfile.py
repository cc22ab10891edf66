"""The load test's users for locust: case workers, first responders and analysts, each signed in
through the login page (pages) and holding an API token (API), doing the flows of ``flows.py``.

Run through ``benchmarks/load/run.py``, which prepares the database and names the fixture file
(accounts, tokens, record ids) in WAYPOINT_LOAD_FIXTURES. A response with a status of 400 or more,
or a page that is not the page asked for (a redirect to the login page), counts as an error.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import sys
from pathlib import Path
from typing import Any

from locust import HttpUser, between, task

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.load.flows import FLOWS, Account  # noqa: E402

FIXTURES = json.loads(Path(os.environ["WAYPOINT_LOAD_FIXTURES"]).read_text(encoding="utf-8"))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class SignedInUser(HttpUser):
    abstract = True
    wait_time = between(0.2, 1.0)
    role = ""

    def on_start(self) -> None:
        self.rng = random.Random()  # noqa: S311  picks records, not secrets
        self.account = Account.from_fixture(self.rng.choice(FIXTURES["accounts"][self.role]))
        page = self.client.get("/accounts/login/", name="sign in")
        match = CSRF.search(page.text)
        with self.client.post(
            "/accounts/login/",
            {
                "username": self.account.username,
                "password": FIXTURES["password"],
                "csrfmiddlewaretoken": match.group(1) if match else "",
            },
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="sign in",
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code != 302:
                response.failure(f"sign-in answered {response.status_code}")
        self.flows = [flow for flow, _weight in FLOWS[self.role]]
        self.weights = [weight for _flow, weight in FLOWS[self.role]]

    def send(
        self,
        name: str,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        api: bool = False,
    ) -> Any:
        headers = {"Authorization": f"Token {self.account.token}"} if api else {}
        with self.client.request(
            method,
            path,
            json=body,
            headers=headers,
            name=name,
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code >= 300:
                response.failure(f"{method} answered {response.status_code}")
                raise StopFlow
            return response.json() if api else None

    @task
    def work(self) -> None:
        flow = self.rng.choices(self.flows, weights=self.weights, k=1)[0]
        with contextlib.suppress(StopFlow):
            flow(self.send, self.account, self.rng)


class StopFlow(Exception):
    """A request of the flow failed (already counted): the rest of the flow is skipped."""


class CaseWorker(SignedInUser):
    role = "case_worker"
    weight = 6


class FirstResponder(SignedInUser):
    role = "first_responder"
    weight = 2


class Analyst(SignedInUser):
    role = "analyst"
    weight = 1
