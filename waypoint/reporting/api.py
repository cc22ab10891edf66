"""API for statistics: the list of tables, and one table for a period (disclosure-controlled).

Internal (exact) figures are never served by the API: it is an output that leaves Waypoint. Table
reads count against the ``exports`` throttle scope and are recorded in the audit log.
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from waypoint.access.roles import Perm
from waypoint.api.views import ApiView, error_responses
from waypoint.reporting import selectors, services
from waypoint.reporting.exports import serialize_table
from waypoint.reporting.periods import SYNTAX_HELP
from waypoint.reporting.tables import CellStatus


@extend_schema_field(OpenApiTypes.NUMBER)
class FigureField(serializers.Field):
    """A figure as a JSON number (an integer for counts), or null when not shown."""

    def to_representation(self, value):
        return value


class CellOutput(serializers.Serializer):
    value = FigureField(allow_null=True, help_text="Null when the status is not 'value'.")
    status = serializers.ChoiceField(
        choices=[(status.value, status.name) for status in CellStatus],
        help_text="value: a figure (0 = known none); suppressed: withheld by disclosure control "
        "or by the publisher; unknown: not recorded.",
    )


class ColumnCellOutput(CellOutput):
    column = serializers.CharField()


class PeriodOutput(serializers.Serializer):
    token = serializers.CharField(help_text=f"As written in requests: {SYNTAX_HELP}.")
    kind = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field called "label"
    start = serializers.DateField()
    end = serializers.DateField(help_text="Included.")


class ColumnOutput(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field called "label"


class RowOutput(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field called "label"
    parts = serializers.ListField(
        child=serializers.CharField(allow_blank=True),
        help_text="Structured row key, e.g. (origin, transit, destination) for flows.",
    )
    cells = ColumnCellOutput(many=True)
    total = CellOutput(allow_null=True)


class DisclosureOutput(serializers.Serializer):
    threshold = serializers.IntegerField()
    suppress_zeros = serializers.BooleanField()
    suppressed_cells = serializers.IntegerField()
    withheld_entirely = serializers.BooleanField()


class TableOutput(serializers.Serializer):
    table = serializers.CharField()
    title = serializers.CharField()
    period = PeriodOutput()
    source_available = serializers.BooleanField(
        help_text="False: the data this table counts does not exist yet (no figures, not zeros)."
    )
    internal = serializers.BooleanField()
    measure = serializers.CharField()
    unit = serializers.CharField()
    row_dimension = serializers.CharField()
    column_dimension = serializers.CharField()
    columns = ColumnOutput(many=True)
    rows = RowOutput(many=True)
    column_totals = ColumnCellOutput(many=True, allow_null=True)
    grand_total = CellOutput(allow_null=True)
    totals_additive = serializers.BooleanField()
    definitions = serializers.ListField(child=serializers.CharField())
    notes = serializers.ListField(child=serializers.CharField())
    disclosure = DisclosureOutput(allow_null=True)


class TableSummaryOutput(serializers.Serializer):
    table = serializers.CharField(source="table_id")
    title = serializers.CharField()
    kind = serializers.CharField()
    description = serializers.CharField()
    source_available = serializers.BooleanField()
    awaiting = serializers.CharField(help_text="Which data the table waits for, when it has none.")
    period_kinds = serializers.ListField(child=serializers.CharField())
    default_period = serializers.CharField()
    suggested_periods = serializers.ListField(child=serializers.CharField())
    url = serializers.CharField()


class StatisticsListApi(ApiView):
    required_permissions = (Perm.STATISTICS_VIEW,)

    @extend_schema(
        responses={200: TableSummaryOutput(many=True), **error_responses(401, 403)},
        operation_id="statistics_list",
    )
    def get(self, request):
        """Every statistics table, with whether its data exists yet and the periods it takes."""
        specs = selectors.statistics_catalogue(actor=self.actor)
        items = []
        for spec in specs:
            available = spec.source_available
            items.append(
                {
                    "table_id": spec.table_id,
                    "title": spec.title,
                    "kind": spec.kind.value,
                    "description": spec.description,
                    "source_available": available,
                    "awaiting": "" if available else spec.awaiting,
                    "period_kinds": sorted(kind.value for kind in spec.period_kinds),
                    "default_period": spec.default_period().token,
                    "suggested_periods": spec.suggestions() if available else [],
                    "url": reverse("api:statistics_table", args=[spec.table_id]),
                }
            )
        return Response(TableSummaryOutput(items, many=True).data)


class StatisticsTableApi(ApiView):
    required_permissions = (Perm.STATISTICS_VIEW,)
    throttle_scope = "exports"

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "period",
                str,
                description=f"The period: {SYNTAX_HELP}. Default: the table's latest.",
            )
        ],
        responses={200: TableOutput, **error_responses(400, 401, 403, 404)},
        operation_id="statistics_table",
    )
    def get(self, request, table_id):
        """One table for a period: rows, columns, each cell's value and status, notes.

        Always disclosure-controlled; withheld cells have status 'suppressed' and no value.
        """
        table = services.statistics_release(
            actor=self.actor,
            table_id=table_id,
            period=request.query_params.get("period", "").strip() or None,
        )
        return Response(TableOutput(serialize_table(table)).data)


@extend_schema(exclude=True)
class StatisticsTableAliasApi(StatisticsTableApi):
    """The same table without the trailing slash (not listed separately in the schema)."""
