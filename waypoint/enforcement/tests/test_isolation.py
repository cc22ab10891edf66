"""Police and prosecutors never reach support records: case pages and API, person API, document
downloads, their own search, the witness API and statistics. Every attempt returns 403 or 404 with
no data, and changes nothing."""

from __future__ import annotations

import json
import re
import uuid

import pytest
from django.utils import timezone

from waypoint.access.roles import Role
from waypoint.access.scopes.cases import visible_cases, visible_persons
from waypoint.cases import selectors as case_selectors
from waypoint.cases.services import document_upload, note_add, support_plan_save
from waypoint.common.errors import NotVisible
from waypoint.enforcement import selectors, services
from waypoint.enforcement.selectors import counts
from waypoint.enforcement.tests.test_walk import link_witness
from waypoint.testing.factories import actor_for, api_client, signed_in_client
from waypoint.testing.routes import all_routes

SECRET_NOTE = "Lives with her aunt in Birkirkara"
SECRET_PLAN = "Trauma counselling every Tuesday"


@pytest.fixture
def support(org_a, police_a, prosecution_a, investigation, inv_a, pros_a):
    """A support case with a note, a support plan and a document, whose victim is a witness in the
    investigation, now handed to Prosecution A."""
    worker_actor, case, _consent, participation = link_witness(
        org_a, police_a, investigation, facts=("gender", "nationality")
    )
    note_add(actor=worker_actor, case=case, body=SECRET_NOTE)
    support_plan_save(
        actor=worker_actor,
        case=case,
        values={"plan_type": "Psychological", "objectives": SECRET_PLAN},
    )
    document = document_upload(
        actor=worker_actor,
        case=case,
        content=b"Passport scan of Amal",
        file_name="passport.txt",
        title="Passport",
        document_type="identity",
    )
    services.investigation_hand_over(
        actor=inv_a, investigation=investigation, organisation=prosecution_a
    )
    victim = case.case_persons.get()
    return {
        "case": case,
        "person": victim.person,
        "case_person": victim,
        "document": document,
        "participation": participation,
        "secrets": [
            "Amal",
            "Testcase",
            case.reference,
            str(case.public_id),
            str(victim.person.public_id),
            str(victim.public_id),
            str(document.public_id),
            SECRET_NOTE,
            SECRET_PLAN,
            "Passport",
        ],
    }


def assert_nothing_leaks(body: str, secrets: list[str], url: str = "") -> None:
    """No secret in ``body``; an id the caller put in the URL itself may be echoed back (the
    language switcher keeps the current address), which reveals nothing."""
    for secret in secrets:
        if secret in url:
            continue
        assert secret not in body, f"{secret!r} leaked"


def _routes():
    return [route.route for route in all_routes()]


def _fill(route: str, value: str) -> str:
    return "/" + re.sub(r"<uuid:[a-z_]+>", value, route)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["investigator_a", "prosecutor_a"])
def test_every_url_refuses_support_records_to_law_enforcement(request, support, who):
    """Each page and API URL that takes an id is tried with the ids of the support case, its victim,
    the person-in-case and the document (whatever apps are installed): 403, 404 or 405, no data."""
    user = request.getfixturevalue(who)
    clients = {"page": signed_in_client(user), "api": api_client(user)}
    ids = [
        support["case"].public_id,
        support["person"].public_id,
        support["case_person"].public_id,
        support["document"].public_id,
    ]
    routes = [route for route in _routes() if "<uuid:" in route]
    assert len(routes) > 20
    for route in routes:
        for value in ids:
            url = _fill(route, str(value))
            client = clients["api" if url.startswith("/api/") else "page"]
            response = client.get(url)
            assert response.status_code in (403, 404, 405), (url, response.status_code)
            assert_nothing_leaks(response.content.decode(errors="replace"), support["secrets"], url)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["investigator_a", "prosecutor_a"])
def test_case_lists_and_witness_links_are_closed_to_law_enforcement(request, support, who):
    user = request.getfixturevalue(who)
    page = signed_in_client(user)
    api = api_client(user)
    for url in (
        "/cases/",
        "/criminal-cases/witness-links/",
        f"/criminal-cases/witness-links/new/?case={support['case'].public_id}",
        f"/criminal-cases/witness-links/{support['participation'].public_id}/",
    ):
        response = page.get(url)
        assert response.status_code == 403, url
        assert_nothing_leaks(response.content.decode(), support["secrets"], url)
    for url in (
        "/api/v1/witness-links/",
        f"/api/v1/witness-links/{support['participation'].public_id}/",
    ):
        response = api.get(url)
        assert response.status_code == 403, url
        assert_nothing_leaks(response.content.decode(), support["secrets"], url)
    # Trying to end the link or to link a victim changes nothing.
    response = page.post(f"/criminal-cases/witness-links/{support['participation'].public_id}/end/")
    assert response.status_code == 403
    support["participation"].refresh_from_db()
    assert support["participation"].ended_at is None


@pytest.mark.django_db
def test_case_and_person_selectors_refuse_law_enforcement(support, inv_a, pros_a):
    for actor in (inv_a, pros_a):
        assert not visible_cases(actor).exists()
        assert not visible_persons(actor).exists()
        with pytest.raises(NotVisible):
            case_selectors.case_get(actor=actor, public_id=support["case"].public_id)
        with pytest.raises(NotVisible):
            case_selectors.person_get(actor=actor, public_id=support["person"].public_id)
        with pytest.raises(NotVisible):
            case_selectors.document_get(actor=actor, public_id=support["document"].public_id)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["investigator_a", "prosecutor_a"])
def test_the_criminal_case_shows_only_the_witness_code_and_consented_facts(
    request, support, investigation, who
):
    user = request.getfixturevalue(who)
    page = (
        signed_in_client(user).get(f"/criminal-cases/{investigation.public_id}/").content.decode()
    )
    api = api_client(user)
    detail = api.get(f"/api/v1/criminal-cases/{investigation.public_id}/")
    assert detail.status_code == 200
    timeline = api.get(f"/api/v1/criminal-cases/{investigation.public_id}/timeline/")
    code = support["participation"].witness_code
    for body in (page, detail.content.decode(), timeline.content.decode()):
        assert_nothing_leaks(body, support["secrets"])
    assert code in page
    [witness] = detail.json()["witnesses"]
    assert set(witness) == {
        "id",
        "witness_code",
        "facts_visible",
        "gender",
        "age_band",
        "nationality",
        "exploitation_types",
        "is_cooperating",
        "has_testified",
        "was_penalised",
        "protective_measures",
        "version",
    }
    # The police were named in the consent; the prosecution service was not.
    if who == "investigator_a":
        assert (witness["facts_visible"], witness["gender"], witness["nationality"]) == (
            True,
            "Feminine",
            "NG",
        )
        assert witness["age_band"] == ""  # not chosen by the case worker
    else:
        assert (witness["facts_visible"], witness["gender"], witness["nationality"]) == (
            False,
            "",
            "",
        )
    single = api.get(f"/api/v1/witnesses/{witness['id']}/").json()
    assert single["witness_code"] == code
    assert_nothing_leaks(json.dumps(single), support["secrets"])


@pytest.mark.django_db
@pytest.mark.parametrize("term", ["Amal", "Testcase", "case", "passport", "Birkirkara"])
def test_their_own_search_never_reaches_support_records(
    support, investigation, inv_a, investigator_a, term
):
    search = term if term != "case" else support["case"].reference
    found = selectors.criminal_case_list(
        actor=inv_a, filters=selectors.CriminalCaseFilter(search=search)
    )
    assert not found.exists()
    response = api_client(investigator_a).get("/api/v1/criminal-cases/", {"search": search})
    assert response.json()["count"] == 0
    page = (
        signed_in_client(investigator_a)
        .get("/criminal-cases/", {"search": search})
        .content.decode()
    )
    assert "No criminal case matches." in page
    assert_nothing_leaks(page, support["secrets"], url=search)  # the search box shows the term
    # The witness code, by contrast, finds the criminal case.
    by_code = selectors.criminal_case_list(
        actor=inv_a,
        filters=selectors.CriminalCaseFilter(search=support["participation"].witness_code),
    )
    assert list(by_code) == [investigation]


@pytest.mark.django_db
def test_statistics_give_numbers_never_records(support, inv_a):
    today = timezone.localdate()
    victims = counts.victims_in_proceedings(actor=inv_a, period=counts.Period(today, today))
    assert victims.victims == 1
    values = [value for value in vars(victims).values() if not isinstance(value, dict)]
    assert all(isinstance(value, int) for value in values)
    assert all(isinstance(value, int) for value in victims.protective_measures.values())
    breakdown = counts.persons_breakdown(actor=inv_a, stage=counts.Stage.SUSPECTED)
    assert breakdown.total == 2
    assert_nothing_leaks(repr(breakdown) + repr(victims), support["secrets"] + ["Victor", "Olga"])


@pytest.mark.django_db
def test_a_prosecutor_cannot_reach_support_records_with_made_up_ids(support, prosecutor_a):
    api = api_client(prosecutor_a)
    for url in (
        "/api/v1/witnesses/",
        f"/api/v1/witnesses/{uuid.uuid4()}/",
        f"/api/v1/suspects/{support['person'].public_id}/",
    ):
        response = api.get(url)
        assert response.status_code == 404
        assert_nothing_leaks(response.content.decode(), support["secrets"])


@pytest.mark.django_db
def test_law_enforcement_keep_scope_none_on_support_cases():
    from waypoint.access.roles import ROLE_SCOPES, Scope

    assert ROLE_SCOPES[Role.INVESTIGATOR] == Scope.NONE
    assert ROLE_SCOPES[Role.PROSECUTOR] == Scope.NONE


@pytest.mark.django_db
def test_an_actor_with_both_roles_still_sees_only_law_enforcement_data(support, police_a):
    from waypoint.testing.factories import member

    user = member(police_a, Role.INVESTIGATOR, Role.FIRST_RESPONDER)
    actor = actor_for(user, police_a)
    assert not visible_cases(actor).filter(pk=support["case"].pk).exists()
