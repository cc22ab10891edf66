"""What a benchmark tells the person running it: plain lines through logging, results on standard
output and problems on standard error. Benchmarks work on fictional data only; nothing identifying
is ever written here."""

from __future__ import annotations

import logging
import sys

_log = logging.getLogger("benchmarks")


def _configure() -> None:
    if _log.handlers:
        return
    results = logging.StreamHandler(sys.stdout)
    results.addFilter(lambda record: record.levelno < logging.WARNING)
    problems = logging.StreamHandler(sys.stderr)
    problems.setLevel(logging.WARNING)
    for handler in (results, problems):
        handler.setFormatter(logging.Formatter("%(message)s"))
        _log.addHandler(handler)
    _log.setLevel(logging.INFO)
    _log.propagate = False


def say(text: object = "") -> None:
    """One line (or block) of results, written at once."""
    _configure()
    _log.info("%s", text)


def warn(text: object) -> None:
    """A problem the person running the benchmark must see."""
    _configure()
    _log.warning("%s", text)
