"""Dashboards per role: the coordinator's national overview, an organisation's activity, a case
worker's caseload; and what roles without case data or statistics get (no figures)."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from waypoint.access.roles import Role
from waypoint.cases import services as cases
from waypoint.people.services import person_create
from waypoint.reporting.activity import current_quarter
from waypoint.reporting.dashboards import ORGANISATION, current_tip_token, dashboard_for
from waypoint.testing.factories import actor_for, member, signed_in_client


def panel(html, title):
    """The HTML of the dashboard panel with this title."""
    start = html.index(f">{title}</h2>")
    return html[start : html.index("</section>", start)]


def figures(fragment):
    return [int(v.replace(",", "")) for v in re.findall(r'data-status="value">([\d,]+)<', fragment)]


def row_figures(fragment, label):
    """The figures of the data-table row labelled ``label`` in a panel."""
    row = re.search(rf"<th scope=\"row\">{re.escape(label)}</th>(.*?)</tr>", fragment, re.S)
    assert row, label
    return figures(row.group(1))


@pytest.fixture
def work(org_a, org_b):
    """Cases and tasks of two organisations, made through the services."""
    today = timezone.localdate()
    earlier = today - dt.timedelta(days=10)
    worker = member(org_a, Role.CASE_WORKER)
    colleague = member(org_a, Role.CASE_WORKER)
    outsider = member(org_b, Role.CASE_WORKER)
    actors = {
        "worker": actor_for(worker, org_a),
        "colleague": actor_for(colleague, org_a),
        "outsider": actor_for(outsider, org_b),
    }

    def open_case(actor, opened_on):
        someone = person_create(actor=actor, values={"gender": "Feminine", "age_band": "adult"})
        return cases.case_open(actor=actor, persons=[(someone, "victim")], opened_on=opened_on)

    mine = [open_case(actors["worker"], earlier), open_case(actors["worker"], today)]
    closed = open_case(actors["worker"], earlier)
    cases.case_close(
        actor=actors["worker"],
        case=closed,
        closure_reason="SupportCompleted",
        closed_on=today,
        expected_version=closed.version,
    )
    theirs = open_case(actors["colleague"], earlier)
    open_case(actors["outsider"], today)
    cases.task_create(
        actor=actors["worker"],
        case=mine[0],
        title="Call the shelter",
        due_on=today - dt.timedelta(days=1),
    )
    cases.task_create(
        actor=actors["worker"],
        case=mine[0],
        title="Book an interpreter",
        due_on=today + dt.timedelta(days=3),
    )
    cases.task_create(actor=actors["worker"], case=mine[1], title="Ask about documents")
    cases.task_create(
        actor=actors["colleague"],
        case=theirs,
        title="Follow up",
        due_on=today - dt.timedelta(days=2),
    )
    return {"users": (worker, colleague, outsider), "earlier": earlier, "today": today}


def in_quarter(day):
    quarter = current_quarter(timezone.localdate())
    return quarter.start <= day <= quarter.end


@pytest.mark.django_db
def test_a_case_worker_sees_their_caseload(work, org_a):
    worker, _colleague, _outsider = work["users"]
    html = signed_in_client(worker).get("/statistics/").content.decode()
    assert "<h1>Your caseload</h1>" in html
    cases_panel = panel(html, "Your cases by status")
    assert row_figures(cases_panel, "Active") == [2]
    assert row_figures(cases_panel, "Closed") == [1]
    tasks = panel(html, "Your tasks due and overdue")
    assert row_figures(tasks, "Overdue") == [1]  # the colleague's overdue task is not theirs
    assert row_figures(tasks, "Due within 7 days") == [1]
    assert row_figures(tasks, "No due date") == [1]
    assert "<svg" in tasks  # each chart with its data table
    assert "The figures in this chart" in tasks
    # The organisation's activity counts the organisation's cases only (not organisation B's).
    activity = panel(html, "Cases opened and closed, persons registered")
    opened_now = 1 + 3 * in_quarter(work["earlier"])
    assert row_figures(activity, "Cases opened")[0] == opened_now
    assert row_figures(activity, "Cases closed")[0] == 1
    decisions = panel(html, "Identification decisions awaited")
    assert row_figures(decisions, "Awaiting the preliminary decision") == [0, 0]
    assert "Internal — not for publication" not in html


@pytest.mark.django_db
def test_a_supervisor_sees_the_organisations_activity(work, org_a):
    supervisor = member(org_a, Role.CASE_SUPERVISOR)
    html = signed_in_client(supervisor).get("/statistics/").content.decode()
    assert "Your organisation&#x27;s activity" in html
    tasks = panel(html, "Open tasks on your organisation&#x27;s cases")
    assert row_figures(tasks, "Overdue") == [2]  # the worker's and the colleague's
    statuses = panel(html, "Your organisation&#x27;s cases by status")
    assert row_figures(statuses, "Active") == [3]
    assert row_figures(statuses, "Closed") == [1]
    activity = panel(html, "Cases opened and closed, persons registered")
    registered_now = 1 + 3 * in_quarter(work["earlier"])
    assert row_figures(activity, "Persons registered as victims")[0] == registered_now
    referrals = panel(html, "Referrals made and received by your organisation")
    assert row_figures(referrals, "NRM referrals made") == [0, 0]


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.ORG_ADMIN, Role.AUDITOR, Role.SYSTEM_ADMIN])
def test_roles_without_case_data_see_no_figure_and_are_told_why(work, org_a, role):
    user = member(org_a, role)
    assert dashboard_for(actor_for(user, org_a)) is ORGANISATION
    html = signed_in_client(user).get("/statistics/").content.decode()
    assert "Your role does not include case data" in html
    assert 'data-status="value"' not in html
    assert "<svg" not in html
    assert "All tables" not in html


@pytest.mark.django_db
def test_the_coordinator_overview_compares_this_tip_period_with_the_last(org_a, org_b):
    worker = actor_for(member(org_b, Role.CASE_WORKER), org_b)
    someone = person_create(actor=worker, values={"gender": "Masculine", "citizenship": ["NG"]})
    case = cases.case_open(actor=worker, persons=[(someone, "victim")])
    link = case.case_persons.get()
    cases.victim_context_update(
        actor=worker,
        case_person=link,
        values={
            "trafficking_status": "PossibleVictimOfTrafficking",
            "trafficking_status_decision_making_org": "NGO",
            "country_of_exploitation": "MT",
        },
        codes={"vic_TypeOfExploitation": ["ForcedLabour"]},
        expected_version=link.version,
    )
    coordinator = signed_in_client(member(org_a, Role.COORDINATOR))
    html = coordinator.get("/statistics/").content.decode()
    assert "National overview" in html
    assert "Internal — not for publication." in html
    overview = panel(html, "Victims registered and identified this TIP period and the last")
    current = current_tip_token()
    assert f"?period={current}" in overview
    assert row_figures(overview, "Victims registered") == [1, 0]
    assert row_figures(overview, "Potential victims (preliminary decisions)") == [1, 0]
    assert row_figures(overview, "Confirmed victims (formal decisions)") == [0, 0]
    assert "<svg" in overview
    # What has no data source yet says so, never zeros.
    # The NRM panel counts what the NRM recorded (nothing here): zeros, and unknown medians.
    nrm = panel(html, "NRM referrals and overdue decisions")
    assert "No data source yet" not in nrm
    assert "Referrals to the competent authority" in nrm and 'data-status="unknown"' in nrm
    # No criminal case is recorded: prosecutions are known to be none.
    assert 'data-status="value">0<' in panel(html, "Prosecutions initiated")
    assert "No data source yet" not in panel(html, "Convictions and sentences")
    assert "Top nationalities of registered victims (last calendar year)" in html
    assert "Sectors of labour exploitation" in html


@pytest.mark.django_db
def test_the_analyst_dashboard_is_disclosure_controlled(org_a):
    worker = actor_for(member(org_a, Role.CASE_WORKER), org_a)
    someone = person_create(actor=worker, values={"gender": "Feminine"})
    cases.case_open(actor=worker, persons=[(someone, "victim")], opened_on=dt.date(2025, 3, 3))
    analyst = signed_in_client(member(org_a, Role.ANALYST))
    html = analyst.get("/statistics/").content.decode()
    assert "<h1>Statistics</h1>" in html
    shown = figures(panel(html, "Registered victims by sex and age group"))
    assert all(value == 0 or value >= 5 for value in shown)
    assert "Internal — not for publication" not in html


EXPECTED_DASHBOARDS = {
    Role.FIRST_RESPONDER: "Your caseload",
    Role.CASE_WORKER: "Your caseload",
    Role.SERVICE_PROVIDER: "Your caseload",
    Role.CASE_SUPERVISOR: "Your organisation&#x27;s activity",
    Role.DECISION_MAKER: "Your organisation&#x27;s activity",
    Role.INVESTIGATOR: "Statistics",
    Role.PROSECUTOR: "Statistics",
    Role.COORDINATOR: "National overview",
    Role.ANALYST: "Statistics",
    Role.AUDITOR: "Your organisation&#x27;s activity",
    Role.ORG_ADMIN: "Your organisation&#x27;s activity",
    Role.SYSTEM_ADMIN: "Your organisation&#x27;s activity",
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_every_role_has_a_dashboard_and_only_statistics_roles_see_national_tables(
    work, org_a, role
):
    response = signed_in_client(member(org_a, role)).get("/statistics/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{EXPECTED_DASHBOARDS[role]}</h1>" in html
    sees_statistics = role in (Role.INVESTIGATOR, Role.PROSECUTOR, Role.COORDINATOR, Role.ANALYST)
    assert ("All tables" in html) == sees_statistics
    if not sees_statistics:
        assert "/statistics/tables/" not in html


@pytest.mark.django_db
def test_referrals_and_decisions_awaited_are_counted_for_who_works_them(org_a, org_b):
    from waypoint.referrals.models import Timer
    from waypoint.referrals.tests.helpers import build_world, refer

    world = build_world()
    refer(world)
    responder = signed_in_client(world.responder).get("/statistics/").content.decode()
    decisions = panel(responder, "Identification decisions awaited")
    assert row_figures(decisions, "Awaiting the preliminary decision") == [1, 0]
    Timer.objects.filter(referral__case=world.case).update(
        starts_on=timezone.localdate() - dt.timedelta(days=30),
        due_on=timezone.localdate() - dt.timedelta(days=1),
    )
    responder = signed_in_client(world.responder).get("/statistics/").content.decode()
    decisions = panel(responder, "Identification decisions awaited")
    assert row_figures(decisions, "Awaiting the preliminary decision") == [1, 1]
    # The competent authority counts what it received; the referring NGO what it made.
    supervisor = member(world.ngo, Role.CASE_SUPERVISOR)
    ngo = signed_in_client(supervisor).get("/statistics/").content.decode()
    made = panel(ngo, "Referrals made and received by your organisation")
    assert row_figures(made, "NRM referrals made") == [1, 0]
    assert row_figures(made, "NRM referrals received (competent authority)") == [0, 0]
    police = signed_in_client(world.decider).get("/statistics/").content.decode()
    received = panel(police, "Referrals made and received by your organisation")
    assert row_figures(received, "NRM referrals received (competent authority)") == [1, 0]
    # Another organisation counts none of it.
    other = signed_in_client(member(org_b, Role.CASE_SUPERVISOR)).get("/statistics/").content
    assert row_figures(
        panel(other.decode(), "Referrals made and received by your organisation"),
        "NRM referrals made",
    ) == [0, 0]
