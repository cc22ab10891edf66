"""Input and output shapes of the case-management API.

Identifying fields of a person appear only when the caller needs to know them (their sections
include ``identifying``); otherwise the keys are absent, not null. Parts of a case appear only
when they are in the caller's sections.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from waypoint.access.scopes.cases import Section
from waypoint.cases.choices import (
    MULTI_VALUED_FIELDS,
    CaseStatus,
    ClosureReason,
    DocumentType,
    EventType,
    PersonRole,
    SupportPlanType,
)
from waypoint.people.choices import ConsentGivenBy, ConsentPurpose
from waypoint.people.services import IDENTIFYING_FIELDS


class OrganisationRef(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField()


class UserRef(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    display_name = serializers.CharField()


class _Conditional(serializers.Serializer):
    """Leaves out the fields the caller may not see (absent, not null)."""

    def hidden_fields(self, instance: Any) -> frozenset[str]:
        return frozenset()

    def to_representation(self, instance: Any) -> dict[str, Any]:
        hidden = self.hidden_fields(instance)
        output: dict[str, Any] = {}
        for field in self._readable_fields:
            if field.field_name in hidden:
                continue
            attribute = field.get_attribute(instance)
            output[str(field.field_name)] = (
                None if attribute is None else field.to_representation(attribute)
            )
        return output


class PersonOutput(_Conditional):
    id = serializers.UUIDField(source="public_id")
    version = serializers.IntegerField()
    is_identifying_visible = serializers.SerializerMethodField()
    gender = serializers.CharField(help_text="HTCDS prs_Gender code; empty: not recorded.")
    age_band = serializers.CharField()
    is_age_uncertain = serializers.BooleanField(allow_null=True)
    citizenship = serializers.SerializerMethodField(help_text="HTCDS prs_Citizenship (ISO 3166).")
    mailing_country = serializers.CharField()
    is_deceased = serializers.BooleanField(allow_null=True)
    marital_status = serializers.CharField()
    number_of_children = serializers.IntegerField(allow_null=True)
    primary_language = serializers.CharField()
    secondary_language = serializers.CharField()
    highest_level_of_education = serializers.CharField()
    is_deidentified = serializers.BooleanField()
    same_individual_as = serializers.UUIDField(
        source="same_individual_as.public_id", allow_null=True
    )
    created_at = serializers.DateTimeField()
    # Identifying: present only for callers who need to know.
    salutation = serializers.CharField(required=False, allow_null=True)
    first_name = serializers.CharField(required=False, allow_null=True)
    middle_name = serializers.CharField(required=False, allow_null=True)
    second_name = serializers.CharField(required=False, allow_null=True)
    title = serializers.CharField(required=False, allow_null=True)
    birthdate = serializers.DateField(required=False, allow_null=True)
    identity_number = serializers.CharField(required=False, allow_null=True)
    email = serializers.CharField(required=False, allow_null=True)
    home_phone = serializers.CharField(required=False, allow_null=True)
    mobile_phone = serializers.CharField(required=False, allow_null=True)
    mailing_street = serializers.CharField(required=False, allow_null=True)
    mailing_city = serializers.CharField(required=False, allow_null=True)
    mailing_state = serializers.CharField(required=False, allow_null=True)
    mailing_postal_code = serializers.CharField(required=False, allow_null=True)
    mailing_latitude = serializers.CharField(required=False, allow_null=True)
    mailing_longitude = serializers.CharField(required=False, allow_null=True)

    def _identifying(self, instance: Any) -> bool:
        annotated = getattr(instance, "is_identifying_visible", None)
        if annotated is not None:
            return bool(annotated)
        return bool(self.context.get("identifying", False))

    def hidden_fields(self, instance: Any) -> frozenset[str]:
        return frozenset() if self._identifying(instance) else frozenset(IDENTIFYING_FIELDS)

    def get_is_identifying_visible(self, instance: Any) -> bool:
        return self._identifying(instance)

    def get_citizenship(self, instance: Any) -> list[str]:
        return [row.country for row in instance.citizenships.all()]


class PersonInput(serializers.Serializer):
    """Every field optional; empty text means "not recorded"."""

    salutation = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    first_name = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    middle_name = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    second_name = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    title = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    birthdate = serializers.DateField(required=False, allow_null=True)
    identity_number = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    email = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    home_phone = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    mobile_phone = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    mailing_street = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    mailing_city = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    mailing_state = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    mailing_postal_code = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    mailing_latitude = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    mailing_longitude = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    mailing_country = serializers.CharField(required=False, allow_blank=True)
    gender = serializers.CharField(required=False, allow_blank=True)
    age_band = serializers.CharField(required=False, allow_blank=True)
    is_age_uncertain = serializers.BooleanField(required=False, allow_null=True)
    is_deceased = serializers.BooleanField(required=False, allow_null=True)
    marital_status = serializers.CharField(required=False, allow_blank=True)
    number_of_children = serializers.IntegerField(required=False, allow_null=True)
    primary_language = serializers.CharField(required=False, allow_blank=True)
    secondary_language = serializers.CharField(required=False, allow_blank=True)
    highest_level_of_education = serializers.CharField(required=False, allow_blank=True)
    citizenship = serializers.ListField(child=serializers.CharField(max_length=2), required=False)


class PersonUpdateInput(PersonInput):
    version = serializers.IntegerField(help_text="The version you read; a stale one gets 409.")


class SameIndividualInput(serializers.Serializer):
    same_as = serializers.UUIDField()


class ConsentOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    person = serializers.UUIDField(source="person.public_id")
    case = serializers.UUIDField(source="case.public_id", allow_null=True)
    purpose = serializers.ChoiceField(choices=ConsentPurpose.choices)
    is_given = serializers.BooleanField()
    is_active = serializers.BooleanField()
    given_by = serializers.ChoiceField(choices=ConsentGivenBy.choices)
    shared_with = OrganisationRef(allow_null=True)
    language = serializers.CharField()
    is_interpreter_present = serializers.BooleanField()
    recorded_for = OrganisationRef()
    recorded_at = serializers.DateTimeField()
    withdrawn_at = serializers.DateTimeField(allow_null=True)


class ConsentInput(serializers.Serializer):
    purpose = serializers.ChoiceField(choices=ConsentPurpose.choices)
    is_given = serializers.BooleanField()
    case = serializers.UUIDField(required=False, allow_null=True)
    shared_with = serializers.UUIDField(required=False, allow_null=True)
    given_by = serializers.ChoiceField(choices=ConsentGivenBy.choices, default="person")
    language = serializers.CharField(required=False, allow_blank=True, default="")
    is_interpreter_present = serializers.BooleanField(default=False)
    interpreter_name = serializers.CharField(required=False, allow_blank=True, default="")
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class CaseOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    reference = serializers.CharField()
    version = serializers.IntegerField()
    status = serializers.CharField(help_text="HTCDS cas_Status code.")
    opened_on = serializers.DateField()
    closed_on = serializers.DateField(allow_null=True)
    closure_reason = serializers.CharField()
    reopened_count = serializers.IntegerField()
    owner_organisation = OrganisationRef()
    case_owner = UserRef(allow_null=True, help_text="HTCDS cas_CaseOwner.")
    updated_at = serializers.DateTimeField()


class CaseOpenInput(serializers.Serializer):
    class PersonRoleInput(serializers.Serializer):
        person = serializers.UUIDField()
        role = serializers.CharField(help_text="victim, perpetrator, contact or other.")

    persons = PersonRoleInput(many=True)
    opened_on = serializers.DateField(required=False, allow_null=True)
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    case_owner = serializers.UUIDField(required=False, allow_null=True)


class CaseUpdateInput(serializers.Serializer):
    version = serializers.IntegerField()
    summary = serializers.CharField(required=False, allow_blank=True)
    opened_on = serializers.DateField(required=False)
    status = serializers.CharField(required=False, help_text="Active or FollowUp.")


class AssignInput(serializers.Serializer):
    user = serializers.UUIDField(allow_null=True)


class CloseInput(serializers.Serializer):
    version = serializers.IntegerField()
    closure_reason = serializers.ChoiceField(choices=ClosureReason.choices)
    status = serializers.CharField(default=CaseStatus.CLOSED, help_text="Closed or ClosedReferred.")
    closed_on = serializers.DateField(required=False, allow_null=True)
    details = serializers.CharField(required=False, allow_blank=True, default="")


class ReopenInput(serializers.Serializer):
    version = serializers.IntegerField()
    reason = serializers.CharField()


class TransferInput(serializers.Serializer):
    to_organisation = serializers.UUIDField()
    reason = serializers.CharField()


class TransferOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    case = serializers.UUIDField(source="case.public_id")
    case_reference = serializers.CharField(source="case.reference")
    from_organisation = OrganisationRef()
    to_organisation = OrganisationRef()
    status = serializers.CharField()
    created_at = serializers.DateTimeField()
    responded_at = serializers.DateTimeField(allow_null=True)


class CasePersonInput(serializers.Serializer):
    person = serializers.UUIDField()
    role = serializers.CharField(help_text="victim, perpetrator, contact or other.")
    registered_on = serializers.DateField(required=False, allow_null=True)


class ContextOutput(serializers.Serializer):
    trafficking_status = serializers.CharField(help_text="vic_TraffickingStatus")
    trafficking_status_decision_making_org = serializers.CharField()
    relationship_to_trafficker = serializers.CharField()
    age_when_trafficked = serializers.IntegerField(allow_null=True)
    is_child_when_exploited = serializers.BooleanField(allow_null=True)
    location_of_recruitment = OrganisationRef(allow_null=True)
    country_of_recruitment = serializers.CharField()
    location_of_exploitation = OrganisationRef(allow_null=True)
    country_of_exploitation = serializers.CharField()
    perpetrator_organisation = OrganisationRef(allow_null=True)
    perpetrator_role_details = serializers.CharField(allow_null=True)
    codes = serializers.SerializerMethodField(
        help_text="Multi-valued HTCDS fields: field name -> list of codes (empty: not recorded)."
    )

    @extend_schema_field(
        serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    )
    def get_codes(self, instance: Any) -> dict[str, list[str]]:
        stored = self.context.get("codes", {}).get(instance.pk, {})
        prefix = "per_" if instance.role == PersonRole.PERPETRATOR else "vic_"
        return {
            name: stored.get(name, []) for name in MULTI_VALUED_FIELDS if name.startswith(prefix)
        }


class CasePersonOutput(_Conditional):
    id = serializers.UUIDField(source="public_id")
    version = serializers.IntegerField()
    role = serializers.CharField(help_text="victim, perpetrator, contact or other.")
    registered_on = serializers.DateField(allow_null=True)
    person = PersonOutput()
    htcds_context = ContextOutput(source="*", required=False)

    def hidden_fields(self, instance: Any) -> frozenset[str]:
        sections = self.context.get("sections", frozenset())
        return frozenset() if Section.VICTIM_CONTEXT in sections else frozenset({"htcds_context"})


class ContextInput(serializers.Serializer):
    version = serializers.IntegerField()
    trafficking_status = serializers.CharField(required=False, allow_blank=True)
    trafficking_status_decision_making_org = serializers.CharField(required=False, allow_blank=True)
    relationship_to_trafficker = serializers.CharField(required=False, allow_blank=True)
    age_when_trafficked = serializers.IntegerField(required=False, allow_null=True)
    is_child_when_exploited = serializers.BooleanField(required=False, allow_null=True)
    location_of_recruitment = serializers.UUIDField(required=False, allow_null=True)
    country_of_recruitment = serializers.CharField(required=False, allow_blank=True)
    location_of_exploitation = serializers.UUIDField(required=False, allow_null=True)
    country_of_exploitation = serializers.CharField(required=False, allow_blank=True)
    perpetrator_organisation = serializers.UUIDField(required=False, allow_null=True)
    perpetrator_role_details = serializers.CharField(
        required=False, allow_blank=True, allow_null=True
    )
    registered_on = serializers.DateField(required=False, allow_null=True)
    codes = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="HTCDS multi-valued field name -> the complete list of codes (replaces it).",
    )


class NoteOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    body = serializers.CharField()
    author = UserRef(allow_null=True)
    author_organisation = OrganisationRef()
    created_at = serializers.DateTimeField()


class NoteInput(serializers.Serializer):
    body = serializers.CharField()


class TaskOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    version = serializers.IntegerField()
    title = serializers.CharField()
    due_on = serializers.DateField(allow_null=True)
    status = serializers.CharField(help_text="open, done or cancelled.")
    assigned_to = UserRef(allow_null=True)
    completed_at = serializers.DateTimeField(allow_null=True)


class TaskInput(serializers.Serializer):
    title = serializers.CharField()
    due_on = serializers.DateField(required=False, allow_null=True)
    assigned_to = serializers.UUIDField(required=False, allow_null=True)


class TaskUpdateInput(serializers.Serializer):
    version = serializers.IntegerField()
    title = serializers.CharField(required=False)
    due_on = serializers.DateField(required=False, allow_null=True)
    assigned_to = serializers.UUIDField(required=False, allow_null=True)


class TaskStatusInput(serializers.Serializer):
    version = serializers.IntegerField()
    status = serializers.CharField(help_text="open, done or cancelled.")


class DocumentOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    title = serializers.CharField()
    document_type = serializers.ChoiceField(choices=DocumentType.choices)
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    uploaded_for = OrganisationRef()
    created_at = serializers.DateTimeField()


class DocumentInput(serializers.Serializer):
    file = serializers.FileField()
    title = serializers.CharField()
    document_type = serializers.ChoiceField(choices=DocumentType.choices)
    case_person = serializers.UUIDField(required=False, allow_null=True)


class SupportPlanOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    version = serializers.IntegerField()
    plan_type = serializers.ChoiceField(choices=SupportPlanType.choices, help_text="spl_Type")
    case_person = serializers.UUIDField(source="case_person.public_id", allow_null=True)
    objectives = serializers.CharField(allow_null=True)
    action_plan = serializers.CharField(allow_null=True)
    planned_end_date = serializers.DateField(allow_null=True)
    actual_end_date = serializers.DateField(allow_null=True)


class SupportPlanInput(serializers.Serializer):
    version = serializers.IntegerField(required=False, help_text="Needed to change a plan.")
    plan_type = serializers.ChoiceField(choices=SupportPlanType.choices, required=False)
    case_person = serializers.UUIDField(required=False, allow_null=True)
    objectives = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    action_plan = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    planned_end_date = serializers.DateField(required=False, allow_null=True)
    actual_end_date = serializers.DateField(required=False, allow_null=True)


class EventOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    event_type = serializers.ChoiceField(choices=EventType.choices, help_text="hte_Type")
    event_date = serializers.DateField(allow_null=True)
    case_person = serializers.UUIDField(source="case_person.public_id", allow_null=True)
    country = serializers.CharField()
    city = serializers.CharField(allow_null=True)
    description = serializers.CharField(allow_null=True)


class EventInput(serializers.Serializer):
    event_type = serializers.ChoiceField(choices=EventType.choices)
    event_date = serializers.DateField(required=False, allow_null=True)
    case_person = serializers.UUIDField(required=False, allow_null=True)
    country = serializers.CharField(required=False, allow_blank=True, default="")
    city = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    state = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    street = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    postal_code = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    description = serializers.CharField(required=False, allow_blank=True, allow_null=True)


class ReferralDetailOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    direction = serializers.CharField()
    organisation = OrganisationRef(allow_null=True)
    referral_date = serializers.DateField(allow_null=True)
    reason = serializers.CharField()


# Which section each part of the case detail belongs to.
DETAIL_SECTIONS = {
    "summary": Section.SUMMARY,
    "persons": Section.PERSONS,
    "events": Section.EVENTS,
    "support_plans": Section.SUPPORT_PLAN,
    "tasks": Section.TASKS,
    "documents": Section.DOCUMENTS,
    "consents": Section.CONSENT,
    "referral_details": Section.REFERRALS,
}


class CaseDetailOutput(_Conditional):
    case = CaseOutput()
    sections = serializers.ListField(child=serializers.CharField())
    can_work = serializers.BooleanField()
    summary = serializers.CharField(source="case.summary", allow_null=True, required=False)
    persons = CasePersonOutput(many=True, required=False)
    events = EventOutput(many=True, required=False)
    support_plans = SupportPlanOutput(many=True, required=False)
    notes = NoteOutput(many=True, help_text="All notes, or only your organisation's own.")
    tasks = TaskOutput(many=True, required=False)
    documents = DocumentOutput(many=True, required=False)
    consents = ConsentOutput(many=True, required=False)
    referral_details = ReferralDetailOutput(many=True, required=False)

    def hidden_fields(self, instance: Any) -> frozenset[str]:
        sections = set(instance.sections)
        hidden = {name for name, section in DETAIL_SECTIONS.items() if section not in sections}
        if not instance.can_work:
            hidden.add("summary")
        return frozenset(hidden)


class HistoryOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    occurred_at = serializers.DateTimeField()
    actor_username = serializers.CharField()
    organisation_name = serializers.CharField()
    action = serializers.CharField()
    details = serializers.DictField()
