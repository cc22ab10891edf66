"""Shared body of the import commands: progress bars, the report, the exit status."""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, cast

from django.core.management.base import BaseCommand, CommandError

from waypoint.exchange import services
from waypoint.exchange.choices import JobStatus
from waypoint.exchange.console import console_actor, organisation_named
from waypoint.operations.progress import ProgressBar

LISTED = 50


class ImportCommand(BaseCommand):
    command_name = ""

    def add_arguments(self, parser):
        parser.add_argument("file", help="The file to import (read as a stream: any size).")
        parser.add_argument(
            "--organisation", required=True, help="The organisation the records are imported for."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count everything, change nothing."
        )
        parser.add_argument(
            "--report", help="Also write the full report (every rejected row) to this JSON file."
        )

    def file_format(self, options) -> str:
        raise NotImplementedError

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        organisation = organisation_named(options["organisation"])
        actor = console_actor(self.command_name, organisation)
        bars = {}

        def progress(phase: str, done: int, total: int | None) -> None:
            if phase not in bars:
                for bar in bars.values():
                    bar.finish()
                label = "Checking" if phase == "checking" else "Writing"
                bars[phase] = ProgressBar(
                    total=total, label=label, stream=cast(IO[str], self.stderr)
                )
            bars[phase].update(done)

        try:
            job = services.import_file(
                actor=actor,
                path=path,
                file_format=self.file_format(options),
                is_dry_run=options["dry_run"],
                progress=progress,
            )
        finally:
            for bar in bars.values():
                bar.finish()
        report = job.report or {}
        if options.get("report"):
            Path(options["report"]).write_text(
                json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8"
            )
        self._print(report)
        self.stdout.write(job.message)
        if job.status != JobStatus.SUCCEEDED:
            raise CommandError(f"Import {job.status}: nothing was changed (job {job.public_id}).")

    def _print(self, report: dict) -> None:
        for message in report.get("file_errors", []):
            self.stdout.write(f"File: {message}")
        errors = report.get("errors", [])
        for issue in errors[:LISTED]:
            value = f" {issue['value']!r}" if issue["value"] else ""
            self.stdout.write(
                f"Rejected {issue['where']} {issue['field']}{value}: {issue['reason']}"
            )
        hidden = len(errors) - LISTED + report.get("errors_not_listed", 0)
        if hidden > 0:
            self.stdout.write(f"… and {hidden} more problems (use --report FILE to see them all).")
        for reason, count in sorted(report.get("warning_counts", {}).items()):
            self.stdout.write(f"Warning ({count} rows): {reason}")
        self.stdout.write(
            "Rows read: {rows_read}; rejected: {rows_rejected}; created: {records_created}; "
            "updated: {records_updated}; unchanged: {records_unchanged}; persons created: "
            "{persons_created}; cases created: {cases_created}.".format(
                **{
                    key: report.get(key, 0)
                    for key in (
                        "rows_read",
                        "rows_rejected",
                        "records_created",
                        "records_updated",
                        "records_unchanged",
                        "persons_created",
                        "cases_created",
                    )
                }
            )
        )
