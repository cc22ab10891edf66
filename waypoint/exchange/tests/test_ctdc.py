"""CTDC import of the real partner datasets in ../shared/data/ctdc/, checked against the files
themselves (counted here with the csv module) and against the CTDC dictionary's own frequencies."""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from waypoint.cases.models import Case, CasePerson, CasePersonCode
from waypoint.exchange.choices import JobStatus
from waypoint.exchange.models import CasePersonExtension
from waypoint.exchange.tests.conftest import CTDC, issues, run_file, run_import
from waypoint.people.models import Person, PersonCitizenship

pytestmark = pytest.mark.django_db

REGION = {
    "Africa": "Africa",
    "Americas/Oceania": "AmericasOceania",
    "Asia": "Asia",
    "Europe": "Europe",
}
GENDER = {"Female": "Feminine", "Male": "Masculine", "": ""}


def read(name):
    # keep_default_na=False semantics: every cell is text, "NA" stays Namibia.
    with (CTDC / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def sets_by_link(model, field, role):
    found: dict[int, set[str]] = {}
    for link_id, value in model.objects.filter(field=field, case_person__role=role).values_list(
        "case_person_id", "value" if model is CasePersonExtension else "code"
    ):
        found.setdefault(link_id, set()).add(value)
    return found


def combinations(model, field, role):
    """How many links carry each combination of values (as ";"-joined sorted text)."""
    counts = Counter(
        ";".join(sorted(values)) for values in sets_by_link(model, field, role).values()
    )
    total = CasePerson.objects.filter(role=role).order_by().count()
    counts[""] = total - sum(counts.values())
    return counts


def file_combinations(rows, column, mapping=None):
    counts = Counter()
    for row in rows:
        parts = [part for part in row[column].split(";") if part]
        counts[";".join(sorted((mapping or {}).get(part, part) for part in parts))] += 1
    return counts


def test_victim_perpetrator_dataset_matches_the_file_and_the_ctdc_dictionary(actor_a, org_a):
    rows = read("CTDC_VPsynthetic_condensed.csv")
    job = run_file(actor_a, CTDC / "CTDC_VPsynthetic_condensed.csv", file_format="ctdc")
    assert job.status == JobStatus.SUCCEEDED, job.report
    assert job.report["shape"] == "victim-perpetrator"
    ip_columns = [column for column in rows[0] if column.startswith("IP_")]
    with_perpetrator = sum(1 for row in rows if any(row[column] for column in ip_columns))
    assert CasePerson.objects.filter(role="victim").count() == len(rows) == 21195
    assert CasePerson.objects.filter(role="perpetrator").count() == with_perpetrator
    assert Case.objects.filter(owner_organisation=org_a, is_deidentified=True).count() == len(rows)
    assert not Person.objects.filter(is_deidentified=False).exists()
    victims = CasePerson.objects.filter(role="victim").order_by()

    # Gender: the file, and CTDC's TabStat (Female 9,589 / Male 7,995 / missing 3,611).
    genders = Counter(victims.values_list("person__gender", flat=True))
    assert genders == Counter(
        {GENDER[key]: count for key, count in Counter(row["gender"] for row in rows).items()}
    )
    assert (genders["Feminine"], genders["Masculine"], genders[""]) == (9589, 7995, 3611)
    # Majority status → age band (TabStat: Adult 16,379 / Minor 1,212 / missing 3,604).
    bands = Counter(victims.values_list("person__age_band", flat=True))
    assert (bands["adult"], bands["child"], bands[""]) == (16379, 1212, 3604)
    # Registration year bands; registered_on stays empty.
    years = Counter(
        ("" if start is None else (str(start) if start == end else f"{start}-{end}"))
        for start, end in victims.values_list("registration_year_from", "registration_year_to")
    )
    assert years == Counter(row["yearRegister"] for row in rows)
    assert years["2014-2018"] == 6274 and years[""] == 3655
    assert not victims.filter(registered_on__isnull=False).exists()
    # Exploitation types (TabStat: forced labour 12,248; sexual exploitation 2,775).
    exploitation = Counter(
        CasePersonCode.objects.filter(field="vic_TypeOfExploitation").values_list("code", flat=True)
    )
    assert (
        exploitation["ForcedLabour"] == sum(row["isForcedLabour"] == "1" for row in rows) == 12248
    )
    assert (
        exploitation["SexualExploitation"]
        == sum(row["isSexualExploit"] == "1" for row in rows)
        == 2775
    )
    # UN regions.
    assert combinations(CasePersonExtension, "ext_UNRegionOfOrigin", "victim") == file_combinations(
        rows, "UN_COO_Region", REGION
    )
    assert combinations(
        CasePersonExtension, "ext_UNRegionOfExploitation", "victim"
    ) == file_combinations(rows, "UN_COE_Region", REGION)
    # Perpetrators: roles, genders, ages, regions.
    roles = Counter(
        CasePersonCode.objects.filter(field="per_RoleInProcess").values_list("code", flat=True)
    )
    assert roles["Exploiter"] == sum(row["IP_Exploiter"] == "1" for row in rows) == 9458
    assert (
        roles["RecruiterOrIntermediary"]
        == sum(row["IP_RecruiterBroker"] == "1" for row in rows)
        == 11865
    )
    ctdc_roles = Counter(
        CasePersonExtension.objects.filter(field="ext_CTDCRole").values_list("value", flat=True)
    )
    assert ctdc_roles["TransactionProcess"] == 7344 and ctdc_roles["ControlAbuseKidnap"] == 2078
    perpetrator_genders = combinations(CasePersonExtension, "ext_PerpetratorGenders", "perpetrator")
    expected_genders = file_combinations(
        [row for row in rows if any(row[c] for c in ip_columns)], "IP_Gender", GENDER
    )
    assert perpetrator_genders == expected_genders
    assert (
        perpetrator_genders["Feminine"],
        perpetrator_genders["Masculine"],
        perpetrator_genders["Feminine;Masculine"],
    ) == (3515, 9820, 2452)
    assert (
        Counter(
            CasePerson.objects.filter(role="perpetrator")
            .order_by()
            .values_list("person__gender", flat=True)
        )["Masculine"]
        == 9820
    )
    with_ip = [row for row in rows if any(row[c] for c in ip_columns)]
    ages = combinations(CasePersonExtension, "ext_PerpetratorAgeBands", "perpetrator")
    assert ages == file_combinations(
        with_ip,
        "IP_ageBroad",
        {"0--29": "0-29", "30--38": "30-38", "39--47": "39-47", "48+": "48+"},
    )
    assert ages["0-29"] == 306 and ages["30-38;39-47"] == 18
    assert combinations(
        CasePersonExtension, "ext_PerpetratorUNRegions", "perpetrator"
    ) == file_combinations(with_ip, "IP_citizen_UNRegion", REGION)
    # Relationship and payment, on the victim.
    relations = combinations(CasePersonExtension, "ext_CTDCRelation", "victim")
    assert relations == file_combinations(rows, "IP_Relation")
    assert (
        victims.filter(relationship_to_trafficker="Acquainted").count()
        == relations["FriendAcquaintance"]
        == 4617
    )
    payments = combinations(CasePersonExtension, "ext_VictimPaidPerpetrator", "victim")
    assert (payments["No"], payments["Yes"], payments["No;Yes"], payments[""]) == (
        11075,
        3136,
        944,
        6040,
    )


def test_global_dataset_extract_matches_the_file(actor_a):
    name = "global_dataset_14apr2020_subset_dados_app.csv"
    rows = read(name)
    job = run_file(actor_a, CTDC / name, file_format="ctdc")
    assert job.status == JobStatus.SUCCEEDED, job.report
    assert job.report["shape"] == "global"
    assert "nacionalidade_lat" in job.report["ignored_columns"]
    victims = CasePerson.objects.filter(role="victim").order_by()
    assert victims.count() == len(rows) == 48773
    assert not CasePerson.objects.filter(role="perpetrator").exists()
    assert Counter(victims.values_list("person__gender", flat=True)) == Counter(
        GENDER[row["gender"]] for row in rows
    )
    assert Counter(victims.values_list("person__age_band", flat=True)) == Counter(
        row["ageBroad"].replace("--", "-") for row in rows
    )
    assert Counter(victims.values_list("registration_year_from", flat=True)) == Counter(
        int(row["yearOfRegistration"]) for row in rows
    )
    # Citizenship: "0" and empty are "not recorded"; every other code counted as in the file.
    expected = Counter(row["citizenship"] for row in rows if row["citizenship"] not in ("", "0"))
    assert Counter(PersonCitizenship.objects.values_list("country", flat=True)) == expected
    countries = Counter(
        victims.exclude(country_of_exploitation="").values_list(
            "country_of_exploitation", flat=True
        )
    )
    assert countries == Counter(
        row["CountryOfExploitation"]
        for row in rows
        if row["CountryOfExploitation"] not in ("", "0")
    )
    # Flags: 1.0 present, 0.0 known absent, empty not recorded — three different things.
    for column, code in (
        ("isForcedLabour", "ForcedLabour"),
        ("isSexualExploit", "SexualExploitation"),
    ):
        present = CasePersonCode.objects.filter(field="vic_TypeOfExploitation", code=code).count()
        absent = CasePersonExtension.objects.filter(
            field="ext_KnownAbsent", value=f"vic_TypeOfExploitation={code}"
        ).count()
        counts = Counter(row[column] for row in rows)
        assert (present, absent) == (counts["1.0"], counts["0.0"])
        assert victims.count() - present - absent == counts[""]


def test_recoded_extract_matches_the_file(actor_a):
    name = "gh-mrmoore_trafficking_cleaned.csv"
    rows = read(name)
    job = run_file(actor_a, CTDC / name, file_format="ctdc")
    assert job.status == JobStatus.SUCCEEDED, job.report
    assert job.report["shape"] == "recoded"
    victims = CasePerson.objects.filter(role="victim").order_by()
    assert victims.count() == len(rows)
    sources = Counter(
        CasePersonExtension.objects.filter(field="ext_DataSource").values_list("value", flat=True)
    )
    assert sources == Counter(row["Datasource"].replace(" ", "") for row in rows)
    forced = CasePersonCode.objects.filter(
        field="vic_TypeOfExploitation", code="ForcedLabour"
    ).count()
    assert forced == sum(
        row["isForcedLabour"] == "1" or row["ExploitType"] == "Forced Labor" for row in rows
    )
    assert Counter(victims.values_list("person__age_band", flat=True)) == Counter(
        row["ageCategories"].removeprefix("Age ") for row in rows
    )
    # Importing the same file again changes nothing.
    again = run_file(actor_a, CTDC / name, file_format="ctdc")
    assert (again.records_created, again.records_updated, again.records_unchanged) == (
        0,
        0,
        len(rows),
    )
    assert CasePerson.objects.count() == len(rows)


def test_na_is_namibia_and_ctdc_unknowns_are_not_recorded(actor_a):
    content = (
        b"yearOfRegistration,gender,ageBroad,citizenship,isForcedLabour,isSexualExploit,CountryOfExploitation\n"
        b"2016,Female,9--17,NA,1.0,0.0,NA\n"
        b"2017,Male,,0,,-99,0\n"
        b"2018,Male,48+,-99,0,1,\n"
    )
    job = run_import(actor_a, content, file_format="ctdc")
    assert job.status == JobStatus.SUCCEEDED, job.report
    first, second, third = CasePerson.objects.order_by("source_record_id")
    assert list(first.person.citizenships.values_list("country", flat=True)) == ["NA"]
    assert first.country_of_exploitation == "NA" and first.person.age_band == "9-17"
    assert not second.person.citizenships.exists() and second.country_of_exploitation == ""
    assert (
        second.person.age_band == ""
        and not second.codes.exists()
        and not second.extensions.exists()
    )
    assert third.person.age_band == "48+"
    assert set(third.extensions.values_list("value", flat=True)) == {
        "vic_TypeOfExploitation=ForcedLabour"
    }
    assert (
        first.registered_on is None
        and first.registration_year_from == first.registration_year_to == 2016
    )


def test_bad_ctdc_values_are_reported(actor_a):
    content = (
        b"yearOfRegistration,gender,ageBroad,citizenship,isForcedLabour,isSexualExploit,CountryOfExploitation\n"
        b"2016,Femme,9--17,NG,1.0,0.0,\n"
        b"2016,Female,9--17,QQ,1.0,0.0,\n"
        b"2016,Female,9--17,NG,yes,0.0,\n"
        b"2099,Female,9--17,NG,1,0,\n"
    )
    job = run_import(actor_a, content, file_format="ctdc")
    assert job.status == JobStatus.REJECTED
    found = {(issue["where"], issue["field"], issue["value"]) for issue in issues(job)}
    assert {
        ("row 2", "gender", "Femme"),
        ("row 3", "citizenship", "QQ"),
        ("row 4", "isForcedLabour", "yes"),
    } <= found
    assert ("row 5", "ext_RegistrationYear", "2099") in found
    assert not CasePerson.objects.exists()
