"""What the load test's users do, written once for both transports: locust over HTTP
(``locustfile.py``) and Django's in-process client when the baseline captures each request's SQL
(``direct.py``).

A flow calls ``send(name, method, path, body=None, api=False)``: ``name`` is the request type in the
report, ``api`` says the request carries the account's API token (pages use the signed-in session).
``send`` returns the decoded JSON body for API requests and ``None`` for pages.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, Protocol


class Send(Protocol):
    def __call__(
        self,
        name: str,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        api: bool = False,
    ) -> Any: ...


@dataclass(frozen=True)
class Account:
    username: str
    token: str
    cases: list[str]
    referrals: list[str]

    @classmethod
    def from_fixture(cls, item: dict[str, Any]) -> Account:
        return cls(item["username"], item["token"], item["cases"], item["referrals"])


Flow = Callable[[Send, Account, random.Random], None]

# The indicators that meet a combination for an adult in forced labour (the shipped instrument).
INDICATORS: Final = ("AL-D1-01", "AL-D1-08", "AL-D4-01", "AL-D4-04", "AL-D5-01", "AL-D5-02")


def case_list(send: Send, account: Account, rng: random.Random) -> None:
    sort = rng.choice(("", "?sort=opened", "?sort=reference", "?status=Active"))
    send("case list page", "GET", f"/cases/{sort}")


def case_page(send: Send, account: Account, rng: random.Random) -> None:
    send("case page", "GET", f"/cases/{rng.choice(account.cases)}/")


def case_list_api(send: Send, account: Account, rng: random.Random) -> None:
    pages = max(1, min(5, len(account.cases) // 25))  # pages that exist at any size
    send(
        "case list API",
        "GET",
        f"/api/v1/cases/?page_size=25&page={rng.randint(1, pages)}",
        api=True,
    )


def referral_list(send: Send, account: Account, rng: random.Random) -> None:
    send("referral list page", "GET", "/referrals/")


def referral_page(send: Send, account: Account, rng: random.Random) -> None:
    if account.referrals:
        send("referral page", "GET", f"/referrals/{rng.choice(account.referrals)}/")


def screening(send: Send, account: Account, rng: random.Random) -> None:
    """A first responder's screening: start, answer, submit (the submission is the one timed as
    "screening submission"; starting and answering are reported too)."""
    started = send(
        "screening: start",
        "POST",
        "/api/v1/screenings/",
        {
            "interview_language": "en",
            "age_years": rng.randint(18, 60),
            "exploitation_types": ["ForcedLabour"],
        },
        api=True,
    )
    identifier, version = started["id"], started["version"]
    answers = {
        code: {"value": rng.choice(("yes", "yes", "no")), "basis": "self_report"}
        for code in INDICATORS
    }
    answered = send(
        "screening: answers",
        "PUT",
        f"/api/v1/screenings/{identifier}/answers/",
        {"version": version, "answers": answers},
        api=True,
    )
    send(
        "screening submission",
        "POST",
        f"/api/v1/screenings/{identifier}/submit/",
        {"version": answered["version"]},
        api=True,
    )


def statistics_home(send: Send, account: Account, rng: random.Random) -> None:
    send("statistics page", "GET", "/statistics/")


def statistics_table(send: Send, account: Account, rng: random.Random) -> None:
    table = rng.choice(("eurostat-e1", "eurostat-e2", "tip-t5", "flows"))
    send("statistics table page", "GET", f"/statistics/tables/{table}/")


# Role → (flow, weight within the role). The locust user classes weigh the roles.
FLOWS: Final[dict[str, tuple[tuple[Flow, int], ...]]] = {
    "case_worker": (
        (case_list, 3),
        (case_page, 4),
        (case_list_api, 2),
        (referral_list, 1),
        (referral_page, 1),
    ),
    "first_responder": ((screening, 1),),
    "analyst": ((statistics_home, 1), (statistics_table, 2)),
}
