"""Reading published reference statistics files into figures (no database here).

Two layouts are understood, recognised by their header row:

- **UK NRM referrals by quarter** (Home Office NRM statistics, table 2, as published in the
  British Red Cross ``asylum`` package): ``Year, Quarter, Age at exploitation, Location of
  exploitation, NRM referrals``. ``Total`` locations are kept as published; tables never add them
  to the detail (they repeat it).
- **UNODC GLOTIP country data** (the CSV export): ``Iso3_code, Country, Region, Subregion,
  Indicator, Dimension, Category, Sex, Age, Year, Unit of measurement, txtVALUE, Source``.
  ``<5`` is UNODC's withheld marker: it becomes a *suppressed* figure, never a number. Rows
  with a code but no country name (``SAM``, ``CAR``, ...) are UNODC's regional aggregates: they
  are kept with an empty ``area_name`` and left out of the tables by country.

Every cell is read as text: no value is ever taken for "missing" except an empty one, so ``NA``
(Namibia) stays Namibia. A figure the file gives twice with different values is stored as
*unknown*, and counted as a conflict.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from django.utils.translation import gettext as _

from waypoint.common.errors import ValidationFailed
from waypoint.reporting.models import FigureStatus, ReferenceSource

UK_NRM_HEADER: Final = (
    "Year",
    "Quarter",
    "Age at exploitation",
    "Location of exploitation",
    "NRM referrals",
)
GLOTIP_HEADER: Final = (
    "Iso3_code",
    "Country",
    "Region",
    "Subregion",
    "Indicator",
    "Dimension",
    "Category",
    "Sex",
    "Age",
    "Year",
    "Unit of measurement",
    "txtVALUE",
    "Source",
)
GLOTIP_INDICATORS: Final = {
    "Detected trafficking victims": "detected_victims",
    "Persons convicted": "persons_convicted",
    "Persons prosecuted": "persons_prosecuted",
    "Persons brought into formal contact": "persons_formal_contact",
    "Offences of trafficking in persons": "offences",
}
UK_NRM_INDICATOR: Final = "nrm_referrals"
GLOTIP_WITHHELD: Final = "<5"
MAX_REPORTED_ERRORS: Final = 10
_NUMBER = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+$")
_QUARTER = re.compile(r"^Q([1-4])$")


@dataclass(frozen=True)
class ParsedFigure:
    indicator: str
    area: str
    area_name: str
    year: int
    quarter: int | None
    dimensions: tuple[tuple[str, str], ...]
    value: int | None
    status: str

    @property
    def key(self) -> tuple[object, ...]:
        return (self.indicator, self.area, self.area_name, self.year, self.quarter, self.dimensions)


@dataclass
class ReferenceFile:
    source: str
    file_name: str
    checksum: str
    figures: list[ParsedFigure] = field(default_factory=list)
    conflicts: int = 0

    @property
    def suppressed(self) -> int:
        return sum(1 for figure in self.figures if figure.status == FigureStatus.SUPPRESSED)

    @property
    def unknown(self) -> int:
        return sum(1 for figure in self.figures if figure.status == FigureStatus.UNKNOWN)


class _Errors:
    def __init__(self) -> None:
        self.messages: list[str] = []
        self.count = 0

    def add(self, line: int, message: str) -> None:
        self.count += 1
        if len(self.messages) < MAX_REPORTED_ERRORS:
            self.messages.append(
                _("line %(line)s: %(message)s") % {"line": line, "message": message}
            )

    def raise_if_any(self, file_name: str) -> None:
        if self.count:
            more = self.count - len(self.messages)
            lines = self.messages + ([_("… and %(n)s more") % {"n": more}] if more > 0 else [])
            raise ValidationFailed(
                _("%(file)s could not be imported: %(n)s line(s) are not valid.")
                % {"file": file_name, "n": self.count},
                fields={"file": lines},
            )


def parse_count(text: str) -> int:
    """A published count: digits, with or without thousands separators (``1,282``)."""
    cleaned = text.strip()
    if not _NUMBER.match(cleaned):
        raise ValueError(text)
    return int(cleaned.replace(",", ""))


def read_reference_file(path: Path, source: str = "") -> ReferenceFile:
    """Read ``path`` as one of the known layouts (``source`` forces one); raise
    ``ValidationFailed`` naming the lines that are not valid."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ValidationFailed(
            _("The file cannot be read."), fields={"file": [error.strerror or str(error)]}
        ) from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationFailed(
            _("The file is not UTF-8 text."),
            fields={"file": [_("Save it as CSV in UTF-8 and try again.")]},
        ) from error
    reader = csv.reader(io.StringIO(text, newline=""))
    header = tuple(cell.strip() for cell in next(reader, []))
    detected = _detect(header)
    if source and detected and source != detected:
        raise ValidationFailed(
            _("The file looks like %(detected)s, not %(source)s.")
            % {"detected": detected, "source": source},
            fields={"source": [_("Leave the source out to let Waypoint recognise the file.")]},
        )
    chosen = source or detected
    if chosen not in ReferenceSource.values:
        raise ValidationFailed(
            _("Waypoint does not recognise this file's columns."),
            fields={
                "file": [
                    _("Expected the columns %(uk)s, or %(glotip)s.")
                    % {"uk": ", ".join(UK_NRM_HEADER), "glotip": ", ".join(GLOTIP_HEADER)}
                ]
            },
        )
    result = ReferenceFile(
        source=chosen, file_name=path.name, checksum=hashlib.sha256(raw).hexdigest()
    )
    parse = _parse_uk_nrm if chosen == ReferenceSource.UK_NRM_REFERRALS else _parse_glotip
    errors = _Errors()
    figures = list(parse(reader, errors))
    errors.raise_if_any(path.name)
    if not figures:
        raise ValidationFailed(
            _("%(file)s holds no figures.") % {"file": path.name}, fields={"file": [_("Empty.")]}
        )
    result.figures, result.conflicts = _merge_repeats(figures)
    return result


def _detect(header: tuple[str, ...]) -> str:
    if header == UK_NRM_HEADER:
        return ReferenceSource.UK_NRM_REFERRALS.value
    if header == GLOTIP_HEADER:
        return ReferenceSource.UNODC_GLOTIP.value
    return ""


def _year(text: str) -> int:
    year = int(text.strip())
    if not 1900 <= year <= 2100:
        raise ValueError(text)
    return year


def _parse_uk_nrm(reader: Iterator[list[str]], errors: _Errors) -> Iterator[ParsedFigure]:
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(UK_NRM_HEADER):
            errors.add(line, _("expected %(n)s columns") % {"n": len(UK_NRM_HEADER)})
            continue
        year_text, quarter_text, age, location, count_text = (cell.strip() for cell in row)
        try:
            year = _year(year_text)
        except ValueError:
            errors.add(line, _("the year %(value)s is not valid") % {"value": year_text[:20]})
            continue
        quarter = _QUARTER.match(quarter_text)
        if quarter is None:
            errors.add(line, _("the quarter must be Q1 to Q4"))
            continue
        if not age or not location:
            errors.add(line, _("the age and the location of exploitation are required"))
            continue
        value: int | None = None
        status = FigureStatus.UNKNOWN
        if count_text:
            try:
                value, status = parse_count(count_text), FigureStatus.VALUE
            except ValueError:
                errors.add(line, _("%(value)s is not a count") % {"value": count_text[:20]})
                continue
        yield ParsedFigure(
            indicator=UK_NRM_INDICATOR,
            area="GBR",
            area_name="United Kingdom",
            year=year,
            quarter=int(quarter[1]),
            dimensions=(("age", age), ("location", location)),
            value=value,
            status=status,
        )


def _parse_glotip(reader: Iterator[list[str]], errors: _Errors) -> Iterator[ParsedFigure]:
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(GLOTIP_HEADER):
            errors.add(line, _("expected %(n)s columns") % {"n": len(GLOTIP_HEADER)})
            continue
        cells = dict(zip(GLOTIP_HEADER, (cell.strip() for cell in row), strict=True))
        if not cells["Country"] and not cells["Iso3_code"]:
            errors.add(line, _("the country (name or code) is missing"))
            continue
        try:
            year = _year(cells["Year"])
        except ValueError:
            errors.add(line, _("the year %(value)s is not valid") % {"value": cells["Year"][:20]})
            continue
        if cells["Unit of measurement"] != "Counts":
            errors.add(line, _("only counts can be imported"))
            continue
        indicator = GLOTIP_INDICATORS.get(cells["Indicator"])
        if indicator is None:
            errors.add(line, _("unknown indicator %(value)s") % {"value": cells["Indicator"][:60]})
            continue
        raw_value = cells["txtVALUE"]
        value: int | None = None
        if raw_value == GLOTIP_WITHHELD:
            status = FigureStatus.SUPPRESSED
        elif not raw_value:
            status = FigureStatus.UNKNOWN
        else:
            try:
                value, status = parse_count(raw_value), FigureStatus.VALUE
            except ValueError:
                errors.add(line, _("%(value)s is not a count or <5") % {"value": raw_value[:20]})
                continue
        yield ParsedFigure(
            indicator=indicator,
            area=cells["Iso3_code"],
            area_name=cells["Country"],
            year=year,
            quarter=None,
            dimensions=(
                ("dimension", cells["Dimension"]),
                ("category", cells["Category"]),
                ("sex", cells["Sex"]),
                ("age", cells["Age"]),
                ("region", cells["Region"]),
                ("subregion", cells["Subregion"]),
            ),
            value=value,
            status=status,
        )


def _merge_repeats(figures: list[ParsedFigure]) -> tuple[list[ParsedFigure], int]:
    """One figure per key. A key given twice with the same figure is kept once; with different
    figures the file contradicts itself, so the figure is not known."""
    merged: dict[tuple[object, ...], ParsedFigure] = {}
    conflicting: set[tuple[object, ...]] = set()
    for figure in figures:
        earlier = merged.get(figure.key)
        if earlier is None:
            merged[figure.key] = figure
        elif (earlier.value, earlier.status) != (figure.value, figure.status):
            conflicting.add(figure.key)
    for key in conflicting:
        earlier = merged[key]
        merged[key] = ParsedFigure(
            indicator=earlier.indicator,
            area=earlier.area,
            area_name=earlier.area_name,
            year=earlier.year,
            quarter=earlier.quarter,
            dimensions=earlier.dimensions,
            value=None,
            status=FigureStatus.UNKNOWN,
        )
    return list(merged.values()), len(conflicting)
