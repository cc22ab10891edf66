"""HTCDS import speed against raw bulk inserts of the same rows, and memory as the file grows.

    .venv/bin/python benchmarks/bench_exchange_import.py [--rows 100000] [--large]
        [--sizes 10000,100000] [--database-url postgres://…]

1. Writes a fictional HTCDS CSV of ``--rows`` rows (persons with names, dates of birth, codes,
   citizenships; two persons per case), imports it the way ``manage.py import_htcds`` does and
   reports rows per second.
2. Inserts the same rows again, raw: ``executemany`` of plain values into the same tables (no
   parsing, no checks, no encryption, no blind indexes), in the same run on the same database, and
   reports rows per second. The figure is the ratio import ÷ raw.
3. For each size (1e4 and 1e5; 1e6 with ``--large``) imports a file in a fresh process and reports
   its peak resident memory: it should stay flat as the file grows (the import streams the file
   twice and keeps cross-row state in a scratch database on disk).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from benchmarks.console import say  # noqa: E402

FIRST = ["Amal", "Bina", "Chidi", "Dana", "Emre", "Farah", "Goran", "Hana", "Ines", "Jomo"]
SECOND = ["Testcase", "Example", "Sample", "Fiction", "Invented", "Madeup"]
COUNTRIES = ["NG", "NA", "PH", "UA", "MD", "KH", "ID", "BY", "MM", "RO", "GH", "ER", "MT", "MY"]
TYPES = ["ForcedLabour", "SexualExploitation", "ForcedCriminality", "ForcedBegging", "Servitude"]
CONTROLS = [
    "DebtBondage",
    "WithholdsDocuments",
    "PhysicalThreats",
    "TakesEarnings",
    "FalsePromises",
]
COLUMNS = [
    "ext_SourceRecordId",
    "ext_CaseReference",
    "ext_Role",
    "prs_FirstName",
    "prs_SecondName",
    "prs_Birthdate",
    "prs_Gender",
    "prs_Citizenship",
    "vic_TypeOfExploitation",
    "vic_MethodsOfControl",
    "vic_TraffickingStatus",
    "vic_TraffickingStatusDecisionMakingOrg",
    "ext_CountryOfExploitation",
    "ext_RegisteredOn",
    "cas_Status",
]


def write_file(path: Path, rows: int, *, seed: int = 7) -> None:
    """A fictional HTCDS CSV: every row a victim, two victims per case."""
    chooser = random.Random(seed)
    start = dt.date(2015, 1, 1)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for index in range(rows):
            case = index // 2
            writer.writerow(
                [
                    f"bench-{index}",
                    f"bench-case-{case}",
                    "victim",
                    chooser.choice(FIRST),
                    chooser.choice(SECOND),
                    (dt.date(1970, 1, 1) + dt.timedelta(days=chooser.randrange(15000))).isoformat(),
                    chooser.choice(["Feminine", "Masculine"]),
                    ";".join(sorted(set(chooser.sample(COUNTRIES, chooser.randint(1, 2))))),
                    ";".join(sorted(set(chooser.sample(TYPES, chooser.randint(1, 2))))),
                    ";".join(sorted(set(chooser.sample(CONTROLS, chooser.randint(0, 3))))),
                    "PossibleVictimOfTrafficking",
                    "NGO",
                    chooser.choice(COUNTRIES),
                    (start + dt.timedelta(days=(case * 7) % 3000)).isoformat(),
                    "Active",
                ]
            )


def environment(data_dir: Path, database_url: str | None) -> dict[str, str]:
    values = {
        "WAYPOINT_ENV": "test",  # fixed test keys, no debug query log
        "WAYPOINT_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    if database_url:
        values["DATABASE_URL"] = database_url
    return values


def setup(data_dir: Path, database_url: str | None, *, migrate: bool = True) -> None:
    os.environ.update(environment(data_dir, database_url))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)


def organisation(name: str):
    from waypoint.accounts.models import Organisation

    return Organisation.objects.get_or_create(
        name=name, defaults={"org_type": "NGO", "country": "MT"}
    )[0]


def timed_import(path: Path, name: str) -> tuple[float, dict]:
    from waypoint.exchange import services
    from waypoint.exchange.console import console_actor

    actor = console_actor("benchmark", organisation(name))
    started = time.perf_counter()
    job = services.import_file(actor=actor, path=path, file_format="csv", is_dry_run=False)
    elapsed = time.perf_counter() - started
    if job.status != "succeeded":
        raise SystemExit(f"The benchmark import was not accepted: {job.message}")
    return elapsed, job.report


def timed_raw_insert(path: Path, name: str) -> float:
    """The same rows inserted as plainly as the database allows, then rolled back."""
    import uuid

    from django.db import connection, transaction
    from django.utils import timezone

    org = organisation(name)
    now = timezone.now()
    quote = connection.ops.quote_name
    batch = 1000

    def insert(table: str, columns: list[str], rows: list[tuple]) -> None:
        sql = f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)

    def ids(table: str, public_ids: list[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        with connection.cursor() as cursor:
            for start in range(0, len(public_ids), 500):
                part = public_ids[start : start + 500]
                cursor.execute(
                    f"SELECT public_id, id FROM {quote(table)} WHERE public_id IN ({', '.join(['%s'] * len(part))})",
                    [
                        connection.ops.adapt_unknown_value(uuid.UUID(p))
                        if connection.vendor != "sqlite"
                        else p.replace("-", "")
                        for p in part
                    ],
                )
                found.update({str(key).replace("-", ""): pk for key, pk in cursor.fetchall()})
        return found

    person_columns = [
        "public_id",
        "created_at",
        "updated_at",
        "version",
        "owner_organisation_id",
        "first_name",
        "second_name",
        "birthdate",
        "gender",
        "age_band",
        "mailing_country",
        "marital_status",
        "primary_language",
        "secondary_language",
        "highest_level_of_education",
        "is_deidentified",
        "identity_number_index",
        "name_birthdate_index",
    ]
    case_columns = [
        "public_id",
        "created_at",
        "updated_at",
        "version",
        "reference",
        "owner_organisation_id",
        "status",
        "opened_on",
        "closure_reason",
        "reopened_count",
        "is_deidentified",
    ]
    link_columns = [
        "public_id",
        "created_at",
        "updated_at",
        "version",
        "case_id",
        "person_id",
        "role",
        "registered_on",
        "trafficking_status",
        "trafficking_status_decision_making_org",
        "relationship_to_trafficker",
        "country_of_recruitment",
        "country_of_exploitation",
        "source_organisation_id",
        "source_record_id",
    ]

    def uid() -> str:
        value = uuid.uuid4()
        return value.hex if connection.vendor == "sqlite" else str(value)

    started = time.perf_counter()
    with transaction.atomic():
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            pending: list[dict[str, str]] = []

            def flush() -> None:
                persons, cases, case_keys = [], [], {}
                for row in pending:
                    persons.append(
                        (
                            uid(),
                            now,
                            now,
                            1,
                            org.pk,
                            row["prs_FirstName"],
                            row["prs_SecondName"],
                            row["prs_Birthdate"],
                            row["prs_Gender"],
                            "",
                            "",
                            "",
                            "",
                            "",
                            "",
                            False,
                            "",
                            "",
                        )
                    )
                    if row["ext_CaseReference"] not in case_keys:
                        case_keys[row["ext_CaseReference"]] = uid()
                        cases.append(
                            (
                                case_keys[row["ext_CaseReference"]],
                                now,
                                now,
                                1,
                                "R" + case_keys[row["ext_CaseReference"]][:18],
                                org.pk,
                                "Active",
                                row["ext_RegisteredOn"],
                                "",
                                0,
                                False,
                            )
                        )
                insert("people_person", person_columns, persons)
                insert("cases_case", case_columns, cases)
                person_ids = ids("people_person", [p[0] for p in persons])
                case_ids = ids("cases_case", [c[0] for c in cases])
                links, citizenships = [], []
                for row, person in zip(pending, persons, strict=True):
                    person_id = person_ids[person[0].replace("-", "")]
                    links.append(
                        (
                            uid(),
                            now,
                            now,
                            1,
                            case_ids[case_keys[row["ext_CaseReference"]].replace("-", "")],
                            person_id,
                            "victim",
                            row["ext_RegisteredOn"],
                            row["vic_TraffickingStatus"],
                            row["vic_TraffickingStatusDecisionMakingOrg"],
                            "",
                            "",
                            row["ext_CountryOfExploitation"],
                            org.pk,
                            row["ext_SourceRecordId"] + "-raw",
                        )
                    )
                    citizenships += [
                        (person_id, code) for code in row["prs_Citizenship"].split(";") if code
                    ]
                insert("cases_caseperson", link_columns, links)
                link_ids = ids("cases_caseperson", [link[0] for link in links])
                codes = []
                for row, link in zip(pending, links, strict=True):
                    for field in ("vic_TypeOfExploitation", "vic_MethodsOfControl"):
                        codes += [
                            (link_ids[link[0].replace("-", "")], field, code)
                            for code in row[field].split(";")
                            if code
                        ]
                insert("people_personcitizenship", ["person_id", "country"], citizenships)
                insert("cases_casepersoncode", ["case_person_id", "field", "code"], codes)
                pending.clear()

            for row in reader:
                pending.append(row)
                if len(pending) >= batch:
                    flush()
            if pending:
                flush()
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed


def current_rss_mb() -> float:
    """Resident memory now (Linux /proc; the process's peak elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class RssSampler(threading.Thread):
    """Samples resident memory every 20 ms and keeps the highest value seen."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = current_rss_mb()
        self.running = True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, current_rss_mb())
            time.sleep(0.02)

    def stop(self) -> float:
        self.running = False
        self.join()
        return max(self.peak, current_rss_mb())


def child(size: int, work: Path, database_url: str | None) -> None:
    """One memory measurement in a fresh process (the database was migrated by another one, so
    the peak is the import's)."""
    path = work / "rows.csv"
    write_file(path, size)
    setup(work / "data", database_url, migrate=False)
    organisation("Memory benchmark")
    before = current_rss_mb()
    sampler = RssSampler()
    sampler.start()
    elapsed, _report = timed_import(path, "Memory benchmark")
    peak = sampler.stop()
    sys.stdout.write(
        json.dumps({"rows": size, "seconds": elapsed, "peak_rss_mb": peak, "rss_before_mb": before})
        + "\n"
    )


def measure_memory(size: int, database_url: str | None) -> dict:
    work = Path(tempfile.mkdtemp(prefix="waypoint-bench-"))
    try:
        env = {**os.environ, **environment(work / "data", database_url)}
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "migrate", "-v", "0"],
            check=True,
            env=env,
            cwd=ROOT,
        )
        command = [sys.executable, __file__, "--child", str(size), "--work", str(work)]
        if database_url:
            command += ["--database-url", database_url]
        output = subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout
        return json.loads(output.strip().splitlines()[-1])
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000, help="rows for the speed comparison")
    parser.add_argument("--sizes", default="10000,100000", help="file sizes for the memory series")
    parser.add_argument(
        "--large",
        action="store_true",
        help="add 1,000,000 rows to the memory series (takes a long time)",
    )
    parser.add_argument(
        "--database-url", help="measure on this database instead of a throwaway SQLite file"
    )
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child(options.child, Path(options.work), options.database_url)
        return

    sizes = [int(size) for size in options.sizes.split(",") if size]
    if options.large:
        sizes.append(1_000_000)
    work = Path(tempfile.mkdtemp(prefix="waypoint-bench-"))
    try:
        setup(work / "data", options.database_url)
        from django.db import connection

        path = work / "rows.csv"
        write_file(path, options.rows)
        say(
            f"Database: {connection.vendor}. Speed: {options.rows:,} HTCDS CSV rows ({path.stat().st_size / 1e6:.1f} MB)."
        )
        import_seconds, report = timed_import(path, "Speed benchmark")
        raw_seconds = timed_raw_insert(path, "Raw baseline")
        import_rate, raw_rate = options.rows / import_seconds, options.rows / raw_seconds
        say(
            f"  import (check + write, encrypted, audited): {import_seconds:8.1f} s  {import_rate:10,.0f} rows/s  ({report['records_created']:,} records, {report['cases_created']:,} cases)"
        )
        say(
            f"  raw executemany of the same rows:          {raw_seconds:8.1f} s  {raw_rate:10,.0f} rows/s"
        )
        say(
            f"  ratio import / raw: {import_rate / raw_rate:.3f} (the import runs at {100 * import_rate / raw_rate:.1f}% of raw insert speed)"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)

    say("Memory: peak resident memory while a fresh process imports each size.")
    results = []
    for size in sizes:
        result = measure_memory(size, options.database_url)
        results.append(result)
        growth = result["peak_rss_mb"] - result["rss_before_mb"]
        say(
            f"  {size:>9,} rows: peak {result['peak_rss_mb']:7.1f} MB (import added {growth:6.1f} MB), {size / result['seconds']:8,.0f} rows/s"
        )
    first = results[0]
    for result in results[1:]:
        say(
            f"  ratio {result['rows']:,} / {first['rows']:,} rows: peak memory x{result['peak_rss_mb'] / first['peak_rss_mb']:.2f} "
            f"for x{result['rows'] / first['rows']:.0f} the rows"
        )


if __name__ == "__main__":
    main()
