"""The counting rules of DOMAIN.md section 4, one test each, on records made through the services."""

import datetime as dt

import pytest

from waypoint.access.roles import Role
from waypoint.access.scopes.reporting import statistical_victim_records
from waypoint.cases import services as cases
from waypoint.cases.choices import GrantKind
from waypoint.cases.models import CasePerson, TraffickingStatusChange
from waypoint.people.services import person_create, person_mark_same_individual
from waypoint.reporting import registry
from waypoint.reporting.periods import parse_period
from waypoint.reporting.tests.world import at
from waypoint.testing.factories import actor_for, member

YEAR = parse_period("2023")


@pytest.fixture
def worker_a(org_a):
    return actor_for(member(org_a, Role.CASE_WORKER), org_a)


@pytest.fixture
def worker_b(org_b):
    return actor_for(member(org_b, Role.CASE_WORKER), org_b)


@pytest.fixture
def analyst(org_a):
    return actor_for(member(org_a, Role.ANALYST), org_a)


def person(worker, **values):
    return person_create(actor=worker, values=values)


def register(worker, someone, opened_on, *, forms=(), decisions=(), **context):
    """Open a case for ``someone`` registered on ``opened_on``, with forms and dated decisions."""
    case = cases.case_open(
        actor=worker, persons=[(someone, "victim")], opened_on=dt.date.fromisoformat(opened_on)
    )
    link = case.case_persons.get(role="victim")
    cases.victim_context_update(
        actor=worker,
        case_person=link,
        values=context,
        codes={"vic_TypeOfExploitation": list(forms)} if forms else {},
        expected_version=link.version,
    )
    for status, body, day in decisions:
        link.refresh_from_db()
        cases.victim_context_update(
            actor=worker,
            case_person=link,
            values={
                "trafficking_status": status,
                "trafficking_status_decision_making_org": body,
            },
            codes={},
            expected_version=link.version,
        )
        TraffickingStatusChange.objects.filter(case_person=link).filter(
            pk=TraffickingStatusChange.objects.filter(case_person=link).latest("pk").pk
        ).update(changed_at=at(day))
    link.refresh_from_db()
    return link


def table(actor, table_id, period=YEAR):
    token = period if isinstance(period, str) else period.token
    return registry.compute(registry.get(table_id), actor=actor, period=parse_period(token))


@pytest.mark.django_db
def test_the_unit_is_the_person_not_the_record(worker_a, analyst):
    amal = person(worker_a, gender="Feminine", age_band="30-38", citizenship=["NG"])
    register(worker_a, amal, "2023-02-01", forms=["ForcedLabour"])
    register(worker_a, amal, "2023-09-01", forms=["ForcedLabour"])
    assert CasePerson.objects.filter(person=amal).count() == 2
    e2 = table(analyst, "eurostat-e2")
    assert e2.cell("female", "adult").value == 1
    assert e2.grand_total.value == 1
    assert table(analyst, "eurostat-e4").cell("ForcedLabour", "women").value == 1


@pytest.mark.django_db
def test_persons_linked_as_the_same_individual_by_two_agencies_count_once(
    worker_a, worker_b, org_b, analyst
):
    first = person(worker_a, gender="Feminine", age_band="24-26", citizenship=["PH"])
    link = register(worker_a, first, "2023-03-01", forms=["ForcedLabour"])
    cases.case_access_grant(
        actor=worker_a, case=link.case, organisation=org_b, kind=GrantKind.JOINT_CASE
    )
    # The other agency recorded her again, with fewer details.
    second = person(worker_b, gender="", citizenship=["ZZ"])
    register(worker_b, second, "2023-06-01", forms=["Servitude"])
    e2_before = table(analyst, "eurostat-e2")
    assert e2_before.grand_total.value == 2
    person_mark_same_individual(actor=worker_b, person=second, same_as=first)

    e2 = table(analyst, "eurostat-e2")
    assert e2.grand_total.value == 1
    # Her sex, age and citizenship are those of the record the other was linked to.
    assert e2.cell("female", "adult").value == 1
    assert e2.row_totals["unknown"].value == 0
    e3 = table(analyst, "eurostat-e3")
    assert e3.cell("other_non_eu", "non_eu").value == 1
    assert e3.cell("unknown", "unknown").value == 0
    # Registered by an NGO and by a government body: under each, once in the total.
    e1 = table(analyst, "eurostat-e1")
    assert e1.row_totals["NGO"].value == 1
    assert e1.row_totals["CentralGovernmentOrganisation"].value == 1
    assert e1.grand_total.value == 1
    # Her forms from both records.
    e4 = table(analyst, "eurostat-e4")
    assert e4.cell("ForcedLabour", "women").value == 1
    assert e4.cell("Servitude", "women").value == 1
    assert e4.grand_total.value == 1


@pytest.mark.django_db
def test_several_forms_count_under_each_and_once_in_the_total(worker_a, analyst):
    register(
        worker_a,
        person(worker_a, gender="Feminine", age_band="9-17"),
        "2023-05-05",
        forms=["SexualExploitation", "ForcedCriminality"],
    )
    register(
        worker_a,
        person(worker_a, gender="Masculine", age_band="30-38"),
        "2023-05-06",
        forms=["ForcedLabour"],
    )
    e4 = table(analyst, "eurostat-e4")
    assert e4.cell("SexualExploitation", "girls").value == 1
    assert e4.cell("ForcedCriminality", "girls").value == 1
    assert e4.column_totals["girls"].value == 1
    assert e4.grand_total.value == 2
    assert sum(e4.row_totals[row.key].value for row in e4.rows) == 3
    assert e4.totals_additive is False


@pytest.mark.django_db
def test_known_none_stays_apart_from_not_recorded(worker_a, analyst):
    register(worker_a, person(worker_a), "2023-04-04")  # nothing recorded about her
    e2 = table(analyst, "eurostat-e2")
    assert e2.cell("unknown", "unknown").value == 1
    assert e2.cell("female", "adult").value == 0  # known none: nobody else
    e4 = table(analyst, "eurostat-e4")
    assert e4.cell("unknown", "sex_unknown").value == 1  # no form recorded is not "no form"
    assert e4.row_totals["SexualExploitation"].value == 0
    assert [row.label for row in e4.rows][-1] == "Form not recorded"
    e1 = table(analyst, "eurostat-e1")
    assert e1.column_totals["unknown"].value == 1
    assert e1.column_totals["presumed"].value == 0
    e3 = table(analyst, "eurostat-e3")
    assert e3.cell("unknown", "unknown").value == 1


@pytest.mark.django_db
def test_the_period_comes_from_the_event_date(worker_a, analyst):
    late = person(worker_a, gender="Feminine", age_band="30-38")
    # Registered on the last day of 2022, decided in 2023.
    register(
        worker_a,
        late,
        "2022-12-31",
        decisions=[("PossibleVictimOfTrafficking", "NGO", "2023-01-10")],
    )
    early = person(worker_a, gender="Masculine", age_band="30-38")
    # Registered in 2023, decided after the TIP period ended.
    register(
        worker_a,
        early,
        "2023-12-01",
        decisions=[("ActualVictimOfTrafficking", "Police", "2024-04-01")],
    )
    e2 = table(analyst, "eurostat-e2")
    assert e2.grand_total.value == 1
    assert e2.cell("male", "adult").value == 1
    assert table(analyst, "eurostat-e2", "2022").cell("female", "adult").value == 1
    # TIP T5 counts decisions by their date: 10 January 2023 is in tip-2023.
    assert table(analyst, "tip-t5", "tip-2023").cell("women", "potential").value == 1
    t5 = table(analyst, "tip-t5", "tip-2024")
    assert t5.grand_total.value == 0
    assert table(analyst, "tip-t5", "tip-2025").cell("men", "confirmed").value == 1
    # E1 reads the status at the end of 2023: the formal decision came later.
    e1 = table(analyst, "eurostat-e1")
    assert e1.column_totals["unknown"].value == 1
    assert e1.column_totals["identified"].value == 0


@pytest.mark.django_db
def test_year_bands_are_placed_only_in_a_year_they_fit(worker_a, analyst):
    single = register(worker_a, person(worker_a, gender="Feminine"), "2020-01-01")
    wide = register(worker_a, person(worker_a, gender="Masculine"), "2020-01-01")
    for link, band in ((single, (2019, 2019)), (wide, (2018, 2019))):
        cases.victim_context_update(
            actor=worker_a,
            case_person=link,
            values={
                "registered_on": None,
                "registration_year_from": band[0],
                "registration_year_to": band[1],
            },
            codes={},
            expected_version=link.version,
        )
    e2 = table(analyst, "eurostat-e2", "2019")
    assert e2.grand_total.value == 1
    assert e2.row_totals["female"].value == 1
    assert "1 records with a registration year band spanning the period were not placed" in (
        " ".join(e2.all_notes)
    )
    # A TIP period never holds a year band: both are listed, not dropped.
    flows = table(analyst, "flows", "tip-2020")
    assert flows.column_totals["persons"].value == 0
    assert "2 records with a registration year band spanning the period were not placed" in (
        " ".join(flows.all_notes)
    )
    # A year the bands do not touch says nothing about them.
    assert not any("band" in note for note in table(analyst, "eurostat-e2", "2021").all_notes)


@pytest.mark.django_db
def test_identifications_fall_back_to_the_current_status_only_without_history(worker_a, analyst):
    imported = register(
        worker_a, person(worker_a, gender="Feminine", age_band="adult"), "2023-06-01"
    )
    CasePerson.objects.filter(pk=imported.pk).update(
        trafficking_status="ActualVictimOfTrafficking",
        trafficking_status_decision_making_org="Police",
    )
    decided = register(
        worker_a,
        person(worker_a, gender="Masculine", age_band="adult"),
        "2023-06-01",
        decisions=[("PossibleVictimOfTrafficking", "NGO", "2022-06-01")],
    )
    assert TraffickingStatusChange.objects.filter(case_person=decided).exists()
    t5 = table(analyst, "tip-t5", "tip-2024")
    # The imported record counts by its current status and registration date; the decided one
    # by its history (decided before this period), not by its current status.
    assert t5.cell("women", "confirmed").value == 1
    assert t5.row_totals["men"].value == 0
    assert "1 records have no status history" in " ".join(t5.all_notes)
    bodies = table(analyst, "tip-t5-bodies", "tip-2024")
    assert bodies.cell("Police", "confirmed").value == 1


@pytest.mark.django_db
def test_statistics_count_every_record_in_the_installation(worker_a, worker_b, org_a, analyst):
    register(worker_a, person(worker_a, gender="Feminine", age_band="adult"), "2023-01-01")
    register(worker_b, person(worker_b, gender="Feminine", age_band="adult"), "2023-01-02")
    # The analyst belongs to organisation A and sees no case of B, yet national figures
    # count both: they are aggregates, never rows.
    assert table(analyst, "eurostat-e2").cell("female", "adult").value == 2
    coordinator = actor_for(member(org_a, Role.COORDINATOR), org_a)
    assert table(coordinator, "eurostat-e2").cell("female", "adult").value == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", [Role.CASE_WORKER, Role.CASE_SUPERVISOR, Role.ORG_ADMIN, Role.AUDITOR]
)
def test_roles_without_statistics_reach_no_record_through_the_statistics_scope(
    worker_a, org_a, role
):
    register(worker_a, person(worker_a, gender="Feminine"), "2023-01-01")
    actor = actor_for(member(org_a, role), org_a)
    assert not statistical_victim_records(actor).exists()
    assert table(actor, "eurostat-e2").grand_total.value == 0
