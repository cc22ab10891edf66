"""The permission matrix: every endpoint and page of national coordination, tried by every role of
organisation A. Allowed roles get through; every other role gets 403 (saying why) or 404, no data
and no change in the database, the audit log or the mail outbox."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from waypoint.access.roles import Role
from waypoint.action_plans.models import ProgressReport
from waypoint.action_plans.services.reports import reporter_name
from waypoint.action_plans.services.tip import criterion_entry_update
from waypoint.audit.models import AuditEvent
from waypoint.testing.factories import actor_for, api_client, member, signed_in_client

EVERYONE = frozenset(Role)
COORDINATOR = frozenset({Role.COORDINATOR})
REPORTERS = frozenset({Role.COORDINATOR, Role.ORG_ADMIN})  # both may report for their organisation
ORG_ADMIN = frozenset({Role.ORG_ADMIN})
API = "/api/v1/action-plans"
PAGES = "/action-plans"
SECRET = "Confidential account of a cooperation case"


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    url: Callable[[dict], str]
    allowed: frozenset[Role]
    data: Callable[[dict], Any] | None = None
    fmt: str = "json"
    reset: Callable[[dict], None] | None = None
    ok: tuple[int, ...] = (200, 201, 204)
    extra: dict = field(default_factory=dict)


def _plan(w):
    return w["a1"].plan.public_id


def _no_report(w):
    ProgressReport.objects.filter(round=w["current"], action=w["a1"]).delete()


API_CASES = [
    Case("plans list", "get", lambda w: f"{API}/plans/", EVERYONE),
    Case(
        "plan create",
        "post",
        lambda w: f"{API}/plans/",
        COORDINATOR,
        lambda w: {
            "title": "P",
            "kind": "strategy",
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
        },
    ),
    Case("plan detail", "get", lambda w: f"{API}/plans/{_plan(w)}/", EVERYONE),
    Case(
        "plan update",
        "patch",
        lambda w: f"{API}/plans/{_plan(w)}/",
        COORDINATOR,
        lambda w: {"summary": "s", "version": 1},
    ),
    Case(
        "pillar create",
        "post",
        lambda w: f"{API}/plans/{_plan(w)}/pillars/",
        COORDINATOR,
        lambda w: {"code": "research", "name": "Research"},
    ),
    Case("actions list", "get", lambda w: f"{API}/actions/", EVERYONE),
    Case(
        "action update",
        "patch",
        lambda w: f"{API}/actions/{w['b1'].public_id}/",
        COORDINATOR,
        lambda w: {"title": "Renamed", "version": w["b1"].version},
    ),
    Case(
        "indicator create",
        "post",
        lambda w: f"{API}/actions/{w['b1'].public_id}/indicators/",
        COORDINATOR,
        lambda w: {"kind": "output", "name": "n"},
    ),
    Case("rounds list", "get", lambda w: f"{API}/plans/{_plan(w)}/rounds/", EVERYONE),
    Case("round detail", "get", lambda w: f"{API}/rounds/{w['passed'].public_id}/", EVERYONE),
    Case("reminders", "post", lambda w: f"{API}/reminders/", COORDINATOR, lambda w: {}),
    Case("my reporting", "get", lambda w: f"{API}/my-reporting/", REPORTERS),
    Case(
        "report save",
        "post",
        lambda w: f"{API}/reports/",
        REPORTERS,
        lambda w: {
            "round": str(w["current"].public_id),
            "action": str(w["a1"].public_id),
            "status": "on_track",
            "narrative": "n",
            "submit": True,
        },
        reset=_no_report,
    ),
    Case("reporters", "get", lambda w: f"{API}/reporters/", ORG_ADMIN),
    Case("recommendations", "get", lambda w: f"{API}/recommendations/", EVERYONE),
    Case(
        "recommendation create",
        "post",
        lambda w: f"{API}/recommendations/",
        COORDINATOR,
        lambda w: {"source": "greta", "text": "Improve data."},
    ),
    Case(
        "recommendation status",
        "post",
        lambda w: f"{API}/recommendations/{w['recommendation'].public_id}/status/",
        COORDINATOR,
        lambda w: {"stated_status": "not_started", "version": w["recommendation"].version},
    ),
    Case(
        "recommendation attachment",
        "post",
        lambda w: f"{API}/recommendations/{w['recommendation'].public_id}/attachments/",
        COORDINATOR,
        lambda w: {"file": SimpleUploadedFile("e.txt", b"evidence", "text/plain")},
        fmt="multipart",
    ),
    Case("tracker", "get", lambda w: f"{API}/recommendation-tracker/", EVERYONE),
    Case("tiers", "get", lambda w: f"{API}/tiers/", EVERYONE),
    Case(
        "tier record",
        "post",
        lambda w: f"{API}/tiers/",
        COORDINATOR,
        lambda w: {"report_year": 2020, "tier": "tier_2"},
    ),
    Case("trainings", "get", lambda w: f"{API}/trainings/", EVERYONE),
    Case(
        "training create",
        "post",
        lambda w: f"{API}/trainings/",
        COORDINATOR,
        lambda w: {"topic": "t", "start_date": "2026-01-05", "organiser_name": "University"},
    ),
    Case("campaigns", "get", lambda w: f"{API}/campaigns/", EVERYONE),
    Case(
        "campaign create",
        "post",
        lambda w: f"{API}/campaigns/",
        COORDINATOR,
        lambda w: {"title": "t", "start_date": "2026-01-05", "organiser_name": "NGO"},
    ),
    Case("prevention totals", "get", lambda w: f"{API}/prevention-totals/", EVERYONE),
    Case("funding", "get", lambda w: f"{API}/funding/", EVERYONE),
    Case("progress", "get", lambda w: f"{API}/plans/{_plan(w)}/progress/", EVERYONE),
    Case("stakeholders", "get", lambda w: f"{API}/plans/{_plan(w)}/stakeholders/", EVERYONE),
    Case("tip list", "get", lambda w: f"{API}/tip-submissions/", COORDINATOR),
    Case(
        "tip detail",
        "get",
        lambda w: f"{API}/tip-submissions/{w['submission'].public_id}/",
        COORDINATOR,
    ),
    Case(
        "tip criterion",
        "get",
        lambda w: f"{API}/tip-submissions/{w['submission'].public_id}/criteria/SSE4/",
        COORDINATOR,
    ),
    Case(
        "tip criterion update",
        "put",
        lambda w: f"{API}/tip-submissions/{w['submission'].public_id}/criteria/SSE5/",
        COORDINATOR,
        lambda w: {"narrative": "x", "status": "drafting", "version": 1},
    ),
]

PAGE_CASES = [
    Case("home", "get", lambda w: f"{PAGES}/", EVERYONE),
    Case("plan new", "get", lambda w: f"{PAGES}/plans/new/", COORDINATOR),
    Case("plan", "get", lambda w: f"{PAGES}/plans/{_plan(w)}/", EVERYONE),
    Case("plan edit", "get", lambda w: f"{PAGES}/plans/{_plan(w)}/edit/", COORDINATOR),
    Case("structure", "get", lambda w: f"{PAGES}/plans/{_plan(w)}/structure/", COORDINATOR),
    Case("actions", "get", lambda w: f"{PAGES}/plans/{_plan(w)}/actions/", EVERYONE),
    Case("action", "get", lambda w: f"{PAGES}/actions/{w['a1'].public_id}/", EVERYONE),
    Case("action edit", "get", lambda w: f"{PAGES}/actions/{w['a1'].public_id}/edit/", COORDINATOR),
    Case("rounds", "get", lambda w: f"{PAGES}/plans/{_plan(w)}/rounds/", EVERYONE),
    Case(
        "round add",
        "post",
        lambda w: f"{PAGES}/plans/{_plan(w)}/rounds/",
        COORDINATOR,
        lambda w: {"schedule": "1", "schedule-frequency": "yearly", "schedule-deadline_days": "10"},
        ok=(302,),
    ),
    Case("round", "get", lambda w: f"{PAGES}/rounds/{w['passed'].public_id}/", EVERYONE),
    Case(
        "remind",
        "post",
        lambda w: f"{PAGES}/rounds/{w['passed'].public_id}/remind/",
        COORDINATOR,
        lambda w: {},
        ok=(302,),
    ),
    Case("my reporting", "get", lambda w: f"{PAGES}/reporting/", REPORTERS),
    Case(
        "report form",
        "get",
        lambda w: f"{PAGES}/reporting/{w['current'].public_id}/{w['a1'].public_id}/",
        REPORTERS,
    ),
    Case("reporters", "get", lambda w: f"{PAGES}/reporters/", ORG_ADMIN),
    Case("monitoring", "get", lambda w: f"{PAGES}/plans/{_plan(w)}/monitoring/", EVERYONE),
    Case("monitoring xlsx", "get", lambda w: f"{PAGES}/plans/{_plan(w)}/monitoring.xlsx", EVERYONE),
    Case("tracker", "get", lambda w: f"{PAGES}/tracker/", EVERYONE),
    Case("recommendations", "get", lambda w: f"{PAGES}/recommendations/", EVERYONE),
    Case("recommendation new", "get", lambda w: f"{PAGES}/recommendations/new/", COORDINATOR),
    Case("tiers", "get", lambda w: f"{PAGES}/tiers/", EVERYONE),
    Case(
        "tier record",
        "post",
        lambda w: f"{PAGES}/tiers/",
        COORDINATOR,
        lambda w: {"report_year": "2019", "tier": "tier_2"},
        ok=(302,),
    ),
    Case("trainings", "get", lambda w: f"{PAGES}/trainings/", EVERYONE),
    Case("training new", "get", lambda w: f"{PAGES}/trainings/new/", COORDINATOR),
    Case("campaigns", "get", lambda w: f"{PAGES}/campaigns/", EVERYONE),
    Case("tip", "get", lambda w: f"{PAGES}/tip/", COORDINATOR),
    Case(
        "tip workspace", "get", lambda w: f"{PAGES}/tip/{w['submission'].public_id}/", COORDINATOR
    ),
    Case(
        "tip criterion",
        "get",
        lambda w: f"{PAGES}/tip/{w['submission'].public_id}/criteria/SSE4/",
        COORDINATOR,
    ),
    Case(
        "tip pdf",
        "get",
        lambda w: f"{PAGES}/tip/{w['submission'].public_id}/submission.pdf",
        COORDINATOR,
    ),
    Case(
        "tip docx",
        "get",
        lambda w: f"{PAGES}/tip/{w['submission'].public_id}/submission.docx",
        COORDINATOR,
    ),
]


def _snapshot(mailbox):
    counts = tuple(
        model.objects.count() for model in apps.get_app_config("action_plans").get_models()
    )
    return counts, AuditEvent.objects.count(), len(mailbox)


def _prepare(world, coordinator, coordination, org_a, admin_a):
    """A TIP narrative nobody else may read, and a named reporter only org A's admin may list."""
    entry = world["submission"].entries.get(criterion="SSE4")
    criterion_entry_update(
        actor=actor_for(coordinator, coordination),
        entry=entry,
        narrative=SECRET,
        status="drafting",
        expected_version=entry.version,
    )
    reporter_name(
        actor=actor_for(admin_a, org_a),
        user=member(org_a, Role.CASE_WORKER, username="named.reporter"),
    )


def _check(case, world, client, role, mailoutbox):
    if case.reset:
        case.reset(world)
    before = _snapshot(mailoutbox)
    data = case.data(world) if case.data else None
    url = case.url(world)
    if case.fmt == "multipart":
        response = getattr(client, case.method)(url, data, format="multipart")
    elif data is not None and hasattr(client, "credentials"):
        response = getattr(client, case.method)(url, data, format="json")
    elif data is not None:
        response = getattr(client, case.method)(url, data)
    else:
        response = getattr(client, case.method)(url)
    content = response.content.decode(errors="replace")
    if role in case.allowed:
        assert response.status_code in case.ok, (
            case.name,
            role,
            response.status_code,
            content[:500],
        )
        return
    assert response.status_code in (403, 404), (case.name, role, response.status_code)
    if response.status_code == 403:
        assert "may" in content or "allow" in content or "report" in content, (case.name, role)
    assert SECRET not in content
    assert "named.reporter" not in content
    assert _snapshot(mailoutbox) == before, (case.name, role)


@pytest.mark.django_db
@pytest.mark.parametrize("case", API_CASES, ids=lambda case: case.name)
def test_api_permission_matrix(case, world, coordinator, coordination, org_a, admin_a, mailoutbox):
    _prepare(world, coordinator, coordination, org_a, admin_a)
    for role in Role:
        person = member(org_a, role)
        client = api_client(person)
        world["b1"].refresh_from_db()
        world["recommendation"].refresh_from_db()
        _check(case, world, client, role, mailoutbox)


@pytest.mark.django_db
@pytest.mark.parametrize("case", PAGE_CASES, ids=lambda case: case.name)
def test_page_permission_matrix(case, world, coordinator, coordination, org_a, admin_a, mailoutbox):
    _prepare(world, coordinator, coordination, org_a, admin_a)
    for role in Role:
        person = member(org_a, role)
        _check(case, world, signed_in_client(person), role, mailoutbox)


@pytest.mark.django_db
def test_an_organisation_never_reaches_another_organisations_drafts_or_reporters(
    world, admin_a, admin_b, org_a, org_b, mailoutbox
):
    from waypoint.action_plans.services.reports import ReportData, report_save

    draft = report_save(
        actor=actor_for(admin_a, org_a),
        reporting_round=world["current"],
        action=world["a2"],
        data=ReportData(status="on_track", narrative="Draft only A sees"),
    )
    reporter_name(
        actor=actor_for(admin_a, org_a),
        user=member(org_a, Role.CASE_WORKER, username="named.reporter"),
    )
    client = api_client(admin_b, org_b)
    before = _snapshot(mailoutbox)
    assert client.get(f"{API}/reports/{draft.public_id}/").status_code == 404
    listed = client.get(f"{API}/reports/").content.decode()
    assert "Draft only A sees" not in listed
    assert "named.reporter" not in client.get(f"{API}/reporters/").content.decode()
    page = signed_in_client(admin_b, org_b).get(
        f"{PAGES}/reporting/{world['current'].public_id}/{world['a2'].public_id}/"
    )
    assert page.status_code == 404
    assert _snapshot(mailoutbox) == before
