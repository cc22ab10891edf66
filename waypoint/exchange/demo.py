"""Demo data of the exchange: a small fictional HTCDS file imported by a case supervisor, the way a
partner's export would arrive. Idempotent: a file already imported is not imported again (and its
rows carry ext_SourceRecordId, so importing it again would change nothing anyway)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from waypoint.exchange import services
from waypoint.exchange.choices import JobStatus
from waypoint.exchange.models import ImportJob

DEMO_FILE = Path(__file__).with_name("data") / "demo_htcds.csv"
IMPORTER = "supervisor.welfare1"


def load(context: Any) -> None:
    actor = context.actor(IMPORTER)
    digest = hashlib.sha256(DEMO_FILE.read_bytes()).hexdigest()
    if ImportJob.objects.filter(
        organisation=actor.organisation, sha256=digest, status=JobStatus.SUCCEEDED, is_dry_run=False
    ).exists():
        return
    job = services.import_file(actor=actor, path=DEMO_FILE, file_format="csv", is_dry_run=False)
    context.log.append(f"exchange demo import: {job.message}")
