import io

import pytest
from django.core.management import CommandError, call_command

from waypoint.audit.models import AuditEvent
from waypoint.referrals.models import CountryProfile
from waypoint.referrals.tests.helpers import ensure_profile


@pytest.mark.django_db
def test_load_country_profile_adds_a_version_from_the_reference_file():
    ensure_profile("MT")
    before = CountryProfile.objects.filter(country="MT").count()
    out = io.StringIO()
    call_command("load_country_profile", "ECAT_DEFAULT", stdout=out)
    assert "MT profile version" in out.getvalue()
    latest = CountryProfile.objects.filter(country="MT").order_by("-version").first()
    assert CountryProfile.objects.filter(country="MT").count() == before + 1
    assert latest.source == "reference:ECAT_DEFAULT"
    assert latest.rules["recovery_reflection_days"] == 30
    assert AuditEvent.objects.filter(action="nrm.profile_save", via="cli").exists()


@pytest.mark.django_db
def test_load_country_profile_refuses_unknown_keys_and_lists_known_ones():
    ensure_profile("MT")
    with pytest.raises(CommandError):
        call_command("load_country_profile", "ATLANTIS", stdout=io.StringIO())
    out = io.StringIO()
    call_command("load_country_profile", "x", "--list", stdout=out)
    assert out.getvalue().split() == ["ECAT_DEFAULT", "UK_EW", "MT", "MY"]
