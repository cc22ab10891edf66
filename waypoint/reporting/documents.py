"""PDF reports (WeasyPrint): one table, or the TIP annex with every TIP table for a period.

The document is rendered from a template with its styles inside it; WeasyPrint is given a URL
fetcher that refuses everything, so rendering never reaches the network or the file system.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from waypoint.reporting.charts import Chart, chart_for
from waypoint.reporting.periods import Period
from waypoint.reporting.registry import TableSpec
from waypoint.reporting.tables import StatTable


class ExternalResourceRefused(ValueError):
    pass


def _refuse(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ExternalResourceRefused(f"PDF reports load nothing from outside: {url[:80]}")


@dataclass(frozen=True)
class ReportSection:
    spec: TableSpec
    table: StatTable
    chart: Chart | None


def report_sections(items: Sequence[tuple[TableSpec, StatTable]]) -> list[ReportSection]:
    return [
        ReportSection(
            spec=spec, table=table, chart=chart_for(table, spec.chart, f"pdf-{spec.table_id}")
        )
        for spec, table in items
    ]


def render_pdf(
    *, title: str, period: Period, sections: Sequence[ReportSection], prepared_for: str
) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "reporting/pdf/report.html",
        {
            "title": title,
            "period": period,
            "sections": sections,
            "prepared_for": prepared_for,
            "generated_at": timezone.localtime(),
            "available": [section for section in sections if section.table.source_available],
            "awaiting": [section for section in sections if not section.table.source_available],
        },
    )
    document = HTML(string=html, url_fetcher=_refuse, base_url="about:blank")
    pdf: bytes = document.write_pdf()
    return pdf
