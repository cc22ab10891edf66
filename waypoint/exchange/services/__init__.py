"""Writes of the exchange: import and export jobs.

Auditing bulk work: an import writes thousands of records in one transaction, so it records **one**
audit event (``exchange.import``) in that same transaction, naming the job, the file's SHA-256 and
the counts of records created, updated and unchanged. The job row itself keeps the full report. That
satisfies "every write is audited": the import job is the audited write, and every record it
created carries ``source_organisation``/``source_record_id`` (or the job's case references) so it can
be traced back to it. Exports are audited the same way (``exchange.export``, ``exchange.download``),
and an identifying export also lists whose records it contained (``ExportedPerson``).

A job's state and progress are saved outside the import's own transaction on purpose: a rejected or
dry-run import rolls its writes back, but the job must still say what happened.
"""

from waypoint.exchange.services.exports import (
    exchange_files_purge,
    export_download,
    export_request,
    export_run,
    export_to_path,
)
from waypoint.exchange.services.imports import (
    import_file,
    import_request,
    import_run,
    make_source,
    store_upload,
)
from waypoint.exchange.services.jobs import EXPORT_RETENTION, max_upload_bytes

__all__ = [
    "EXPORT_RETENTION",
    "exchange_files_purge",
    "export_download",
    "export_request",
    "export_run",
    "export_to_path",
    "import_file",
    "import_request",
    "import_run",
    "make_source",
    "max_upload_bytes",
    "store_upload",
]
