"""Before locust measures: every flow a few times over HTTP, so each gunicorn worker has imported
its modules and compiled its templates (first requests are not what a running server answers in).
One sign-in per role, well under the sign-in rate limit."""

from __future__ import annotations

import http.cookiejar
import json
import random
import re
import urllib.parse
import urllib.request
from typing import Any

from benchmarks.load.flows import FLOWS, Account

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class HttpSend:
    """A ``send`` for the flows over HTTP, signed in as ``account``."""

    def __init__(self, base: str, account: Account, password: str) -> None:
        self.base = base
        self.account = account
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        with self.opener.open(f"{base}/accounts/login/", timeout=60) as page:
            match = CSRF.search(page.read().decode())
        form = urllib.parse.urlencode(
            {
                "username": account.username,
                "password": password,
                "csrfmiddlewaretoken": match.group(1) if match else "",
            }
        ).encode()
        request = urllib.request.Request(
            f"{base}/accounts/login/", data=form, headers={"Referer": f"{base}/accounts/login/"}
        )
        with self.opener.open(request, timeout=60) as answer:
            if "/accounts/login/" in answer.geturl():
                raise RuntimeError(f"warm-up: {account.username} could not sign in")

    def __call__(
        self,
        name: str,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        api: bool = False,
    ) -> Any:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        if api:
            headers["Authorization"] = f"Token {self.account.token}"
        request = urllib.request.Request(
            f"{self.base}{path}",
            data=json.dumps(body).encode() if body is not None else None,
            headers=headers,
            method=method,
        )
        with self.opener.open(request, timeout=120) as answer:  # raises on 4xx and 5xx
            content = answer.read()
        return json.loads(content) if api else None


def warm_up(base: str, fixtures: dict[str, Any], *, rounds: int) -> None:
    rng = random.Random(11)  # noqa: S311  picks records, not secrets
    for role, flows in FLOWS.items():
        account = Account.from_fixture(fixtures["accounts"][role][0])
        send = HttpSend(base, account, fixtures["password"])
        for _round in range(rounds):
            for flow, _weight in flows:
                flow(send, account, rng)
