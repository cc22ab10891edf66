"""The typed environment of a Waypoint installation: the only module that reads ``os.environ``.

Every value is parsed and validated once, here. In ``development`` (and ``test``) missing secrets are
generated once into the data directory; in ``production`` a start without them stops with a message
naming the missing variable, so a mis-set deployment never runs on a guessable key.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from environs import Env

BASE_DIR: Final = Path(__file__).resolve().parent.parent
ENVIRONMENTS: Final = ("development", "production", "test")
DATA_KEY_BYTES: Final = 32
# Fixed, public keys used only by the automated tests (WAYPOINT_ENV=test): never valid elsewhere.
_TEST_SECRET_KEY: Final = "test-only-secret-key-never-used-outside-the-test-suite-000000000000"  # noqa: S105  public test-only key
_TEST_DATA_KEYS: Final = "t1:" + base64.urlsafe_b64encode(b"\x01" * DATA_KEY_BYTES).decode()


class ConfigurationError(RuntimeError):
    """Raised when the environment cannot run Waypoint; the message says what to set."""


@dataclass(frozen=True)
class DataKey:
    key_id: str
    key: bytes


@dataclass(frozen=True)
class Environment:
    env: str
    data_dir: Path
    database_url: str
    secret_key: str
    data_keys: tuple[DataKey, ...]
    allowed_hosts: tuple[str, ...]
    debug: bool
    email_url: str
    default_from_email: str
    country: str
    time_zone: str
    session_idle_minutes: int
    max_upload_megabytes: int
    trusted_proxy: bool
    tip_period_start: str = ""
    disclosure_threshold: int = 5
    disclosure_suppress_zeros: bool = False
    base_url: str = ""

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def is_test(self) -> bool:
        return self.env == "test"


def parse_data_keys(raw: str) -> tuple[DataKey, ...]:
    """Parse ``key_id:key,key_id:key``; each key is 32 random bytes in URL-safe base64."""
    keys: list[DataKey] = []
    seen: set[str] = set()
    for position, item in enumerate(part.strip() for part in raw.split(",") if part.strip()):
        key_id, separator, encoded = item.partition(":")
        if not separator or not key_id or not encoded:
            raise ConfigurationError(
                f"WAYPOINT_DATA_KEYS entry {position + 1} must look like key_id:base64key."
            )
        if not key_id.replace("-", "").replace("_", "").isalnum() or len(key_id) > 32:
            raise ConfigurationError(
                f"WAYPOINT_DATA_KEYS entry {position + 1}: the key id must be letters, digits, "
                "'-' or '_' (at most 32)."
            )
        if key_id in seen:
            raise ConfigurationError(f"WAYPOINT_DATA_KEYS names the key id {key_id!r} twice.")
        try:
            key = base64.b64decode(
                encoded + "=" * (-len(encoded) % 4), altchars=b"-_", validate=True
            )
        except (ValueError, TypeError, binascii.Error) as error:
            raise ConfigurationError(
                f"WAYPOINT_DATA_KEYS key {key_id!r} is not URL-safe base64."
            ) from error
        if len(key) != DATA_KEY_BYTES:
            raise ConfigurationError(
                f"WAYPOINT_DATA_KEYS key {key_id!r} must be {DATA_KEY_BYTES} bytes, not {len(key)}."
            )
        seen.add(key_id)
        keys.append(DataKey(key_id=key_id, key=key))
    if not keys:
        raise ConfigurationError("WAYPOINT_DATA_KEYS holds no key.")
    return tuple(keys)


def new_data_key_entry(key_id: str) -> str:
    """A fresh ``key_id:key`` entry, for development secrets and the key-rotation docs."""
    return f"{key_id}:{base64.urlsafe_b64encode(secrets.token_bytes(DATA_KEY_BYTES)).decode()}"


def _development_secrets(data_dir: Path) -> dict[str, str]:
    """Generate missing development secrets once and keep them in the data directory (mode 0600)."""
    path = data_dir / "development-secrets.json"
    if path.exists():
        stored: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
        return stored
    data_dir.mkdir(parents=True, exist_ok=True)
    generated = {
        "WAYPOINT_SECRET_KEY": secrets.token_urlsafe(50),
        "WAYPOINT_DATA_KEYS": new_data_key_entry("dev1"),
    }
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(generated, handle, indent=2)
    return generated


def _is_month_day(text: str) -> bool:
    """``MM-DD`` naming a day that every year has (so not 29 February)."""
    month, dash, day = text.partition("-")
    if not dash or len(month) != 2 or len(day) != 2 or not (month + day).isdigit():
        return False
    try:
        datetime.date(2001, int(month), int(day))
    except ValueError:
        return False
    return True


def load() -> Environment:
    """Read and validate the process environment; raise ConfigurationError with a plain message."""
    return _load(Env())


def _load(env: Env) -> Environment:
    name = env.str("WAYPOINT_ENV", "development").strip().lower()
    if name not in ENVIRONMENTS:
        raise ConfigurationError(
            f"WAYPOINT_ENV must be 'development' or 'production' (or 'test' for the test suite), "
            f"not {name!r}."
        )
    data_dir = Path(env.str("WAYPOINT_DATA_DIR", str(BASE_DIR / "var"))).expanduser().resolve()
    secret_key = env.str("WAYPOINT_SECRET_KEY", "")
    data_keys_raw = env.str("WAYPOINT_DATA_KEYS", "")
    if name == "production":
        missing = [
            variable
            for variable, value in (
                ("WAYPOINT_SECRET_KEY", secret_key),
                ("WAYPOINT_DATA_KEYS", data_keys_raw),
                ("WAYPOINT_ALLOWED_HOSTS", env.str("WAYPOINT_ALLOWED_HOSTS", "")),
            )
            if not value
        ]
        if missing:
            raise ConfigurationError(
                "Waypoint will not start in production without "
                + ", ".join(missing)
                + ". Set them in the environment (see docs/deployment.md); never reuse "
                "development secrets."
            )
        if len(secret_key) < 40:
            raise ConfigurationError("WAYPOINT_SECRET_KEY must be at least 40 characters.")
    elif name == "test":
        secret_key = secret_key or _TEST_SECRET_KEY
        data_keys_raw = data_keys_raw or _TEST_DATA_KEYS
    elif not secret_key or not data_keys_raw:
        generated = _development_secrets(data_dir)
        secret_key = secret_key or generated["WAYPOINT_SECRET_KEY"]
        data_keys_raw = data_keys_raw or generated["WAYPOINT_DATA_KEYS"]

    default_hosts = "" if name == "production" else "127.0.0.1,localhost,testserver,[::1]"
    allowed_hosts = tuple(
        host.strip()
        for host in env.str("WAYPOINT_ALLOWED_HOSTS", default_hosts).split(",")
        if host.strip()
    )
    database_url = env.str("DATABASE_URL", f"sqlite:///{data_dir / 'waypoint.sqlite3'}")
    if not database_url.startswith(("sqlite://", "postgres://", "postgresql://")):
        raise ConfigurationError(
            "DATABASE_URL must be sqlite:///PATH or postgres://USER@HOST/NAME."
        )
    idle = env.int("WAYPOINT_SESSION_IDLE_MINUTES", 30)
    if not 5 <= idle <= 24 * 60:
        raise ConfigurationError("WAYPOINT_SESSION_IDLE_MINUTES must be between 5 and 1440.")
    upload = env.int("WAYPOINT_MAX_UPLOAD_MB", 20)
    if not 1 <= upload <= 1024:
        raise ConfigurationError("WAYPOINT_MAX_UPLOAD_MB must be between 1 and 1024.")
    country = env.str("WAYPOINT_COUNTRY", "MT").strip().upper()
    if len(country) != 2 or not country.isalpha():
        raise ConfigurationError("WAYPOINT_COUNTRY must be an ISO 3166 two-letter code, e.g. MT.")
    tip_period_start = env.str("WAYPOINT_TIP_PERIOD_START", "").strip()
    if tip_period_start and not _is_month_day(tip_period_start):
        raise ConfigurationError(
            "WAYPOINT_TIP_PERIOD_START must be a day of the year as MM-DD, e.g. 04-01."
        )
    base_url = (
        env.str("WAYPOINT_BASE_URL", "" if name == "production" else "http://127.0.0.1:8000")
        .strip()
        .rstrip("/")
    )
    if base_url and not base_url.startswith(("https://", "http://")):
        raise ConfigurationError(
            "WAYPOINT_BASE_URL must start with https:// (e.g. https://waypoint.example.gov)."
        )
    if name == "production" and base_url.startswith("http://"):
        raise ConfigurationError("WAYPOINT_BASE_URL must use https:// in production.")
    threshold = env.int("WAYPOINT_DISCLOSURE_THRESHOLD", 5)
    if not 2 <= threshold <= 100:
        raise ConfigurationError("WAYPOINT_DISCLOSURE_THRESHOLD must be between 2 and 100.")
    return Environment(
        env=name,
        data_dir=data_dir,
        database_url=database_url,
        secret_key=secret_key,
        data_keys=parse_data_keys(data_keys_raw),
        allowed_hosts=allowed_hosts,
        debug=env.bool("WAYPOINT_DEBUG", name == "development"),
        email_url=env.str(
            "WAYPOINT_EMAIL_URL", "console://" if name != "production" else "smtp://localhost:25"
        ),
        default_from_email=env.str("WAYPOINT_FROM_EMAIL", "waypoint@localhost"),
        country=country,
        time_zone=env.str("WAYPOINT_TIME_ZONE", "Europe/Malta"),
        session_idle_minutes=idle,
        max_upload_megabytes=upload,
        trusted_proxy=env.bool("WAYPOINT_BEHIND_PROXY", name == "production"),
        tip_period_start=tip_period_start,
        disclosure_threshold=threshold,
        disclosure_suppress_zeros=env.bool("WAYPOINT_DISCLOSURE_SUPPRESS_ZEROS", False),
        base_url=base_url,
    )
