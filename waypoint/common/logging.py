"""Logging filter that keeps personal data out of logs.

Waypoint never logs record contents on purpose; this filter is the safety net for what frameworks log
by themselves: it drops query strings from request paths (search terms could be names) and masks
e-mail addresses and long digit runs (phone or identity numbers).
"""

from __future__ import annotations

import logging
import re

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_DIGITS = re.compile(r"\b\d[\d -]{6,}\d\b")
_QUERY = re.compile(r"(/[^\s?\"']*)\?[^\s\"']*")


def redact(text: str) -> str:
    text = _QUERY.sub(r"\1?[query removed]", text)
    text = _EMAIL.sub("[e-mail removed]", text)
    return _DIGITS.sub("[number removed]", text)


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True
        record.msg = redact(message)
        record.args = ()
        return True
