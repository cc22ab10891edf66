"""Regressions for the faults the fuzzing found, each reduced to one request (fast; not marked)."""

from __future__ import annotations

import pytest

from waypoint.access.roles import Role
from waypoint.testing.factories import api_client, member, person_and_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker_a(org_a):
    return member(org_a, Role.CASE_WORKER)


@pytest.mark.parametrize(
    ("url", "field"),
    [
        # Was a 500: the organisation filter went to the database as a UUID lookup unchecked.
        ("/api/v1/cases/?organisation=%C2%A0%08", "organisation"),
        ("/api/v1/cases/?organisation=not-an-id", "organisation"),
        # Was a 500: parse_date raises ValueError on a well-shaped impossible date.
        ("/api/v1/cases/?birthdate=2020-02-30", "birthdate"),
        ("/api/v1/persons/?birthdate=2020-02-30", "birthdate"),
        # Was silently ignored (every case listed): a birthdate filter that is not a date.
        ("/api/v1/cases/?birthdate=yesterday", "birthdate"),
    ],
)
def test_malformed_filters_are_a_400_naming_the_field(org_a, worker_a, url, field):
    person_and_case(org_a, opener=worker_a)
    response = api_client(worker_a).get(url)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation_failed"
    assert list(error["fields"]) == [field]
    assert "results" not in response.json()


def test_well_formed_filters_still_filter(org_a, org_b, worker_a):
    _person, case = person_and_case(org_a, opener=worker_a)
    client = api_client(worker_a)
    own = client.get(f"/api/v1/cases/?organisation={org_a.public_id}").json()
    other = client.get(f"/api/v1/cases/?organisation={org_b.public_id.hex}").json()
    assert [row["id"] for row in own["results"]] == [str(case.public_id)]
    assert other["results"] == []


@pytest.mark.parametrize(
    "url", ["/api/v1/cases/%C3%8E/", "/api/v1/cases/not-an-id/notes/", "/api/v1/nowhere/"]
)
def test_an_api_address_no_route_matches_answers_in_json(worker_a, url):
    # Was the HTML "Not found" page: an id that is not a UUID matches no route.
    response = api_client(worker_a).get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "error": {"code": "not_found", "message": "Not found.", "fields": {}}
    }


def test_a_page_no_route_matches_is_still_the_page(worker_a):
    from waypoint.testing.factories import signed_in_client

    response = signed_in_client(worker_a).get("/cases/not-an-id/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("data", [{"format": "csv"}, {}])
def test_the_import_page_without_a_file_says_so(org_a, data):
    # Was a 500: an error was added to the form before it was cleaned.
    from waypoint.exchange.models import ImportJob
    from waypoint.testing.factories import signed_in_client

    client = signed_in_client(member(org_a, Role.CASE_SUPERVISOR))
    response = client.post("/exchange/imports/upload/", data)
    assert response.status_code == 400
    assert "Choose the file to import" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_zip_named_docx_is_not_a_word_document(org_a, worker_a):
    # Was accepted: any ZIP passed as .docx, .xlsx, .odt or .ods.
    import io
    import zipfile

    from waypoint.cases.services.work import detect_content_type

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as writer:
        writer.writestr("payload.exe", b"MZ")
    assert detect_content_type(archive.getvalue(), "letter.docx") is None
    assert detect_content_type(archive.getvalue(), "sheet.ods") is None
    word = io.BytesIO()
    with zipfile.ZipFile(word, "w") as writer:
        writer.writestr("[Content_Types].xml", "<Types/>")
        writer.writestr("word/document.xml", "<w:document/>")
    assert detect_content_type(word.getvalue(), "letter.docx") == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


@pytest.mark.parametrize("year", ["0", "2147483648", "-1", "1999", "abc"])
def test_a_breach_year_out_of_range_is_a_400(org_a, year):
    # Was a 500: year=0 (ValueError) and year=2147483648 (OverflowError) reached the database.
    coordinator = member(org_a, Role.COORDINATOR)
    response = api_client(coordinator).get(f"/api/v1/nrm/breaches/?year={year}")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["year"]
    assert api_client(coordinator).get("/api/v1/nrm/breaches/?year=2026").status_code == 200


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/action-plans/reports/?organisation=0", "organisation"),
        ("/api/v1/action-plans/actions/?lead_organisation=0", "lead_organisation"),
        ("/api/v1/action-plans/trainings/?organiser=0", "organiser"),
        ("/api/v1/action-plans/campaigns/?organiser=x", "organiser"),
    ],
)
def test_action_plan_filters_by_organisation_refuse_a_malformed_id(org_a, url, field):
    # Was a 500 (found with WAYPOINT_FUZZ_EXAMPLES=20): the id reached a UUID lookup unchecked.
    coordinator = member(org_a, Role.COORDINATOR)
    response = api_client(coordinator).get(url)
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == [field]
    well_formed = url.split("=")[0] + f"={org_a.public_id}"
    assert api_client(coordinator).get(well_formed).status_code == 200


@pytest.mark.parametrize(
    "reference",
    [
        {"MT": [1, 2]},  # was a TypeError: a list where the profile's mapping belongs
        {"MT": {"preliminary_decision": "soon"}},
        {"MT": {"reconsideration": {"who_may_request": 3}}},
    ],
)
def test_a_misshapen_reference_profile_is_refused_by_name(reference):
    from waypoint.access.actor import Actor
    from waypoint.common.errors import ValidationFailed
    from waypoint.referrals.models import CountryProfile
    from waypoint.referrals.services import country_profile_load_reference

    before = CountryProfile.objects.count()
    with pytest.raises(ValidationFailed) as refusal:
        country_profile_load_reference(actor=Actor.console("tests"), key="MT", reference=reference)
    assert "MT" in refusal.value.fields["key"][0]
    assert CountryProfile.objects.count() == before


@pytest.mark.parametrize(
    ("holidays", "field"),
    [
        (None, "holidays.country"),
        ("weekends", "holidays"),
        ({"weekend": 6}, "holidays.weekend"),
        ({"extra": "2026-12-25"}, "holidays.extra"),
    ],
)
def test_country_profile_holidays_of_the_wrong_shape_are_named_not_a_crash(holidays, field):
    """Found by hypothesis: ``holidays: null`` crashed the profile reader (AttributeError)."""
    from waypoint.referrals import profiles

    document = profiles.from_reference(profiles.load_reference(), "MT").to_document()
    document["holidays"] = holidays
    with pytest.raises(profiles.ProfileInvalid) as refused:
        profiles.from_document(document)
    assert field in refused.value.fields
