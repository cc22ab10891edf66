"""The statistics settings are read, typed and validated in config/env.py."""

import pytest
from environs import Env

from config import env


def load(monkeypatch, tmp_path, **values):
    monkeypatch.setenv("WAYPOINT_ENV", "test")
    monkeypatch.setenv("WAYPOINT_DATA_DIR", str(tmp_path))
    for name in (
        "WAYPOINT_TIP_PERIOD_START",
        "WAYPOINT_DISCLOSURE_THRESHOLD",
        "WAYPOINT_DISCLOSURE_SUPPRESS_ZEROS",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return env._load(Env())


def test_defaults(monkeypatch, tmp_path):
    loaded = load(monkeypatch, tmp_path)
    assert (loaded.tip_period_start, loaded.disclosure_threshold) == ("", 5)
    assert loaded.disclosure_suppress_zeros is False


def test_values(monkeypatch, tmp_path):
    loaded = load(
        monkeypatch,
        tmp_path,
        WAYPOINT_TIP_PERIOD_START="07-01",
        WAYPOINT_DISCLOSURE_THRESHOLD="10",
        WAYPOINT_DISCLOSURE_SUPPRESS_ZEROS="true",
    )
    assert (loaded.tip_period_start, loaded.disclosure_threshold) == ("07-01", 10)
    assert loaded.disclosure_suppress_zeros is True


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("WAYPOINT_TIP_PERIOD_START", "02-29", "MM-DD"),
        ("WAYPOINT_TIP_PERIOD_START", "April", "MM-DD"),
        ("WAYPOINT_DISCLOSURE_THRESHOLD", "1", "between 2 and 100"),
    ],
)
def test_bad_values_are_refused_with_a_plain_message(monkeypatch, tmp_path, name, value, message):
    with pytest.raises(env.ConfigurationError, match=message):
        load(monkeypatch, tmp_path, **{name: value})


@pytest.mark.django_db
def test_the_threshold_setting_reaches_disclosure_control(settings):
    from waypoint.reporting.disclosure import policy_from_settings

    settings.WAYPOINT_DISCLOSURE_THRESHOLD = 11
    settings.WAYPOINT_DISCLOSURE_SUPPRESS_ZEROS = True
    policy = policy_from_settings()
    assert (policy.threshold, policy.suppress_zeros) == (11, True)
    assert policy.is_sensitive(10) and policy.is_sensitive(0) and not policy.is_sensitive(11)
