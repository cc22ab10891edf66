"""Support and action-plan tables: T6 (victims referred and assisted), E8 (assistance and residence
permits), T9 (funding), T10 (prevention and capacity), T11 (recommendations); built through the
real services in two organisations and checked against figures worked out here."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from waypoint.access.roles import Role
from waypoint.accounts.choices import OrganisationType
from waypoint.action_plans.evidence import EvidenceRequest, gather
from waypoint.action_plans.periods import TipPeriod
from waypoint.action_plans.tests.conftest import (  # noqa: F401  fixtures
    admin_a,
    admin_b,
    coord,
    coordination,
    coordinator,
    objective,
    plan,
    today,
    world,
)
from waypoint.cases.services import support_plan_save, victim_context_update
from waypoint.directory.services import (
    service_create,
    service_referral_create,
    service_referral_step,
)
from waypoint.people.services import consent_record, person_mark_same_individual
from waypoint.referrals.choices import TrackKind
from waypoint.referrals.services import track_open, track_transition
from waypoint.reporting import registry, selectors
from waypoint.reporting.periods import parse_period, tip_period
from waypoint.reporting.tables import Cell
from waypoint.reporting.tests.test_disclosure import assert_nothing_recoverable
from waypoint.reporting.tests.test_nrm_tables import Nrm
from waypoint.testing.factories import (
    OrganisationFactory,
    actor_for,
    api_client,
    member,
    person_and_case,
)


def current_tip_token() -> str:
    return f"tip-{TipPeriod.containing(timezone.localdate()).report_year}"


class Support:
    """Victims in two organisations referred to services, given support plans and permits."""

    def __init__(self, org_a, org_b):
        self.provider = OrganisationFactory(
            name="Statistics Clinic", org_type=OrganisationType.HEALTH_SERVICE
        )
        self.provider_actor = actor_for(member(self.provider, Role.SERVICE_PROVIDER), self.provider)
        self.services = {
            kind: service_create(
                actor=self.provider_actor,
                values={"name": f"{kind} service", "service_type": kind, "area": "Valletta"},
            )
            for kind in ("Health", "Legal")
        }
        self.workers = {
            org.pk: actor_for(member(org, Role.CASE_WORKER), org) for org in (org_a, org_b)
        }

    def victim(self, organisation, *, gender: str, age_band: str, forms: tuple[str, ...] = ()):
        actor = self.workers[organisation.pk]
        person, case = person_and_case(
            organisation,
            opener=actor.user,
            values={"first_name": "Assisted", "gender": gender, "age_band": age_band},
        )
        link = case.case_persons.get()
        if forms:
            link = victim_context_update(
                actor=actor,
                case_person=link,
                values={},
                codes={"vic_TypeOfExploitation": list(forms)},
                expected_version=link.version,
            )
        return person, case, link

    def refer(self, organisation, person, case, link, kind: str, *, answer: str):
        actor = self.workers[organisation.pk]
        consent_record(
            actor=actor,
            person=person,
            purpose="sharing",
            shared_with=self.provider,
            is_given=True,
            case=case,
            language="en",
        )
        referral = service_referral_create(
            actor=actor, service=self.services[kind], case_person=link, needs="Check-up."
        )
        return service_referral_step(
            actor=self.provider_actor,
            referral=referral,
            name=answer,
            reason="No capacity this month." if answer == "decline" else "",
            decline_reason="no_capacity" if answer == "decline" else "",
        )

    def plan(self, organisation, case, link, plan_type: str):
        return support_plan_save(
            actor=self.workers[organisation.pk],
            case=case,
            values={"plan_type": plan_type, "case_person": link},
        )

    def permit(self, organisation, link, kind: str):
        actor = self.workers[organisation.pk]
        track = track_open(actor=actor, case_person=link, kind=kind)
        return track_transition(
            actor=actor,
            track=track,
            name="grant",
            valid_until=timezone.localdate() + dt.timedelta(days=365),
        )


@pytest.fixture
def support(org_a, org_b):
    """P1 (a woman, A): medical care accepted, a shelter plan; recorded again by A as P3 (the same
    individual) with psychosocial support. P2 (a man, B): legal aid declined, residence permit
    granted. P4 (a woman, A): referred to the NRM and presumed a victim today (reflection period).
    """
    support = Support(org_a, org_b)
    p1, case1, link1 = support.victim(
        org_a, gender="Feminine", age_band="24-26", forms=("SexualExploitation",)
    )
    support.refer(org_a, p1, case1, link1, "Health", answer="accept")
    support.plan(org_a, case1, link1, "Shelter")
    p3, case3, link3 = support.victim(
        org_a, gender="Feminine", age_band="24-26", forms=("ForcedLabour",)
    )
    person_mark_same_individual(actor=support.workers[org_a.pk], person=p3, same_as=p1)
    support.plan(org_a, case3, link3, "Psychological")
    p2, case2, link2 = support.victim(
        org_b, gender="Masculine", age_band="27-29", forms=("ForcedLabour",)
    )
    support.refer(org_b, p2, case2, link2, "Legal", answer="decline")
    support.permit(org_b, link2, TrackKind.RESIDENCE_PERMIT)
    nrm = Nrm(org_a, org_b)
    presumed = nrm.refer(org_a, timezone.localdate())
    nrm.step(presumed, "preliminary_positive", timezone.localdate())
    return support


def internal(table_id: str, period: str, organisation):
    national = actor_for(member(organisation, Role.COORDINATOR), organisation)
    return registry.compute(registry.get(table_id), actor=national, period=parse_period(period))


def figure(table, row: str, column: str):
    cell = table.cell(row, column)
    return cell.value if cell.is_value else cell.status.value


@pytest.mark.django_db
def test_t6_counts_each_person_once_under_each_kind_of_support(support, org_a):
    table = internal("tip-t6", current_tip_token(), org_a)
    expected = {
        ("referred", "women"): 1,
        ("referred", "men"): 1,
        ("shelter", "women"): 1,
        ("medical", "women"): 1,
        ("psychosocial", "women"): 1,
        ("legal", "men"): 0,
        ("reflection_period", "women"): 1,
        ("residence_permit", "men"): 1,
        ("work_authorisation", "men"): 0,
        ("repatriation", "women"): 0,
    }
    for (row, column), count in expected.items():
        assert figure(table, row, column) == count, (row, column)
    assert table.row_totals["referred"] == Cell.count(2)
    assert table.row_totals["psychosocial"] == Cell.count(1)
    # P1 and P3 are one woman: with P4, two women; one man.
    assert table.column_totals["women"] == Cell.count(2)
    assert table.column_totals["men"] == Cell.count(1)
    assert table.grand_total == Cell.count(3)
    assert table.totals_additive is False
    assert any("Directive 2004/81/EC" in note for note in table.notes)
    # The TIP period before holds nothing: zeros, never unknowns.
    before = internal("tip-t6", f"tip-{int(current_tip_token()[4:]) - 1}", org_a)
    assert before.grand_total == Cell.count(0)
    assert all(cell.is_value for cell in before.all_cells())


@pytest.mark.django_db
def test_e8_counts_assistance_and_permits_by_form_and_sex(support, org_a):
    year = str(timezone.localdate().year)
    table = internal("eurostat-e8", year, org_a)
    assert figure(table, "SexualExploitation", "assisted_female") == 1
    assert figure(table, "ForcedLabour", "assisted_female") == 1  # through the record P3
    assert figure(table, "unknown", "assisted_female") == 1  # P4: no form recorded
    assert figure(table, "ForcedLabour", "permit_male") == 1
    assert figure(table, "ForcedLabour", "assisted_male") == 0
    assert table.column_totals["assisted_female"] == Cell.count(2)
    assert table.column_totals["permit_male"] == Cell.count(1)
    assert table.row_totals["ForcedLabour"] == Cell.count(2)
    assert table.row_totals["unknown"] == Cell.count(1)
    assert table.grand_total == Cell.count(3)


@pytest.mark.django_db
@pytest.mark.parametrize("threshold", [5, 3, 2])
def test_published_support_tables_pass_disclosure_checks(support, org_a, settings, threshold):
    settings.WAYPOINT_DISCLOSURE_THRESHOLD = threshold
    analyst = actor_for(member(org_a, Role.ANALYST), org_a)
    for table_id, period in (
        ("tip-t6", current_tip_token()),
        ("eurostat-e8", str(timezone.localdate().year)),
    ):
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
def test_t6_through_the_api_and_the_command(support, org_a, settings):
    settings.WAYPOINT_DISCLOSURE_THRESHOLD = 2
    token = current_tip_token()
    body = (
        api_client(member(org_a, Role.ANALYST))
        .get("/api/v1/statistics/tip-t6/", {"period": token})
        .json()
    )
    assert body["internal"] is False
    assert body["grand_total"] == {"value": 3, "status": "value"}
    out = StringIO()
    call_command("statistics", "tip-t6", "--period", token, "--format", "json", stdout=out)
    assert json.loads(out.getvalue())["grand_total"] == body["grand_total"]


@pytest.mark.django_db
def test_t6_and_e8_take_a_fixed_number_of_queries(support, org_a, org_b):
    national = actor_for(member(org_a, Role.COORDINATOR), org_a)
    periods = {
        "tip-t6": parse_period(current_tip_token()),
        "eurostat-e8": parse_period(str(timezone.localdate().year)),
    }

    def queries() -> list[int]:
        counts = []
        for table_id, period in periods.items():
            with CaptureQueriesContext(connection) as captured:
                registry.compute(registry.get(table_id), actor=national, period=period)
            counts.append(len(captured))
        return counts

    first = queries()
    for _ in range(3):
        person, case, link = support.victim(org_b, gender="Masculine", age_band="9-17")
        support.plan(org_b, case, link, "Legal")
    assert internal("tip-t6", current_tip_token(), org_a).row_totals["legal"] == Cell.count(3)
    assert queries() == first


# Action plan ------------------------------------------------------------------------------------


def tip_token_of(period: TipPeriod) -> str:
    return f"tip-{period.report_year}"


@pytest.mark.django_db
def test_t9_t10_t11_from_the_action_plan(world, org_a):  # noqa: F811
    token = tip_token_of(world["period"])
    funding = internal("tip-t9", token, org_a)
    (line,) = funding.rows
    assert line.label == "National Action Plan 2025-2027 (EUR)"
    assert figure(funding, line.key, "allocated") == Decimal("30000.00")  # three actions
    assert figure(funding, line.key, "spent") == "unknown"  # nothing recorded as spent

    prevention = internal("tip-t10", token, org_a)
    assert figure(prevention, "trainings", "value") == 1
    assert figure(prevention, "trained_female", "value") == 8
    assert figure(prevention, "trained_male", "value") == 12
    assert figure(prevention, "trained_other", "value") == 0
    assert figure(prevention, "audience_lawenforcement", "value") == 1
    assert figure(prevention, "campaigns", "value") == 1
    assert figure(prevention, "campaign_reach", "value") == 12000
    assert figure(prevention, "notifications_meets_combination", "value") == 0
    assert any("hotline calls" in note for note in prevention.notes)

    tracker = internal("tip-t11", token, org_a)
    assert tracker.grand_total == Cell.count(1)
    assert tracker.column_totals["priority"] == Cell.count(1)
    assert tracker.column_totals["other"] == Cell.count(0)
    # The recommendation's only action runs and reported "on track".
    assert figure(tracker, "in_progress", "priority") == 1

    # Two periods before: none of it (the actions started some 300 days ago).
    earlier = tip_token_of(world["period"].previous.previous)
    assert internal("tip-t11", earlier, org_a).grand_total == Cell.count(0)
    assert internal("tip-t9", earlier, org_a).rows == ()


@pytest.mark.django_db
def test_published_plan_tables_pass_disclosure_checks(world, org_a):  # noqa: F811
    analyst = actor_for(member(org_a, Role.ANALYST), org_a)
    token = tip_token_of(world["period"])
    for table_id in ("tip-t9", "tip-t10", "tip-t11"):
        original = registry.compute(
            registry.get(table_id), actor=analyst, period=parse_period(token)
        )
        published = selectors.statistics_table(actor=analyst, table_id=table_id, period=token).table
        for cell in published.all_cells():
            counted = isinstance(cell.value, int)
            assert not counted or cell.value == 0 or cell.value >= 5, table_id
        assert_nothing_recoverable(original, published)
    amounts = selectors.statistics_table(actor=analyst, table_id="tip-t9", period=token).table
    # Amounts are not counts of persons: they are published as recorded.
    assert amounts.cell(amounts.rows[0].key, "allocated").value == Decimal("30000.00")


@pytest.mark.django_db
def test_the_tip_period_of_statistics_is_the_tip_workspaces(settings, world):  # noqa: F811
    period = world["period"]
    statistics = parse_period(tip_token_of(period))
    assert (statistics.start, statistics.end) == (period.start, period.end)
    settings.WAYPOINT_TIP_PERIOD_START = "07-01"
    moved = TipPeriod.starting_in(2025)
    assert moved.start == dt.date(2025, 7, 1) and moved.end == dt.date(2026, 6, 30)
    assert tip_period(2026, (7, 1)).start == moved.start
    assert registry.tip_start() == (7, 1)


@pytest.mark.django_db
def test_evidence_for_protection_and_prevention_comes_from_the_tables(
    world,  # noqa: F811
    support,
    org_a,
    coord,  # noqa: F811
    settings,
):
    settings.WAYPOINT_DISCLOSURE_THRESHOLD = 2
    period = world["period"]
    protection = gather(EvidenceRequest(actor=coord, criterion="SSE2", period=period))
    assert protection.failed_sources == ()
    assert protection.has_external_source
    figures = protection.figures
    assert figures["victims_assisted"].current == 3
    assert figures["victims_assisted"].previous == 0
    # One residence permit: withheld as a small count, so "not available", never 1 or 0.
    assert figures["residence_permits"].current is None
    prevention = gather(EvidenceRequest(actor=coord, criterion="SSE3", period=period))
    assert prevention.failed_sources == ()
    assert prevention.figures["screenings"].current == 0
    # Someone without statistics gets no figure at all, not zeros.
    worker = actor_for(member(org_a, Role.CASE_WORKER), org_a)
    hidden = gather(EvidenceRequest(actor=worker, criterion="SSE2", period=period))
    ours = [hidden.figures[code] for code in ("victims_identified", "victims_assisted")]
    assert all(item.current is None and item.previous is None for item in ours)
    (evidence,) = [item for item in hidden.evidence if item.source == "reporting"]
    assert "does not see national statistics" in evidence.note


@pytest.mark.django_db
def test_plan_tables_take_a_fixed_number_of_queries(world, org_a, coord):  # noqa: F811
    from waypoint.action_plans.services.prevention import TrainingData, training_create
    from waypoint.action_plans.services.reviews import RecommendationData, recommendation_create

    national = actor_for(member(org_a, Role.COORDINATOR), org_a)
    period = parse_period(tip_token_of(world["period"]))

    def queries() -> list[int]:
        counts = []
        for table_id in ("tip-t9", "tip-t10", "tip-t11"):
            with CaptureQueriesContext(connection) as captured:
                registry.compute(registry.get(table_id), actor=national, period=period)
            counts.append(len(captured))
        return counts

    first = queries()
    for number in range(3):
        training_create(
            actor=coord,
            data=TrainingData(
                topic=f"Screening refresher {number}",
                start_date=timezone.localdate(),
                organiser=org_a,
                audience_types=(OrganisationType.NGO,),
                participants_female=5,
            ),
        )
        recommendation_create(
            actor=coord,
            data=RecommendationData(
                source="tip_report",
                report_year=world["period"].start.year,
                text=f"Recommendation {number}",
                pillar="prevention",
            ),
        )
    assert internal("tip-t11", tip_token_of(world["period"]), org_a).grand_total == Cell.count(4)
    assert queries() == first


@pytest.mark.django_db
def test_e8_places_a_person_by_the_records_they_were_assisted_through(org_a, org_b):
    support = Support(org_a, org_b)
    first, case, link = support.victim(org_b, gender="Masculine", age_band="27-29")
    support.plan(org_b, case, link, "Legal")
    second, _case, link2 = support.victim(
        org_b, gender="Masculine", age_band="27-29", forms=("ForcedLabour",)
    )
    person_mark_same_individual(actor=support.workers[org_b.pk], person=second, same_as=first)
    support.permit(org_b, link2, TrackKind.RESIDENCE_PERMIT)
    table = internal("eurostat-e8", str(timezone.localdate().year), org_a)
    assert figure(table, "unknown", "assisted_male") == 1  # assisted through the record without
    assert figure(table, "ForcedLabour", "permit_male") == 1
    assert figure(table, "ForcedLabour", "assisted_male") == 0
    assert table.row_totals["unknown"] == Cell.count(1)
    assert table.row_totals["ForcedLabour"] == Cell.count(1)
    assert table.grand_total == Cell.count(1)
