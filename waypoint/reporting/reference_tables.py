"""Tables over published reference statistics (UK NRM referrals, UNODC GLOTIP).

They are computed in the database (grouped sums through the ORM) from the imported figures and
go through the same disclosure control as every national table: the UK publishes counts of 1 and
2, which Waypoint withholds when it publishes them again; UNODC's own ``<5`` stays withheld, and
so do the figures that would let it be worked out.
"""

from __future__ import annotations

from typing import Any, Final

from django.db.models import Count, F, Max, Min, Q, QuerySet, Sum
from django.db.models.fields.json import KT

from waypoint.access.scopes.reporting import visible_published_figures
from waypoint.reporting.models import (
    FigureStatus,
    PublishedFigure,
    ReferenceDataset,
    ReferenceSource,
)
from waypoint.reporting.periods import PeriodKind
from waypoint.reporting.reference_files import UK_NRM_INDICATOR
from waypoint.reporting.registry import ChartKind, TableKind, TableRequest, register
from waypoint.reporting.tables import Cell, CellKey, Header, StatTable, build_table

NOT_IMPORTED: Final = (
    "Not imported yet: an administrator loads the published file with "
    "`manage.py import_reference_statistics FILE` (see docs/statistics.md)."
)
UK_AGES: Final = (
    ("Adult (18 or over)", "Adult (18 or over)"),
    ("Child (17 or under)", "Child (17 or under)"),
    ("Age not specified or unknown", "Age not specified or unknown"),
)
UK_SOURCE: Final = (
    "Source: UK Home Office, Modern Slavery National Referral Mechanism statistics (table 2: "
    "referrals by quarter), via the British Red Cross 'asylum' package. Crown copyright."
)
GLOTIP_SOURCE: Final = (
    "Source: UNODC, Global Report on Trafficking in Persons (GLOTIP) country data. Figures as "
    "reported by each country; coverage and definitions differ between countries and years."
)
GLOTIP_GROUPS: Final = (
    ("girls", "Girls (female, 0–17)", "Female", "0 to 17 years"),
    ("women", "Women (female, 18+)", "Female", "18 years or over"),
    ("boys", "Boys (male, 0–17)", "Male", "0 to 17 years"),
    ("men", "Men (male, 18+)", "Male", "18 years or over"),
)
REFERENCE_PERIODS: Final = frozenset(
    {PeriodKind.YEAR, PeriodKind.YEARS, PeriodKind.QUARTER, PeriodKind.TIP}
)


def _loaded(source: ReferenceSource) -> bool:
    return ReferenceDataset.objects.filter(source=source).exists()


def _dataset(source: ReferenceSource) -> ReferenceDataset | None:
    return ReferenceDataset.objects.filter(source=source).first()


def _figures(request: TableRequest, source: ReferenceSource) -> QuerySet[PublishedFigure]:
    return visible_published_figures(request.actor).filter(dataset__source=source)


def _status_counts() -> dict[str, Any]:
    """Per group: the sum of its figures and how many were withheld or not known."""
    return {
        "total": Sum("value"),
        "withheld": Count("pk", filter=Q(status=FigureStatus.SUPPRESSED)),
        "unknown": Count("pk", filter=Q(status=FigureStatus.UNKNOWN)),
    }


def _cell(group: dict[str, Any]) -> Cell:
    """A group's figure: withheld if any part was withheld by the publisher, unknown if any part
    is not known, otherwise the sum."""
    if group["withheld"]:
        return Cell.suppressed()
    if group["unknown"]:
        return Cell.unknown()
    return Cell.count(int(group["total"] or 0))


def _import_note(dataset: ReferenceDataset) -> str:
    return (
        f"Imported from {dataset.file_name} on {dataset.updated_at:%Y-%m-%d} "
        f"({dataset.figure_count} figures)."
    )


def uk_nrm_referrals(request: TableRequest) -> StatTable:
    """NRM referrals by quarter (rows) and age at exploitation (columns)."""
    dataset = _dataset(ReferenceSource.UK_NRM_REFERRALS)
    period = request.period
    figures = _figures(request, ReferenceSource.UK_NRM_REFERRALS).filter(indicator=UK_NRM_INDICATOR)
    # The series covers the quarters from its first to its last publication: quarters outside
    # it are left out (not shown as unknown), and the notes say so.
    coverage = figures.aggregate(
        first=Min(F("year") * 10 + F("quarter")), last=Max(F("year") * 10 + F("quarter"))
    )
    quarters = [
        (year, quarter)
        for year, quarter in period.quarters
        if coverage["first"] is not None
        and coverage["first"] <= year * 10 + quarter <= coverage["last"]
    ]
    groups = (
        figures.filter(year__gte=period.start.year, year__lte=period.end.year)
        .exclude(dimensions__location="Total")
        .values("year", "quarter", age=KT("dimensions__age"))
        .annotate(**_status_counts())
        .order_by()
    )
    wanted = set(quarters)
    values: dict[CellKey, Cell] = {}
    ages = dict(UK_AGES)
    for group in groups:
        if (group["year"], group["quarter"]) not in wanted:
            continue
        age = str(group["age"])
        ages.setdefault(age, age)
        values[(f"{group['year']}-Q{group['quarter']}", age)] = _cell(group)
    covered = {key[0] for key in values}
    notes = [
        UK_SOURCE,
        "Referrals, not persons: a person referred twice is counted twice. Quarters are calendar "
        "quarters of the referral date.",
        "The source's 'Total' location rows are not added again: each cell adds the locations "
        "UK, Overseas, UK and Overseas, and not specified.",
    ]
    if coverage["first"] is not None and len(quarters) < len(period.quarters):
        first, last = divmod(coverage["first"], 10), divmod(coverage["last"], 10)
        notes.append(
            f"The series runs from {first[0]} Q{first[1]} to {last[0]} Q{last[1]}: quarters of "
            "the period outside it are left out."
        )
    missing = [
        f"{year} Q{quarter}" for year, quarter in quarters if f"{year}-Q{quarter}" not in covered
    ]
    if missing:
        notes.append(
            "No figures were published for "
            + ", ".join(missing[:8])
            + (" …" if len(missing) > 8 else "")
            + ": shown as unknown, not as 0."
        )
    if dataset is not None:
        notes.append(_import_note(dataset))
    return build_table(
        table_id=request.spec.table_id,
        title=request.spec.title,
        period=period,
        rows=[Header(f"{year}-Q{quarter}", f"{year} Q{quarter}") for year, quarter in quarters],
        columns=[Header(key, label) for key, label in ages.items()],
        values=values,
        missing=Cell.unknown(),
        unit="referrals",
        row_dimension="Quarter",
        column_dimension="Age at exploitation",
        definitions=request.spec.definitions,
        notes=tuple(notes),
    )


def _area_key(area: str, area_name: str) -> str:
    return area or f"name:{area_name}"


def unodc_glotip_victims(request: TableRequest) -> StatTable:
    """Detected victims by country (rows) and sex and age (columns), with UNODC's own total."""
    dataset = _dataset(ReferenceSource.UNODC_GLOTIP)
    year = request.period.start.year
    groups = (
        _figures(request, ReferenceSource.UNODC_GLOTIP)
        .filter(
            indicator="detected_victims",
            year=year,
            dimensions__dimension="Total",
            dimensions__category="Total",
        )
        .exclude(area_name="")
        .values("area", "area_name", sex=KT("dimensions__sex"), age=KT("dimensions__age"))
        .annotate(**_status_counts())
        .order_by()
    )
    by_group = {(sex, age): key for key, _label, sex, age in GLOTIP_GROUPS}
    values: dict[CellKey, Cell] = {}
    totals: dict[str, Cell] = {}
    areas: dict[str, str] = {}
    for group in groups:
        row = _area_key(group["area"], group["area_name"])
        areas[row] = group["area_name"]
        if (group["sex"], group["age"]) == ("Total", "Total"):
            totals[row] = _cell(group)
        elif column := by_group.get((group["sex"], group["age"])):
            values[(row, column)] = _cell(group)
    rows = sorted(areas.items(), key=lambda item: item[1])
    notes = [
        GLOTIP_SOURCE,
        "The total is UNODC's published total for the country: it also counts victims of other "
        "or unknown sex or age, so it can be more than the four groups together.",
        "'<5' in the source is shown as withheld, never as a number.",
        "UNODC's regional aggregates (a code such as SAM or CAR without a country name) are not "
        "countries and are left out.",
    ]
    if dataset is not None:
        if dataset.conflict_count:
            notes.append(
                f"The file gives {dataset.conflict_count} figures twice with different values; "
                "those are shown as unknown."
            )
        notes.append(_import_note(dataset))
    return build_table(
        table_id=request.spec.table_id,
        title=request.spec.title,
        period=request.period,
        rows=[Header(key, label) for key, label in rows],
        columns=[Header(key, label) for key, label, _sex, _age in GLOTIP_GROUPS],
        values=values,
        missing=Cell.unknown(),
        row_totals={key: totals.get(key, Cell.unknown()) for key, _label in rows},
        column_totals=False,
        grand_total=False,
        totals_additive=False,
        unit="detected victims",
        row_dimension="Country",
        column_dimension="Sex and age",
        definitions=request.spec.definitions,
        notes=tuple(notes),
    )


def unodc_glotip_flows(request: TableRequest) -> StatTable:
    """Detected victims by route: citizenship (origin) → detecting country (exploitation)."""
    dataset = _dataset(ReferenceSource.UNODC_GLOTIP)
    year = request.period.start.year
    groups = (
        _figures(request, ReferenceSource.UNODC_GLOTIP)
        .filter(
            indicator="detected_victims",
            year=year,
            dimensions__dimension="by citizenship",
            dimensions__sex="Total",
            dimensions__age="Total",
        )
        .exclude(area_name="")
        .exclude(dimensions__category__in=["Total", "TOTAL"])
        .values("area", "area_name", category=KT("dimensions__category"))
        .annotate(**_status_counts())
        .order_by()
    )
    routes: list[tuple[Header, Cell]] = []
    for group in groups:
        destination = group["area_name"]
        category = str(group["category"] or "")
        origin = destination if category == "Nationals" else (category or "Not stated")
        key = f"{_area_key(group['area'], destination)}|{category}"
        label = f"{origin} → {destination}"
        routes.append((Header(key, label, parts=(origin, "", destination)), _cell(group)))
    routes.sort(key=lambda item: (-(item[1].value or 0), item[0].label))
    column = Header("victims", "Detected victims")
    notes = [
        GLOTIP_SOURCE,
        "Origin is the citizenship the detecting country reported, as it wrote it (names are "
        "not harmonised); 'Nationals' are the detecting country's own citizens. No transit "
        "country is published.",
    ]
    if dataset is not None:
        notes.append(_import_note(dataset))
    return build_table(
        table_id=request.spec.table_id,
        title=request.spec.title,
        period=request.period,
        rows=[header for header, _cell_value in routes],
        columns=[column],
        values={(header.key, column.key): cell for header, cell in routes},
        missing=Cell.unknown(),
        row_totals=False,
        column_totals=False,
        grand_total=False,
        unit="detected victims",
        row_dimension="Route",
        column_dimension="",
        definitions=request.spec.definitions,
        notes=tuple(notes),
    )


def _years(source: ReferenceSource, indicator: str) -> list[int]:
    return list(
        PublishedFigure.objects.filter(dataset__source=source, indicator=indicator)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def _uk_suggestions() -> list[str]:
    years = _years(ReferenceSource.UK_NRM_REFERRALS, UK_NRM_INDICATOR)
    if not years:
        return []
    latest = years[0]
    first = max(years[-1], latest - 4)
    # A trend over the last five years first (a line chart), when the series is that long.
    suggestions = [f"{first}..{latest}", str(latest)] if first < latest else [str(latest)]
    latest_quarter = (
        PublishedFigure.objects.filter(
            dataset__source=ReferenceSource.UK_NRM_REFERRALS, year=latest
        )
        .order_by("-quarter")
        .values_list("quarter", flat=True)
        .first()
    )
    if latest_quarter:
        suggestions.append(f"{latest}-Q{latest_quarter}")
    return suggestions + [str(year) for year in years[1:6]]


def _glotip_suggestions() -> list[str]:
    return [str(year) for year in _years(ReferenceSource.UNODC_GLOTIP, "detected_victims")]


_registered = False


def register_reference_tables() -> None:
    """Register the tables over imported reference statistics; called from ``ready()``."""
    global _registered  # noqa: PLW0603  one registration per process
    if _registered:
        return
    _registered = True
    register(
        "uk-nrm-referrals",
        "UK NRM referrals by quarter and age",
        TableKind.REFERENCE,
        uk_nrm_referrals,
        period_kinds=REFERENCE_PERIODS,
        description="Referrals to the UK National Referral Mechanism by quarter and by age at "
        "exploitation: a published national series to compare with and to test against.",
        definitions=(
            "Unit: NRM referrals (a person referred twice counts twice).",
            "Counted by the quarter of the referral.",
            "Cells are the sum of the four published locations of exploitation.",
        ),
        chart=ChartKind.LINE,
        awaiting=NOT_IMPORTED,
        suggested_periods=_uk_suggestions,
        order=1,
        is_loaded=lambda: _loaded(ReferenceSource.UK_NRM_REFERRALS),
    )
    register(
        "unodc-glotip-victims",
        "Detected victims by country, sex and age (UNODC GLOTIP)",
        TableKind.REFERENCE,
        unodc_glotip_victims,
        period_kinds=frozenset({PeriodKind.YEAR}),
        description="Victims of trafficking detected in each country in a year, as reported to "
        "UNODC: girls, women, boys and men, with UNODC's total.",
        definitions=(
            "Unit: detected victims, as counted by each reporting country.",
            "Counted by the year of detection reported to UNODC.",
            "Withheld by UNODC ('<5') stays withheld.",
        ),
        chart=ChartKind.RANKED,
        awaiting=NOT_IMPORTED,
        suggested_periods=_glotip_suggestions,
        order=2,
        is_loaded=lambda: _loaded(ReferenceSource.UNODC_GLOTIP),
    )
    register(
        "unodc-glotip-flows",
        "Detected victims by citizenship and detecting country (UNODC GLOTIP)",
        TableKind.REFERENCE,
        unodc_glotip_flows,
        period_kinds=frozenset({PeriodKind.YEAR}),
        description="Routes from the victims' citizenship to the country that detected them, as "
        "reported to UNODC.",
        definitions=(
            "Unit: detected victims, as counted by each reporting country.",
            "One row per citizenship reported by a detecting country.",
        ),
        chart=ChartKind.FLOW,
        awaiting=NOT_IMPORTED,
        suggested_periods=_glotip_suggestions,
        order=3,
        is_loaded=lambda: _loaded(ReferenceSource.UNODC_GLOTIP),
    )
