"""Writing an instrument's content into the database and reading it back.

The same code serves the data migration (historical models, through ``apps``), the importer and
the version copier (the installed models), so the shipped instrument and an imported one are stored
alike and read back into the same :class:`InstrumentContent` — whose checksum seals a published
version.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Protocol

from waypoint.screening.instrument_format import (
    DimensionContent,
    GradeContent,
    IndicatorContent,
    InstrumentContent,
    ProfileContent,
    QuestionContent,
    parse,
)

DATA = Path(__file__).resolve().parent / "data"
BUILTIN_FRAMEWORK = "ILO_EC_2009"
BUILTIN_TITLE = (
    "Operational indicators of trafficking in human beings (ILO / European Commission, "
    "Delphi survey, revised September 2009)"
)
BUILTIN_ATTRIBUTION = (
    "Indicators, dimensions, grades and combination rules from 'Operational indicators of "
    "trafficking in human beings — Results from a Delphi survey implemented by the ILO and the "
    "European Commission' (ILO and European Commission, 2009, revised September 2009; WCMS_105023). "
    "Grades marked provisional or disputed were reconstructed from secondary sources. Interview "
    "questions are Waypoint's own. No endorsement by the ILO or the European Commission is implied."
)
BUILTIN_SOURCE = (
    "https://www.ilo.org/global/topics/forced-labour/publications/WCMS_105023/lang--en/index.htm"
)


class Apps(Protocol):
    def get_model(self, app_label: str, model_name: str) -> Any: ...


def builtin_content() -> InstrumentContent:
    """The ILO/EC 2009 instrument shipped in ``waypoint/screening/data``."""
    return parse(
        (DATA / "ilo_ec_2009_adult_labour.csv").read_text(encoding="utf-8"),
        (DATA / "ilo_ec_2009_rules.json").read_text(encoding="utf-8"),
        (DATA / "ilo_ec_2009_questions.csv").read_text(encoding="utf-8"),
    )


def write_content(
    apps: Apps,
    content: InstrumentContent,
    *,
    framework: Any,
    number: int,
    status: str,
    checksum: str = "",
    published_at: dt.datetime | None = None,
    based_on: Any = None,
    created_by: Any = None,
    change_summary: str = "",
) -> Any:
    """Store ``content`` as version ``number`` of ``framework``; returns the version row."""
    version = apps.get_model("screening", "InstrumentVersion").objects.create(
        framework=framework,
        number=number,
        status=status,
        title=content.title,
        rule_version=content.rule_version,
        grade_names=dict(content.grade_names),
        dimension_rule=content.dimension_rule,
        insufficiency_rule=content.insufficiency,
        notes=list(content.notes),
        change_summary=change_summary,
        based_on=based_on,
        created_by=created_by,
        checksum=checksum,
        published_at=published_at,
    )
    profile_model = apps.get_model("screening", "Profile")
    dimension_model = apps.get_model("screening", "Dimension")
    indicator_model = apps.get_model("screening", "Indicator")
    profiles = {
        p.code: profile_model.objects.create(
            instrument_version=version,
            code=p.code,
            name=p.name,
            is_seeded=p.is_seeded,
            is_child=p.is_child,
            exploitation_family=p.exploitation_family,
            classification=p.classification,
        )
        for p in content.profiles
    }
    dimensions = {
        d.code: dimension_model.objects.create(
            instrument_version=version, code=d.code, name=d.name, element=d.element, order=index
        )
        for index, d in enumerate(content.dimensions)
    }
    indicators = {
        i.code: indicator_model.objects.create(
            instrument_version=version, code=i.code, label=i.label, order=index
        )
        for index, i in enumerate(content.indicators)
    }
    grade_model = apps.get_model("screening", "IndicatorGrade")
    grade_model.objects.bulk_create(
        [
            grade_model(
                instrument_version=version,
                profile=profiles[g.profile],
                dimension=dimensions[g.dimension],
                indicator=indicators[g.indicator],
                grade=g.grade,
                status=g.status,
            )
            for g in content.grades
        ]
    )
    question_model = apps.get_model("screening", "Question")
    question_model.objects.bulk_create(
        [
            question_model(
                instrument_version=version,
                indicator=indicators[q.indicator],
                order=q.order,
                texts=dict(q.texts),
            )
            for q in content.questions
        ]
    )
    return version


def read_content(apps: Apps, version: Any) -> InstrumentContent:
    """The content of a stored version, in the exact shape the importer produces."""
    profile_model = apps.get_model("screening", "Profile")
    dimension_model = apps.get_model("screening", "Dimension")
    indicator_model = apps.get_model("screening", "Indicator")
    grade_model = apps.get_model("screening", "IndicatorGrade")
    question_model = apps.get_model("screening", "Question")
    return InstrumentContent(
        framework=version.framework.code,
        title=version.title,
        rule_version=version.rule_version,
        grade_names=tuple(sorted((str(k), str(v)) for k, v in (version.grade_names or {}).items())),
        dimension_rule=version.dimension_rule,
        insufficiency=version.insufficiency_rule,
        notes=tuple(version.notes or ()),
        profiles=tuple(
            ProfileContent(
                code=p.code,
                name=p.name,
                is_seeded=p.is_seeded,
                is_child=p.is_child,
                exploitation_family=p.exploitation_family,
                classification=p.classification,
            )
            for p in profile_model.objects.filter(instrument_version=version).order_by("code")
        ),
        dimensions=tuple(
            DimensionContent(code=d.code, name=d.name, element=d.element)
            for d in dimension_model.objects.filter(instrument_version=version).order_by(
                "order", "code"
            )
        ),
        indicators=tuple(
            IndicatorContent(code=i.code, label=i.label)
            for i in indicator_model.objects.filter(instrument_version=version).order_by(
                "order", "code"
            )
        ),
        grades=tuple(
            GradeContent(
                profile=g.profile.code,
                dimension=g.dimension.code,
                indicator=g.indicator.code,
                grade=g.grade,
                status=g.status,
            )
            for g in grade_model.objects.filter(instrument_version=version)
            .select_related("profile", "dimension", "indicator")
            .order_by("pk")
        ),
        questions=tuple(
            QuestionContent(
                indicator=q.indicator.code,
                order=q.order,
                texts=tuple(sorted((str(k), str(v)) for k, v in (q.texts or {}).items())),
            )
            for q in question_model.objects.filter(instrument_version=version)
            .select_related("indicator")
            .order_by("indicator__order", "order")
        ),
    )


def load_builtin(apps: Apps, *, now: dt.datetime) -> Any:
    """Install the shipped ILO/EC 2009 instrument as published version 1 (idempotent)."""
    framework_model = apps.get_model("screening", "Framework")
    framework, _created = framework_model.objects.get_or_create(
        code=BUILTIN_FRAMEWORK,
        defaults={
            "title": BUILTIN_TITLE,
            "attribution": BUILTIN_ATTRIBUTION,
            "source_url": BUILTIN_SOURCE,
        },
    )
    version_model = apps.get_model("screening", "InstrumentVersion")
    existing = version_model.objects.filter(framework=framework).order_by("number").first()
    if existing is not None:
        return existing
    content = builtin_content()
    return write_content(
        apps,
        content,
        framework=framework,
        number=1,
        status="published",
        checksum=content.checksum(),
        published_at=now,
        change_summary="Shipped with Waypoint: adults — labour exploitation seeded.",
    )
