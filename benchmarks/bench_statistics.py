"""Statistics at national scale: the same tables on SQLite and PostgreSQL, against DuckDB reading
the same records from Parquet in the same run.

Phase one (now): the tables are SQL over a synthetic record layout that does not depend on
Waypoint's models (``synthetic.py``), and one case measures what disclosure control adds to a
table. Phase two replaces each SQL case by the registered table function (Django ORM over the real
models, ``waypoint.reporting.registry.compute``) and loads the records through the models; the
DuckDB baseline and the ratios stay as they are.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Protocol

from benchmarks.harness import Comparison, Report, Timing, measure
from benchmarks.synthetic import FORM_COLUMNS, RECORD_COLUMNS, SyntheticData, generate

NAME: Final = "statistics"
DEFAULT_RECORDS: Final = 1_000_000

YEAR = "registered_on BETWEEN '2023-01-01' AND '2023-12-31'"
TIP_PERIOD = "registered_on BETWEEN '2024-04-01' AND '2025-03-31'"

# Each case: the table it stands for, and SQL that SQLite, PostgreSQL and DuckDB all accept.
# Persons are counted once (COUNT DISTINCT person_key) although several organisations may have
# recorded them; a person with several forms counts under each form.
CASES: Final = {
    "eurostat-e1 status x registering body": (
        f"SELECT status, registering_body, COUNT(DISTINCT person_key) FROM records WHERE {YEAR} "
        "GROUP BY status, registering_body ORDER BY 1, 2"
    ),
    "eurostat-e2 sex x age group": (
        f"SELECT sex, age_group, COUNT(DISTINCT person_key) FROM records WHERE {YEAR} "
        "GROUP BY sex, age_group ORDER BY 1, 2"
    ),
    "eurostat-e3 citizenship": (
        f"SELECT citizenship, COUNT(DISTINCT person_key) FROM records WHERE {YEAR} "
        "GROUP BY citizenship ORDER BY 1"
    ),
    "eurostat-e4 form x sex": (
        "SELECT f.form, r.sex, COUNT(DISTINCT r.person_key) FROM records r "
        f"JOIN forms f ON f.person_key = r.person_key WHERE r.{YEAR} "
        "GROUP BY f.form, r.sex ORDER BY 1, 2"
    ),
    "tip-t5 status x sex x age (April-March)": (
        f"SELECT status, sex, age_group, COUNT(DISTINCT person_key) FROM records WHERE {TIP_PERIOD} "
        "GROUP BY status, sex, age_group ORDER BY 1, 2, 3"
    ),
    "flows citizenship -> country of exploitation": (
        "SELECT citizenship, exploitation_country, COUNT(DISTINCT person_key) FROM records "
        f"WHERE {YEAR} GROUP BY citizenship, exploitation_country ORDER BY 1, 2"
    ),
}


class Engine(Protocol):
    name: str

    def load(self, data: SyntheticData) -> None: ...

    def query(self, sql: str) -> list[tuple[Any, ...]]: ...

    def close(self) -> None: ...


def _normalise(rows: list[tuple[Any, ...]]) -> list[tuple[str, ...]]:
    return sorted(tuple("" if value is None else str(value) for value in row) for row in rows)


class SqliteEngine:
    name = "sqlite"

    def __init__(self, directory: Path) -> None:
        self.connection = sqlite3.connect(directory / "bench.sqlite3")
        self.connection.execute("PRAGMA journal_mode=WAL")

    def load(self, data: SyntheticData) -> None:
        db = self.connection
        db.execute(
            "CREATE TABLE records (record_id INTEGER PRIMARY KEY, person_key INTEGER, "
            "registered_on TEXT, sex TEXT, age_group TEXT, citizenship TEXT, "
            "exploitation_country TEXT, registering_body TEXT, status TEXT)"
        )
        db.execute("CREATE TABLE forms (person_key INTEGER, form TEXT)")
        rows = zip(*(data.records[name] for name in RECORD_COLUMNS), strict=True)
        db.executemany(
            "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((r[0], r[1], r[2].isoformat(), *r[3:]) for r in rows),
        )
        db.executemany(
            "INSERT INTO forms VALUES (?, ?)",
            zip(*(data.forms[name] for name in FORM_COLUMNS), strict=True),
        )
        db.execute("CREATE INDEX records_registered_on ON records (registered_on)")
        db.execute("CREATE INDEX forms_person_key ON forms (person_key)")
        db.commit()
        db.execute("ANALYZE")

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        return self.connection.execute(sql).fetchall()

    def close(self) -> None:
        self.connection.close()


class PostgresEngine:
    name = "postgresql"

    def __init__(self, url: str) -> None:
        import psycopg

        self.connection = psycopg.connect(url, autocommit=True)
        self.schema = f"bench_{os.getpid()}"
        self.connection.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")
        self.connection.execute(f"CREATE SCHEMA {self.schema}")
        self.connection.execute(f"SET search_path TO {self.schema}")

    def load(self, data: SyntheticData) -> None:
        db = self.connection
        db.execute(
            "CREATE TABLE records (record_id BIGINT PRIMARY KEY, person_key BIGINT, "
            "registered_on DATE, sex TEXT, age_group TEXT, citizenship TEXT, "
            "exploitation_country TEXT, registering_body TEXT, status TEXT)"
        )
        db.execute("CREATE TABLE forms (person_key BIGINT, form TEXT)")
        with db.cursor() as cursor:
            with cursor.copy(f"COPY records ({', '.join(RECORD_COLUMNS)}) FROM STDIN") as copy:
                for row in zip(*(data.records[name] for name in RECORD_COLUMNS), strict=True):
                    copy.write_row(row)
            with cursor.copy("COPY forms (person_key, form) FROM STDIN") as copy:
                for row in zip(*(data.forms[name] for name in FORM_COLUMNS), strict=True):
                    copy.write_row(row)
        db.execute("CREATE INDEX records_registered_on ON records (registered_on)")
        db.execute("CREATE INDEX forms_person_key ON forms (person_key)")
        db.execute("ANALYZE")

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        return self.connection.execute(sql).fetchall()

    def close(self) -> None:
        self.connection.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")
        self.connection.close()


class DuckdbEngine:
    """The baseline: DuckDB reading the same records from Parquet files written in this run."""

    name = "duckdb-parquet"

    def __init__(self, directory: Path) -> None:
        import duckdb

        self.directory = directory
        self.connection = duckdb.connect()

    def load(self, data: SyntheticData) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        for table, columns in (("records", data.records), ("forms", data.forms)):
            path = self.directory / f"{table}.parquet"
            pq.write_table(pa.table(columns), path)
            self.connection.execute(
                f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{path.as_posix()}')"
            )

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        return self.connection.execute(sql).fetchall()

    def close(self) -> None:
        self.connection.close()


@dataclass
class Options:
    records: int = DEFAULT_RECORDS
    repeat: int = 3
    postgres_url: str = ""


def _timed(label: str, report: Report, function: Callable[[], Any]) -> Any:
    timing, result = measure(function, repeat=1, warmup=0)
    report.setup[label] = timing.median
    return result


def run(options: Options, report: Report, log: Callable[[str], None] = print) -> None:
    with tempfile.TemporaryDirectory(prefix="waypoint-bench-") as temporary:
        directory = Path(temporary)
        log(f"statistics: generating {options.records:,} synthetic records")
        data = _timed("generate records", report, lambda: generate(options.records))
        engines: list[Engine] = [SqliteEngine(directory)]
        if options.postgres_url:
            engines.append(PostgresEngine(options.postgres_url))
        baseline = DuckdbEngine(directory)
        try:
            for engine in [*engines, baseline]:
                log(f"statistics: loading into {engine.name}")
                _timed(f"load {engine.name}", report, lambda engine=engine: engine.load(data))
            for case, sql in CASES.items():
                base_time, base_rows = measure(
                    lambda sql=sql: baseline.query(sql), repeat=options.repeat
                )
                for engine in engines:
                    timing, rows = measure(
                        lambda engine=engine, sql=sql: engine.query(sql), repeat=options.repeat
                    )
                    report.comparisons.append(
                        Comparison(
                            benchmark=NAME,
                            case=case,
                            subject=engine.name,
                            baseline=baseline.name,
                            subject_time=timing,
                            baseline_time=base_time,
                            agrees=_normalise(rows) == _normalise(base_rows),
                        )
                    )
            report.comparisons.append(_disclosure_case(engines[0], options.repeat))
        finally:
            for engine in [*engines, baseline]:
                engine.close()


def _disclosure_case(engine: Engine, repeat: int) -> Comparison:
    """What protecting a table costs next to computing it: citizenship x country of exploitation
    (many small cells), disclosure control against the query that produced it."""
    from waypoint.reporting.disclosure import DisclosurePolicy, apply_disclosure_control
    from waypoint.reporting.periods import parse_period
    from waypoint.reporting.tables import Cell, Header, build_table

    sql = CASES["flows citizenship -> country of exploitation"]
    query_time, rows = measure(lambda: engine.query(sql), repeat=repeat)
    origins = sorted({str(row[0]) for row in rows})
    destinations = sorted({str(row[1]) for row in rows})
    table = build_table(
        table_id="flows",
        title="Flows",
        period=parse_period("2023"),
        rows=[Header(origin or "_", origin or "not recorded") for origin in origins],
        columns=[Header(country or "_", country or "not recorded") for country in destinations],
        values={(str(a) or "_", str(b) or "_"): Cell.count(int(n)) for a, b, n in rows},
    )
    policy = DisclosurePolicy()
    protect_time, protected = measure(
        lambda: apply_disclosure_control(table, policy), repeat=repeat
    )
    return Comparison(
        benchmark=NAME,
        case=f"disclosure control, {len(origins)}x{len(destinations)} table",
        subject="disclosure control",
        baseline=f"{engine.name} query",
        subject_time=protect_time,
        baseline_time=query_time,
        agrees=protected.disclosure is not None and not protected.disclosure.withheld_entirely,
        note=f"{protected.disclosure.suppressed} cells withheld" if protected.disclosure else "",
    )


def postgres_url_from_environment() -> str:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else ""


__all__ = ["CASES", "Options", "Timing", "run", "postgres_url_from_environment"]
