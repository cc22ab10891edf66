"""Field-level encryption (AES-256-GCM) and keyed blind indexes (HMAC-SHA-256).

Keys come from ``WAYPOINT_DATA_KEYS`` (never from the database): the first key encrypts, every key
decrypts. Each stored value names the key that sealed it, so old values stay readable after a new key
is added, and ``manage.py rotate_data_key`` re-seals everything under the newest key.

Per data key, two sub-keys are derived with HKDF so the same secret is never used for two purposes:
one for AES-GCM, one for the HMAC blind indexes. The associated data binds each ciphertext to the
column it belongs to, so a value cannot be moved unnoticed into another column.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

TOKEN_PREFIX = "wp1"  # noqa: S105  a format marker
FILE_MAGIC = b"WPF1"
NONCE_BYTES = 12


class DecryptionError(Exception):
    """A stored value could not be opened: unknown key id, wrong column, or tampered bytes."""


@dataclass(frozen=True)
class SealingKey:
    key_id: str
    aead: AESGCM
    index_key: bytes


def _derive(secret: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(secret)


@lru_cache(maxsize=1)
def keyring() -> tuple[SealingKey, ...]:
    """The configured keys, newest (the sealing key) first."""
    keys = []
    for data_key in settings.WAYPOINT_DATA_KEYS:
        keys.append(
            SealingKey(
                key_id=data_key.key_id,
                aead=AESGCM(_derive(data_key.key, b"waypoint/aes-256-gcm/v1")),
                index_key=_derive(data_key.key, b"waypoint/blind-index/v1"),
            )
        )
    return tuple(keys)


@receiver(setting_changed)
def _reset_keyring(*, setting: str, **_kwargs: object) -> None:
    if setting == "WAYPOINT_DATA_KEYS":
        keyring.cache_clear()


def primary_key_id() -> str:
    return keyring()[0].key_id


def _key(key_id: str) -> SealingKey:
    for key in keyring():
        if key.key_id == key_id:
            return key
    raise DecryptionError(f"No configured data key has the id {key_id!r}.")


def seal(plaintext: bytes, *, context: str) -> str:
    """Encrypt ``plaintext`` for the column ``context``; returns ``wp1:<key id>:<base64>``."""
    key = keyring()[0]
    nonce = os.urandom(NONCE_BYTES)
    ciphertext = key.aead.encrypt(nonce, plaintext, context.encode())
    encoded = base64.urlsafe_b64encode(nonce + ciphertext).decode()
    return f"{TOKEN_PREFIX}:{key.key_id}:{encoded}"


def token_key_id(token: str) -> str | None:
    """The id of the key that sealed ``token``, or None if it is not a sealed value."""
    prefix, _separator, rest = token.partition(":")
    if prefix != TOKEN_PREFIX:
        return None
    key_id, separator, _payload = rest.partition(":")
    return key_id if separator else None


def open_sealed(token: str, *, context: str) -> bytes:
    """Decrypt a value made by :func:`seal` for the same ``context``."""
    prefix, _separator, rest = token.partition(":")
    key_id, separator, encoded = rest.partition(":")
    if prefix != TOKEN_PREFIX or not separator:
        raise DecryptionError("The stored value is not an encrypted Waypoint value.")
    try:
        raw = base64.urlsafe_b64decode(encoded)
        return _key(key_id).aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode())
    except (InvalidTag, ValueError) as error:
        raise DecryptionError("The stored value failed its integrity check.") from error


def seal_file(content: bytes, *, context: str) -> bytes:
    """Encrypt a document: ``WPF1`` + key id length + key id + nonce + ciphertext."""
    key = keyring()[0]
    nonce = os.urandom(NONCE_BYTES)
    key_id = key.key_id.encode()
    return (
        FILE_MAGIC
        + bytes([len(key_id)])
        + key_id
        + nonce
        + key.aead.encrypt(nonce, content, context.encode())
    )


def file_key_id(blob: bytes) -> str:
    if not blob.startswith(FILE_MAGIC):
        raise DecryptionError("The stored file is not an encrypted Waypoint file.")
    length = blob[len(FILE_MAGIC)]
    start = len(FILE_MAGIC) + 1
    return blob[start : start + length].decode()


def open_file(blob: bytes, *, context: str) -> bytes:
    key_id = file_key_id(blob)
    start = len(FILE_MAGIC) + 1 + len(key_id.encode())
    nonce = blob[start : start + NONCE_BYTES]
    try:
        return _key(key_id).aead.decrypt(nonce, blob[start + NONCE_BYTES :], context.encode())
    except InvalidTag as error:
        raise DecryptionError("The stored file failed its integrity check.") from error


def normalise_for_index(value: str) -> str:
    """Case-, space- and accent-insensitive form used for exact-match lookups."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", value.casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.split())


def blind_index(value: str, *, purpose: str, key_id: str | None = None) -> str:
    """Keyed HMAC of a normalised value: ``<key id>:<hex>``. Equal inputs give equal indexes."""
    key = _key(key_id) if key_id else keyring()[0]
    digest = hmac.new(
        key.index_key, f"{purpose}\x1f{normalise_for_index(value)}".encode(), hashlib.sha256
    ).hexdigest()
    return f"{key.key_id}:{digest}"


def blind_index_candidates(value: str, *, purpose: str) -> list[str]:
    """The index of ``value`` under every configured key, so lookups work during a rotation."""
    return [blind_index(value, purpose=purpose, key_id=key.key_id) for key in keyring()]
