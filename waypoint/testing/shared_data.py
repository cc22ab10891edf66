"""Where the project's public test data are (CTDC, UK NRM, UNODC, US prosecutions).

They sit next to the checkout (``../shared/data``, see its README); ``WAYPOINT_SHARED_DATA``
points elsewhere. A checkout cloned somewhere else on the development machine finds them at
``/work/shared/data``.
"""

from __future__ import annotations

import os
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[2]


def shared_data_dir() -> Path:
    configured = os.environ.get("WAYPOINT_SHARED_DATA", "").strip()
    if configured:
        return Path(configured)
    for candidate in (_CHECKOUT.parent / "shared" / "data", Path("/work/shared/data")):
        if candidate.exists():
            return candidate
    return _CHECKOUT.parent / "shared" / "data"
