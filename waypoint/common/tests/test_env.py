import base64
import json

import pytest

from config import env


def _key(byte: int = 2) -> str:
    return base64.urlsafe_b64encode(bytes([byte]) * 32).decode()


def test_data_keys_parse_first_encrypts_all_decrypt():
    keys = env.parse_data_keys(f"new:{_key(3)}, old:{_key(4)}")
    assert [key.key_id for key in keys] == ["new", "old"]
    assert keys[0].key == bytes([3]) * 32


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "holds no key"),
        ("nokey", "key_id:base64key"),
        ("a:" + base64.urlsafe_b64encode(b"short").decode(), "must be 32 bytes"),
        (f"a:{_key()},a:{_key()}", "twice"),
        (f"bad id:{_key()}", "letters, digits"),
        ("a:***", "base64"),
    ],
)
def test_data_keys_errors_are_plain(raw, message):
    with pytest.raises(env.ConfigurationError, match=message):
        env.parse_data_keys(raw)


def test_production_refuses_to_start_without_secrets(monkeypatch, tmp_path):
    monkeypatch.setenv("WAYPOINT_ENV", "production")
    monkeypatch.setenv("WAYPOINT_DATA_DIR", str(tmp_path))
    for name in ("WAYPOINT_SECRET_KEY", "WAYPOINT_DATA_KEYS", "WAYPOINT_ALLOWED_HOSTS"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(env.ConfigurationError) as error:
        env.load()
    message = str(error.value)
    assert "WAYPOINT_SECRET_KEY" in message
    assert "WAYPOINT_DATA_KEYS" in message
    assert "WAYPOINT_ALLOWED_HOSTS" in message
    assert not (tmp_path / "development-secrets.json").exists()


def test_production_starts_with_secrets(monkeypatch, tmp_path):
    monkeypatch.setenv("WAYPOINT_ENV", "production")
    monkeypatch.setenv("WAYPOINT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("WAYPOINT_SECRET_KEY", "x" * 50)
    monkeypatch.setenv("WAYPOINT_DATA_KEYS", f"k1:{_key()}")
    monkeypatch.setenv("WAYPOINT_ALLOWED_HOSTS", "waypoint.example.org")
    loaded = env.load()
    assert loaded.is_production
    assert loaded.allowed_hosts == ("waypoint.example.org",)
    assert loaded.debug is False


def test_development_generates_secrets_once(monkeypatch, tmp_path):
    monkeypatch.setenv("WAYPOINT_ENV", "development")
    monkeypatch.setenv("WAYPOINT_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("WAYPOINT_SECRET_KEY", raising=False)
    monkeypatch.delenv("WAYPOINT_DATA_KEYS", raising=False)
    first = env.load()
    second = env.load()
    assert first.secret_key == second.secret_key
    assert first.data_keys == second.data_keys
    stored = tmp_path / "development-secrets.json"
    assert stored.stat().st_mode & 0o777 == 0o600
    assert json.loads(stored.read_text())["WAYPOINT_SECRET_KEY"] == first.secret_key


def test_unknown_environment_is_refused(monkeypatch):
    monkeypatch.setenv("WAYPOINT_ENV", "staging")
    with pytest.raises(env.ConfigurationError, match="development"):
        env.load()


def test_database_url_default_is_sqlite_in_data_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("WAYPOINT_ENV", "test")
    monkeypatch.setenv("WAYPOINT_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert env.load().database_url == f"sqlite:///{tmp_path / 'waypoint.sqlite3'}"


def _production(monkeypatch, tmp_path):
    monkeypatch.setenv("WAYPOINT_ENV", "production")
    monkeypatch.setenv("WAYPOINT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("WAYPOINT_SECRET_KEY", "x" * 50)
    monkeypatch.setenv("WAYPOINT_DATA_KEYS", f"k1:{_key()}")
    monkeypatch.setenv("WAYPOINT_ALLOWED_HOSTS", "waypoint.example.org")


def test_base_url_for_links_in_emails(monkeypatch, tmp_path):
    _production(monkeypatch, tmp_path)
    monkeypatch.delenv("WAYPOINT_BASE_URL", raising=False)
    assert env.load().base_url == ""
    monkeypatch.setenv("WAYPOINT_BASE_URL", "https://waypoint.example.org/")
    assert env.load().base_url == "https://waypoint.example.org"
    monkeypatch.setenv("WAYPOINT_BASE_URL", "http://waypoint.example.org")
    with pytest.raises(env.ConfigurationError, match="https://"):
        env.load()
    monkeypatch.setenv("WAYPOINT_BASE_URL", "waypoint.example.org")
    with pytest.raises(env.ConfigurationError, match="must start with"):
        env.load()
