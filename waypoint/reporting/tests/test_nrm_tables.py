"""NRM tables N1 (performance) and N2 (screening activity), built through the real NRM and
screening services in two organisations and checked against figures worked out here."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from waypoint.access.roles import Role
from waypoint.accounts.choices import OrganisationType
from waypoint.audit.models import AuditEvent
from waypoint.people.services import consent_record
from waypoint.referrals import workdays
from waypoint.referrals.choices import NrmState
from waypoint.referrals.models import Timer
from waypoint.referrals.services import StepInput, nrm_refer, nrm_transition, timers_sweep
from waypoint.referrals.tests.helpers import at, ensure_profile
from waypoint.reporting import registry, selectors
from waypoint.reporting.periods import parse_period
from waypoint.reporting.tables import Cell
from waypoint.reporting.tests.test_disclosure import assert_nothing_recoverable
from waypoint.screening import services as screening
from waypoint.screening.storage import load_builtin
from waypoint.testing.factories import (
    OrganisationFactory,
    actor_for,
    api_client,
    member,
    person_and_case,
)

MALTA = workdays.WorkingCalendar(country="MT")
STEP = StepInput(reason="Indicators credible.", legal_basis="Art. 248E")


class Nrm:
    """Referrals from two organisations to one competent authority, moved through the services."""

    def __init__(self, org_a, org_b):
        ensure_profile("MT")
        self.police = OrganisationFactory(
            name="Statistics Police", org_type=OrganisationType.LAW_ENFORCEMENT
        )
        self.decider = actor_for(member(self.police, Role.DECISION_MAKER), self.police)
        self.responders = {
            org.pk: (org, member(org, Role.FIRST_RESPONDER)) for org in (org_a, org_b)
        }
        self.count = 0

    def refer(self, organisation, day: dt.date, *, screening_id: str = ""):
        org, user = self.responders[organisation.pk]
        self.count += 1
        person, case = person_and_case(
            org,
            opener=user,
            values={
                "first_name": f"Referred{self.count}",
                "gender": "Feminine",
                "age_band": "24-26",
                "citizenship": ["NG"],
            },
        )
        actor = actor_for(user, org)
        consent_record(
            actor=actor,
            person=person,
            purpose="referral",
            is_given=True,
            case=case,
            language="en",
        )
        referral = nrm_refer(
            actor=actor,
            case_person=case.case_persons.get(),
            competent_authority=self.police,
            information="Passport held by the employer.",
            now=at(day),
            screening_public_id=screening_id,
        )
        return nrm_transition(actor=self.decider, referral=referral, name="receive", now=at(day))

    def step(self, referral, name: str, day: dt.date, actor=None):
        return nrm_transition(
            actor=actor or self.decider, referral=referral, name=name, step=STEP, now=at(day)
        )

    def responder(self, organisation):
        org, user = self.responders[organisation.pk]
        return actor_for(user, org)


def build_nrm(org_a, org_b):
    """Four referrals in 2026: their working days, targets and breach are known here."""
    nrm = Nrm(org_a, org_b)
    # A: referred Monday 5 January, presumed the same day; formal decision after the recovery
    # and reflection period.
    formal = nrm.step(
        nrm.refer(org_b, dt.date(2026, 1, 5)), "preliminary_positive", dt.date(2026, 1, 5)
    )
    # B: Monday 2 March, positive on Wednesday 4 March (2 working days, within 5).
    nrm.step(nrm.refer(org_a, dt.date(2026, 3, 2)), "preliminary_positive", dt.date(2026, 3, 4))
    # C: Monday 2 March, still pending when the 5 working days end on Monday 9 March.
    late = nrm.refer(org_b, dt.date(2026, 3, 2))
    timers_sweep(today=dt.date(2026, 3, 10))
    formal.refresh_from_db()
    if formal.state == NrmState.PRESUMED_VICTIM:
        formal = nrm_transition(
            actor=nrm.decider, referral=formal, name="begin_formal", now=at(dt.date(2026, 3, 10))
        )
    nrm.step(formal, "formal_positive", dt.date(2026, 3, 11))
    late.refresh_from_db()
    nrm.step(late, "preliminary_positive", dt.date(2026, 3, 12))
    # D: Tuesday 17 March, negative on Friday 20 March (St Joseph, Thursday 19, is a holiday);
    # reconsidered at the first responder's request and found positive on 25 March.
    negative = nrm.step(
        nrm.refer(org_a, dt.date(2026, 3, 17)), "preliminary_negative", dt.date(2026, 3, 20)
    )
    negative = nrm.step(
        negative,
        "request_preliminary_reconsideration",
        dt.date(2026, 3, 23),
        actor=nrm.responder(org_a),
    )
    nrm.step(negative, "reconsider_preliminary_positive", dt.date(2026, 3, 25))
    return nrm


def internal(table_id: str, period: str, organisation):
    coordinator = actor_for(member(organisation, Role.COORDINATOR), organisation)
    return registry.compute(registry.get(table_id), actor=coordinator, period=parse_period(period))


def value(table, row: str, column: str = "value"):
    cell = table.cell(row, column)
    return cell.value if cell.is_value else cell.status.value


@pytest.mark.django_db
def test_n1_counts_referrals_decisions_working_days_targets_and_breaches(org_a, org_b):
    build_nrm(org_a, org_b)
    table = internal("nrm-n1", "2026", org_a)
    assert table.source_available and table.is_internal
    assert value(table, "referrals") == 4
    assert value(table, "preliminary_decisions") == 4
    assert value(table, "preliminary_negative") == 1
    days = sorted(
        [
            MALTA.working_days_between(dt.date(2026, 1, 5), dt.date(2026, 1, 5)),
            MALTA.working_days_between(dt.date(2026, 3, 2), dt.date(2026, 3, 4)),
            MALTA.working_days_between(dt.date(2026, 3, 2), dt.date(2026, 3, 12)),
            MALTA.working_days_between(dt.date(2026, 3, 17), dt.date(2026, 3, 20)),
        ]
    )
    assert days == [0, 2, 2, 8]
    assert value(table, "preliminary_median_days") == Decimal(2)
    assert table.cell("preliminary_median_days", "value").base == 4
    # Three of the four came within 5 working days.
    assert value(table, "preliminary_within_target") == Decimal("75.0")
    assert table.cell("preliminary_within_target", "value").reveals == (3, 1)
    assert value(table, "formal_decisions") == 1
    assert value(table, "formal_negative") == 0
    assert value(table, "formal_median_days") == Decimal(
        MALTA.working_days_between(dt.date(2026, 1, 5), dt.date(2026, 3, 11))
    )
    assert value(table, "formal_within_target") == Decimal("100.0")
    assert value(table, "reconsiderations") == 1
    assert value(table, "reconsiderations_changed") == 1
    assert value(table, "breaches_preliminary") == 1
    assert value(table, "breaches_formal") == 0
    assert Timer.objects.filter(is_breached=True).count() == 1
    assert any("MT country profile" in note for note in table.all_notes)

    # The first quarter holds the March decisions only; 2025 holds nothing, and says 0, not unknown.
    march = internal("nrm-n1", "2026-03-01..2026-03-31", org_a)
    assert value(march, "referrals") == 3
    assert value(march, "preliminary_decisions") == 3
    assert value(march, "preliminary_median_days") == Decimal(2)
    empty = internal("nrm-n1", "2025", org_a)
    assert value(empty, "referrals") == 0
    assert value(empty, "preliminary_median_days") == "unknown"
    assert value(empty, "preliminary_within_target") == "unknown"


@pytest.mark.django_db
def test_n1_published_withholds_small_counts_and_medians_on_few_decisions(org_a, org_b, settings):
    build_nrm(org_a, org_b)
    analyst = actor_for(member(org_a, Role.ANALYST), org_a)
    for threshold in (5, 3, 2):
        settings.WAYPOINT_DISCLOSURE_THRESHOLD = threshold
        original = registry.compute(
            registry.get("nrm-n1"), actor=analyst, period=parse_period("2026")
        )
        published = selectors.statistics_table(
            actor=analyst, table_id="nrm-n1", period="2026"
        ).table
        assert published.disclosure is not None
        for row in original.rows:
            before, after = original.cell(row.key, "value"), published.cell(row.key, "value")
            base = before.disclosure_base
            sensitive = (base is not None and 0 < base < threshold) or any(
                0 < count < threshold for count in before.reveals
            )
            assert after.is_suppressed == (before.is_value and sensitive), row.key
            assert after.base is None and after.reveals == ()
        assert_nothing_recoverable(original, published)
    settings.WAYPOINT_DISCLOSURE_THRESHOLD = 5
    published = selectors.statistics_table(actor=analyst, table_id="nrm-n1", period="2026").table
    # The median rests on 4 decisions, the share gives away 1 late decision: both withheld.
    assert published.cell("preliminary_median_days", "value").is_suppressed
    assert published.cell("preliminary_within_target", "value").is_suppressed
    assert published.cell("formal_negative", "value") == Cell.count(0)


@pytest.mark.django_db
def test_n1_through_the_api_and_the_command(org_a, org_b, settings):
    build_nrm(org_a, org_b)
    settings.WAYPOINT_DISCLOSURE_THRESHOLD = 2
    response = api_client(member(org_a, Role.ANALYST)).get(
        "/api/v1/statistics/nrm-n1/", {"period": "2026"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["internal"] is False and body["measure"] == "mixed"
    cells = {row["key"]: row["cells"][0] for row in body["rows"]}
    assert cells["referrals"] == {"column": "value", "value": 4, "status": "value"}
    assert cells["preliminary_median_days"] == {"column": "value", "value": 2, "status": "value"}
    # 3 in time and 1 late: the share would give the single late decision away.
    assert cells["preliminary_within_target"]["status"] == "suppressed"
    assert cells["formal_decisions"]["status"] == "suppressed"

    out = StringIO()
    call_command("statistics", "nrm-n1", "--period", "2026", "--format", "json", stdout=out)
    printed = json.loads(out.getvalue())
    assert printed["rows"] == body["rows"]


@pytest.mark.django_db
def test_n1_is_refused_to_roles_without_statistics(org_a, org_b):
    build_nrm(org_a, org_b)
    user = member(org_a, Role.CASE_WORKER)
    statistics_events = AuditEvent.objects.filter(action__startswith="statistics.")
    before = statistics_events.count()
    response = api_client(user).get("/api/v1/statistics/nrm-n1/", {"period": "2026"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "preliminary_decisions" not in body and '"rows"' not in body
    assert statistics_events.count() == before


@pytest.mark.django_db
def test_n1_takes_a_fixed_number_of_queries_whatever_the_number_of_referrals(org_a, org_b):
    nrm = build_nrm(org_a, org_b)
    coordinator = actor_for(member(org_a, Role.COORDINATOR), org_a)
    spec, period = registry.get("nrm-n1"), parse_period("2026")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            registry.compute(spec, actor=coordinator, period=period)
        return len(captured)

    first = queries()
    for day in (6, 7, 8):
        referral = nrm.refer(org_a, dt.date(2026, 4, day))
        nrm.step(referral, "preliminary_negative", dt.date(2026, 4, day + 7))
    assert internal("nrm-n1", "2026", org_a).cell("referrals", "value") == Cell.count(7)
    assert queries() == first


# N2 ---------------------------------------------------------------------------------------------

ADULT = {
    "interview_language": "en",
    "is_interpreter_present": False,
    "age_years": 29,
    "exploitation_types": ["ForcedLabour"],
}
MEETS = ("AL-D1-01", "AL-D1-08", "AL-D4-01", "AL-D4-04", "AL-D5-01", "AL-D5-02")


def screen(user, organisation, *, yes=MEETS, unknown=()):
    from waypoint.screening.selectors import profile_spec

    actor = actor_for(user, organisation)
    started = screening.screening_start(actor=actor, values=ADULT)
    spec = profile_spec(started.instrument_version, started.question_profile.code)
    answers = {
        code: {
            "value": "yes" if code in yes else "unknown" if code in unknown else "no",
            "basis": "" if code in unknown else "self_report",
        }
        for code in spec.indicator_codes
    }
    saved = screening.screening_answers_save(
        actor=actor, screening=started, answers=answers, expected_version=started.version
    )
    done = screening.screening_submit(actor=actor, screening=saved, expected_version=saved.version)
    return done, len(spec.indicator_codes)


@pytest.fixture
def screenings(org_a, org_b):
    """Three screenings in A (two meet the combination, one has nothing), one in B with answers
    left unknown; one screening of A led to an NRM referral."""
    load_builtin(apps, now=timezone.now())
    a, b = member(org_a, Role.FIRST_RESPONDER), member(org_b, Role.FIRST_RESPONDER)
    first, per_screening = screen(a, org_a)
    screen(a, org_a)
    screen(a, org_a, yes=())
    unknown = ("AL-D1-01", "AL-D4-01", "AL-D5-01")
    screen(b, org_b, yes=(), unknown=unknown)
    nrm = Nrm(org_a, org_b)
    nrm.refer(org_a, timezone.localdate(), screening_id=str(first.public_id))
    return {"per_screening": per_screening, "unknown": len(unknown), "first": first}


def today_period() -> str:
    today = timezone.localdate()
    return f"{today.year}"


@pytest.mark.django_db
def test_n2_screenings_by_organisation_profile_outcome_referral_and_answers(
    screenings, org_a, org_b
):
    period = today_period()
    by_org = internal("nrm-n2", period, org_a)
    rows = {row.key: row for row in by_org.rows}
    a, b = f"org-{org_a.pk}", f"org-{org_b.pk}"
    assert set(rows) == {a, b}
    assert rows[a].label == "Organisation A (NGO)"
    assert rows[b].parts == (OrganisationType.CENTRAL_GOVERNMENT,)
    outcome = screenings["first"].outcome
    assert value(by_org, a, outcome) == 2
    assert by_org.row_totals[a] == Cell.count(3)
    assert by_org.row_totals[b] == Cell.count(1)
    assert by_org.grand_total == Cell.count(4)

    by_profile = internal("nrm-n2-profiles", period, org_a)
    assert by_profile.grand_total == Cell.count(4)
    assert by_profile.column_totals[outcome] == Cell.count(2)

    referrals = internal("nrm-n2-referrals", period, org_a)
    assert value(referrals, outcome, "referred") == 1
    assert value(referrals, outcome, "not_referred") == 1
    assert referrals.column_totals["referred"] == Cell.count(1)
    assert referrals.column_totals["not_referred"] == Cell.count(3)

    answers = internal("nrm-n2-answers", period, org_a)
    per = screenings["per_screening"]
    assert answers.grand_total == Cell.count(4 * per)
    assert value(answers, "unknown", OrganisationType.CENTRAL_GOVERNMENT) == screenings["unknown"]
    assert value(answers, "unknown", OrganisationType.NGO) == 0
    assert value(answers, "yes", OrganisationType.NGO) == 2 * len(MEETS)
    assert answers.unit == "answers"

    # The year before holds none: rows are simply absent, totals 0.
    before = internal("nrm-n2", str(int(period) - 1), org_a)
    assert before.grand_total == Cell.count(0)


@pytest.mark.django_db
def test_n2_published_tables_let_nothing_withheld_be_worked_out(screenings, org_a, settings):
    analyst = actor_for(member(org_a, Role.ANALYST), org_a)
    period = today_period()
    for threshold in (5, 3, 2):
        settings.WAYPOINT_DISCLOSURE_THRESHOLD = threshold
        for table_id in ("nrm-n2", "nrm-n2-profiles", "nrm-n2-referrals", "nrm-n2-answers"):
            original = registry.compute(
                registry.get(table_id), actor=analyst, period=parse_period(period)
            )
            published = selectors.statistics_table(
                actor=analyst, table_id=table_id, period=period
            ).table
            for cell in published.all_cells():
                assert not cell.is_value or cell.value == 0 or cell.value >= threshold, table_id
            assert_nothing_recoverable(original, published)


@pytest.mark.django_db
def test_n2_takes_a_fixed_number_of_queries(screenings, org_a):
    coordinator = actor_for(member(org_a, Role.COORDINATOR), org_a)
    period = parse_period(today_period())
    user = member(org_a, Role.FIRST_RESPONDER)

    def queries() -> list[int]:
        counts = []
        for table_id in ("nrm-n2", "nrm-n2-profiles", "nrm-n2-referrals", "nrm-n2-answers"):
            with CaptureQueriesContext(connection) as captured:
                registry.compute(registry.get(table_id), actor=coordinator, period=period)
            counts.append(len(captured))
        return counts

    first = queries()
    screen(user, org_a)
    screen(user, org_a, yes=())
    assert queries() == first


def test_medians_and_shares_are_worked_out_from_distributions():
    from waypoint.reporting.national.nrm import day_index, median_of, share

    assert median_of({}) is None
    assert median_of({4: 1}) == Decimal(4)
    assert median_of({1: 1, 4: 1}) == Decimal("2.5")
    assert median_of({0: 1, 2: 2, 8: 1}) == Decimal(2)
    assert median_of({3: 5, 9: 1}) == Decimal(3)
    assert share(0, 0) == Cell.unknown()
    assert share(1, 20) == Cell.figure(Decimal("5.0"), base=20, reveals=(1, 19))
    # Thursday 19 March 2026 (St Joseph) is no working day in Malta.
    index = day_index([dt.date(2026, 3, 20), dt.date(2026, 3, 17)], MALTA)
    assert index[dt.date(2026, 3, 20)] - index[dt.date(2026, 3, 17)] == 2


def test_a_share_is_withheld_when_the_count_it_gives_away_is_small():
    from waypoint.reporting.disclosure import DisclosurePolicy, apply_disclosure_control
    from waypoint.reporting.tables import Header, Measure, build_table

    period = parse_period("2026")
    table = build_table(
        table_id="shares",
        title="Shares",
        period=period,
        rows=[Header("late", "One late of 20"), Header("even", "Ten of 20"), Header("all", "All")],
        columns=[Header("value", "Share")],
        values={
            ("late", "value"): Cell.figure(Decimal("95.0"), base=20, reveals=(19, 1)),
            ("even", "value"): Cell.figure(Decimal("50.0"), base=20, reveals=(10, 10)),
            ("all", "value"): Cell.figure(Decimal("100.0"), base=20, reveals=(20, 0)),
        },
        row_totals=False,
        column_totals=False,
        grand_total=False,
        measure=Measure.MIXED,
    )
    published = apply_disclosure_control(table, DisclosurePolicy(threshold=5))
    assert published.cell("late", "value").is_suppressed
    assert published.cell("even", "value").value == Decimal("50.0")
    assert published.cell("all", "value").value == Decimal("100.0")
    strict = apply_disclosure_control(table, DisclosurePolicy(threshold=5, suppress_zeros=True))
    assert strict.cell("all", "value").is_suppressed
