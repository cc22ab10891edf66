"""The national statistics at scale: every registered table over persons and cases, computed by
Waypoint (``registry.compute``: the Django ORM over the real models, in the database Django is
configured with — SQLite or PostgreSQL), against DuckDB computing the same tables from the same
records written to Parquet in the same run; and the coordinator's national overview page under
that volume, against the table computations it shows.

The figure is the ratio (Waypoint's median time / the baseline's). Every table must equal the
baseline's exactly, figure by figure: a mismatch fails the run. No time is asserted.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from benchmarks.duckdb_tables import DuckdbTables, Figures, figures_of
from benchmarks.harness import Comparison, Report, measure
from benchmarks.loading import load, next_ids
from benchmarks.synthetic import ORGANISATIONS, generate

NAME: Final = "statistics"
DEFAULT_RECORDS: Final = 100_000
FULL_RECORDS: Final = 1_000_000
# Table id, the kind of period it is measured for, and the baseline's method.
CASES: Final = (
    ("eurostat-e1", "year", "eurostat_e1"),
    ("eurostat-e2", "year", "eurostat_e2"),
    ("eurostat-e3", "year", "eurostat_e3"),
    ("eurostat-e4", "year", "eurostat_e4"),
    ("tip-t5", "tip", "tip_t5"),
    ("tip-t5-nationality", "tip", "tip_t5_nationality"),
    ("tip-t5-forms", "tip", "tip_t5_forms"),
    ("tip-t5-bodies", "tip", "tip_t5_bodies"),
    ("flows", "year", "flows"),
    ("patterns-sectors", "year", "patterns_sectors"),
    ("patterns-recruitment", "year", "patterns_recruitment"),
    ("patterns-control", "year", "patterns_control"),
    ("overview-victims", "tip", "overview_victims"),
    ("eurostat-e5", "year", "eurostat_e5"),
    ("eurostat-e5-citizenship", "year", "eurostat_e5_citizenship"),
    ("eurostat-e6", "year", "eurostat_e6"),
    ("eurostat-e6-citizenship", "year", "eurostat_e6_citizenship"),
    ("eurostat-e7", "year", "eurostat_e7"),
    ("eurostat-e7-citizenship", "year", "eurostat_e7_citizenship"),
    ("tip-t1", "tip", "tip_t1"),
    ("tip-t2", "tip", "tip_t2"),
    ("tip-t3", "tip", "tip_t3"),
    ("tip-t3-outcomes", "tip", "tip_t3_outcomes"),
    ("tip-t4", "tip", "tip_t4"),
    ("tip-t7", "tip", "tip_t7"),
    ("tip-t8", "tip", "tip_t8"),
    ("tip-t6", "tip", "tip_t6"),
    ("eurostat-e8", "year", "eurostat_e8"),
    ("nrm-n1", "year", "nrm_n1"),
)
DASHBOARD_CASE: Final = "dashboard: national overview page"
# A table taking longer than this (seconds) is computed once, not warmed up and repeated: tip-t6
# and eurostat-e8 take minutes at 100,000 records.
ONCE_OVER: Final = 20.0


@dataclass
class Options:
    records: int = DEFAULT_RECORDS
    repeat: int = 3
    seed: int = 2026


def _timed(label: str, report: Report, function: Callable[[], Any]) -> Any:
    timing, result = measure(function, repeat=1, warmup=0)
    report.setup[label] = report.setup.get(label, 0.0) + timing.median
    return result


def _differences(actual: Figures, expected: Figures) -> str:
    keys = sorted(set(actual) | set(expected), key=str)
    wrong = [key for key in keys if actual.get(key) != expected.get(key)]
    shown = ", ".join(f"{key}: {actual.get(key)} != {expected.get(key)}" for key in wrong[:3])
    return f"{len(wrong)} figures differ ({shown})" if wrong else ""


def _agreement(expected: Figures, table: Any) -> str:
    """What was compared: the number of non-zero figures (and the grand total, if any)."""
    figures = sum(1 for key in expected if key[0] != "rows")
    grand = f", total {table.grand_total.value}" if table.grand_total else ""
    return f"{figures} figures{grand}"


def run(options: Options, report: Report, log: Callable[[str], None] = print) -> None:
    """Generate, load and compare, in the database Django is configured with (a throwaway one:
    ``run.py`` creates it; the test suite uses its test database)."""
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from waypoint.access.roles import Role
    from waypoint.accounts.models import Organisation
    from waypoint.referrals.models import CountryProfile
    from waypoint.reporting.disclosure import policy_from_settings
    from waypoint.testing.factories import actor_for, member

    engine = connection.vendor
    today = timezone.localdate()
    organisations = [
        Organisation.objects.get_or_create(name=name, defaults={"org_type": kind})[0]
        for name, kind in ORGANISATIONS
    ]
    log(f"statistics: generating {options.records:,} synthetic victim records")
    data = _timed(
        "generate records",
        report,
        lambda: generate(
            options.records,
            organisations=[organisation.pk for organisation in organisations],
            today=today,
            first_ids=next_ids(),
            seed=options.seed,
            profile=CountryProfile.objects.order_by("pk").values_list("pk", flat=True).first(),
        ),
    )
    log(f"statistics: loading them into {engine}")
    _timed(f"load {engine}", report, lambda: load(data.tables))
    tables = {
        **data.tables,
        "organisations": {
            "id": list(Organisation.objects.values_list("pk", flat=True)),
            "org_type": list(Organisation.objects.values_list("org_type", flat=True)),
        },
        "profiles": _profiles(),
    }
    coordinator = member(organisations[0], Role.COORDINATOR)
    actor = actor_for(coordinator, organisations[0])
    with tempfile.TemporaryDirectory(prefix="waypoint-bench-") as temporary:
        baseline = DuckdbTables(
            Path(temporary),
            own_country=str(settings.WAYPOINT_COUNTRY),
            threshold=policy_from_settings().threshold,
            time_zone=str(settings.TIME_ZONE),
        )
        try:
            log("statistics: writing Parquet for DuckDB")
            _timed("write parquet", report, lambda: baseline.load(tables))
            _compare_tables(options, report, baseline=baseline, actor=actor, engine=engine, log=log)
        finally:
            baseline.close()
    report.comparisons.append(_dashboard_case(options, coordinator, actor, engine))
    report.comparisons.append(_disclosure_case(options, actor, engine))


def _profiles() -> dict[str, list[Any]]:
    """The NRM country profiles as stored (their rules as JSON text), for the baseline's working
    calendar."""
    from waypoint.referrals.models import CountryProfile

    rows = list(
        CountryProfile.objects.values("pk", "country", "effective_from", "version", "rules")
    )
    return {
        "id": [row["pk"] for row in rows],
        "country": [row["country"] for row in rows],
        "effective_from": [row["effective_from"] for row in rows],
        "version": [row["version"] for row in rows],
        "rules": [json.dumps(row["rules"]) for row in rows],
    }


def _period(kind: str) -> Any:
    """The latest complete period of the kind: last calendar year, or the last TIP period."""
    from waypoint.reporting import registry
    from waypoint.reporting.periods import PeriodKind

    return registry.default_periods(frozenset({PeriodKind(kind)}))[0]


def _compare_tables(
    options: Options,
    report: Report,
    *,
    baseline: DuckdbTables,
    actor: Any,
    engine: str,
    log: Callable[[str], None],
) -> None:
    """Each table by Waypoint and by DuckDB, which must agree figure by figure."""
    from waypoint.reporting import registry

    for table_id, kind, method in CASES:
        period = _period(kind)
        spec = registry.get(table_id)
        log(f"statistics: {table_id} {period.token}")
        timing, table = measure(
            lambda spec=spec, period=period: registry.compute(spec, actor=actor, period=period),
            repeat=options.repeat,
            once_over=ONCE_OVER,
        )
        if table_id == "overview-victims":
            previous = period.previous()
            arguments: tuple[Any, ...] = (
                [
                    (period.token, period.start, period.end),
                    (previous.token, previous.start, previous.end),
                ],
            )
        else:
            arguments = (period.start, period.end)
        base_time, expected = measure(
            lambda method=method, arguments=arguments: getattr(baseline, method)(*arguments),
            repeat=options.repeat,
        )
        actual = figures_of(table)
        if table_id == "overview-victims":
            actual = {key: value for key, value in actual.items() if key[0] in ("cell", "rows")}
        if ("rows",) not in expected:
            # Rows fixed by a code list: compared through their figures.
            actual.pop(("rows",))
        difference = _differences(actual, expected)
        report.comparisons.append(
            Comparison(
                benchmark=NAME,
                case=f"{table_id} {period.token}",
                subject=engine,
                baseline=baseline.name,
                subject_time=timing,
                baseline_time=base_time,
                agrees=not difference,
                note=difference or _agreement(expected, table),
            )
        )


def _dashboard_case(options: Options, coordinator: Any, actor: Any, engine: str) -> Comparison:
    """The coordinator's national overview (the test client, the whole request) against
    computing the tables it shows."""
    from waypoint.reporting import registry, selectors
    from waypoint.reporting.dashboards import NATIONAL
    from waypoint.testing.factories import signed_in_client

    client = signed_in_client(coordinator)
    panels = [
        (registry.get(panel.table_id), panel.period_token())
        for panel in NATIONAL.panels
        if panel.table_id and registry.get(panel.table_id).source_available
    ]

    def tables() -> None:
        for spec, token in panels:
            period = selectors.statistics_period(spec, token or None)
            registry.compute(spec, actor=actor, period=period)

    base_time, _result = measure(tables, repeat=options.repeat)
    page_time, response = measure(lambda: client.get("/statistics/"), repeat=options.repeat)
    html = response.content.decode()
    agrees = response.status_code == 200 and "Internal — not for publication." in html
    return Comparison(
        benchmark=NAME,
        case=DASHBOARD_CASE,
        subject=f"{engine} page",
        baseline=f"{engine} {len(panels)} tables",
        subject_time=page_time,
        baseline_time=base_time,
        agrees=agrees,
        note=f"HTTP {response.status_code}",
    )


def _disclosure_case(options: Options, actor: Any, engine: str) -> Comparison:
    """What protecting a table costs next to computing it (E4: forms by sex and age)."""
    from waypoint.reporting import registry
    from waypoint.reporting.disclosure import apply_disclosure_control, policy_from_settings

    spec = registry.get("eurostat-e4")
    period = _period("year")
    compute_time, table = measure(
        lambda: registry.compute(spec, actor=actor, period=period), repeat=options.repeat
    )
    policy = policy_from_settings()
    protect_time, protected = measure(
        lambda: apply_disclosure_control(table, policy), repeat=options.repeat
    )
    return Comparison(
        benchmark=NAME,
        case=f"disclosure control, eurostat-e4 {period.token}",
        subject="disclosure control",
        baseline=f"{engine} table",
        subject_time=protect_time,
        baseline_time=compute_time,
        agrees=protected.disclosure is not None,
        note=f"{protected.disclosure.suppressed} cells withheld" if protected.disclosure else "",
    )


__all__ = ["CASES", "DEFAULT_RECORDS", "FULL_RECORDS", "Options", "run"]
