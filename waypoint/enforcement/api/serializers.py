"""Input and output shapes of the criminal-case API. Public ids (UUIDs) only; witnesses are codes."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from waypoint.common import countries
from waypoint.enforcement.choices import (
    AppealOutcome,
    Appellant,
    ClosureReason,
    CompensationKind,
    HearingOutcome,
    HearingType,
    InvestigationStatus,
    OfficialAgencyType,
    ProsecutionStatus,
    ProtectiveMeasure,
    RoleInProcess,
    SentenceMeasure,
    SharedFact,
    TypeOfExploitation,
    VerdictOutcome,
)
from waypoint.people.choices import AgeBand, Gender


class EnforcementOrganisationRef(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField()


class StatuteOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    country = serializers.CharField()
    instrument = serializers.CharField()
    code = serializers.CharField()
    short_title = serializers.CharField()
    is_trafficking_offence = serializers.BooleanField()
    is_title_verified = serializers.BooleanField()
    is_active = serializers.BooleanField()
    version = serializers.IntegerField()


class StatuteInput(serializers.Serializer):
    country = serializers.ChoiceField(choices=sorted(countries.countries()))
    instrument = serializers.CharField(max_length=120)
    code = serializers.CharField(max_length=20)
    short_title = serializers.CharField(max_length=200)
    is_trafficking_offence = serializers.BooleanField(required=False, default=True)
    is_title_verified = serializers.BooleanField(required=False, default=False)
    is_active = serializers.BooleanField(required=False, default=True)


class StatuteUpdateInput(serializers.Serializer):
    country = serializers.ChoiceField(choices=sorted(countries.countries()), required=False)
    instrument = serializers.CharField(max_length=120, required=False)
    code = serializers.CharField(max_length=20, required=False)
    short_title = serializers.CharField(max_length=200, required=False)
    is_trafficking_offence = serializers.BooleanField(required=False)
    is_title_verified = serializers.BooleanField(required=False)
    is_active = serializers.BooleanField(required=False)
    version = serializers.IntegerField(help_text="The version you started editing from.")


class CriminalCaseQuery(serializers.Serializer):
    search = serializers.CharField(required=False, default="", allow_blank=True, max_length=100)
    status = serializers.ChoiceField(
        choices=InvestigationStatus.choices, required=False, default="", allow_blank=True
    )
    prosecution_status = serializers.ChoiceField(
        choices=ProsecutionStatus.choices, required=False, default="", allow_blank=True
    )
    agency = serializers.UUIDField(required=False, allow_null=True, default=None)
    statute = serializers.UUIDField(required=False, allow_null=True, default=None)
    exploitation_form = serializers.ChoiceField(
        choices=TypeOfExploitation.choices, required=False, default="", allow_blank=True
    )
    opened_from = serializers.DateField(required=False, allow_null=True, default=None)
    opened_to = serializers.DateField(required=False, allow_null=True, default=None)
    charged_from = serializers.DateField(required=False, allow_null=True, default=None)
    charged_to = serializers.DateField(required=False, allow_null=True, default=None)
    complicity = serializers.BooleanField(required=False, default=False)
    official_agency_type = serializers.ChoiceField(
        choices=OfficialAgencyType.choices, required=False, default="", allow_blank=True
    )
    sort = serializers.CharField(required=False, default="-opened", max_length=20)


class ProsecutionRef(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    reference = serializers.CharField()
    status = serializers.ChoiceField(choices=ProsecutionStatus.choices)


class InvestigationListOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    reference = serializers.CharField()
    external_reference = serializers.CharField()
    investigating_agency = EnforcementOrganisationRef(allow_null=True)
    status = serializers.ChoiceField(choices=InvestigationStatus.choices)
    opened_on = serializers.DateField(allow_null=True)
    closed_on = serializers.DateField(allow_null=True)
    closure_reason = serializers.CharField()
    exploitation_forms = serializers.SerializerMethodField()
    suspect_count = serializers.IntegerField()
    prosecutions = ProsecutionRef(many=True)

    def get_exploitation_forms(self, investigation) -> list[str]:
        return sorted(form.code for form in investigation.exploitation_forms.all())


class SuspectPersonOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    is_deidentified = serializers.BooleanField()
    first_name = serializers.CharField(allow_null=True)
    second_name = serializers.CharField(allow_null=True)
    birthdate = serializers.DateField(allow_null=True)
    identity_number = serializers.CharField(allow_null=True)
    gender = serializers.CharField()
    age_band = serializers.CharField()
    citizenship = serializers.SerializerMethodField()

    def get_citizenship(self, person) -> list[str]:
        return sorted(item.country for item in person.citizenships.all())


class SuspectOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    person = SuspectPersonOutput()
    roles = serializers.SerializerMethodField()
    role_details = serializers.CharField(allow_null=True)
    identified_on = serializers.DateField(allow_null=True)
    arrested_on = serializers.DateField(allow_null=True)
    is_public_official = serializers.BooleanField(allow_null=True)
    official_agency_type = serializers.CharField()
    version = serializers.IntegerField()

    def get_roles(self, suspect) -> list[str]:
        return sorted(role.code for role in suspect.roles.all())


class WitnessOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    witness_code = serializers.CharField()
    facts_visible = serializers.BooleanField(
        help_text="False when no active consent lets your organisation see the shared facts."
    )
    gender = serializers.CharField()
    age_band = serializers.CharField()
    nationality = serializers.CharField()
    exploitation_types = serializers.ListField(child=serializers.CharField())
    is_cooperating = serializers.BooleanField(allow_null=True)
    has_testified = serializers.BooleanField(allow_null=True)
    was_penalised = serializers.BooleanField(allow_null=True)
    protective_measures = serializers.ListField(child=serializers.CharField())
    version = serializers.IntegerField()


class HandoverOutput(serializers.Serializer):
    organisation = EnforcementOrganisationRef()
    handed_on = serializers.DateField()


class InvestigationOutput(InvestigationListOutput):
    """A criminal case. Built from ``selectors.criminal_case_view`` (passed as context "view"), so
    witnesses are only ever codes and consented facts."""

    suspect_count = serializers.SerializerMethodField()  # type: ignore[assignment]
    prosecutions = serializers.SerializerMethodField()  # type: ignore[assignment]
    lead_investigator = serializers.UUIDField(source="lead_investigator.public_id", allow_null=True)
    summary = serializers.CharField(allow_null=True)
    offences = serializers.SerializerMethodField()
    handovers = HandoverOutput(many=True)
    suspects = serializers.SerializerMethodField()
    witnesses = serializers.SerializerMethodField()
    version = serializers.IntegerField()

    def get_suspect_count(self, investigation) -> int:
        return len(self.context["view"].suspects)

    @extend_schema_field(ProsecutionRef(many=True))
    def get_prosecutions(self, investigation):
        return ProsecutionRef(self.context["view"].prosecutions, many=True).data

    def get_offences(self, investigation) -> list[str]:
        return [str(statute.public_id) for statute in investigation.offences.all()]

    @extend_schema_field(SuspectOutput(many=True))
    def get_suspects(self, investigation):
        return SuspectOutput(self.context["view"].suspects, many=True).data

    @extend_schema_field(WitnessOutput(many=True))
    def get_witnesses(self, investigation):
        return WitnessOutput(self.context["view"].witnesses, many=True).data


class InvestigationInput(serializers.Serializer):
    opened_on = serializers.DateField()
    exploitation_forms = serializers.ListField(
        child=serializers.ChoiceField(choices=TypeOfExploitation.choices),
        required=False,
        default=list,
    )
    offences = serializers.ListField(child=serializers.UUIDField(), required=False, default=list)
    summary = serializers.CharField(required=False, default="", allow_blank=True, max_length=5000)
    external_reference = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=60
    )
    lead_investigator = serializers.UUIDField(required=False, allow_null=True, default=None)


class InvestigationUpdateInput(serializers.Serializer):
    opened_on = serializers.DateField(required=False)
    exploitation_forms = serializers.ListField(
        child=serializers.ChoiceField(choices=TypeOfExploitation.choices), required=False
    )
    offences = serializers.ListField(child=serializers.UUIDField(), required=False)
    summary = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    external_reference = serializers.CharField(required=False, allow_blank=True, max_length=60)
    lead_investigator = serializers.UUIDField(required=False, allow_null=True)
    version = serializers.IntegerField()


class InvestigationCloseInput(serializers.Serializer):
    closure_reason = serializers.ChoiceField(choices=ClosureReason.choices)
    closed_on = serializers.DateField(required=False, allow_null=True, default=None)
    version = serializers.IntegerField()


class InvestigationVersionInput(serializers.Serializer):
    version = serializers.IntegerField()


class HandoverInput(serializers.Serializer):
    organisation = serializers.UUIDField(help_text="A prosecution service.")
    handed_on = serializers.DateField(required=False, allow_null=True, default=None)


class SuspectPersonInput(serializers.Serializer):
    first_name = serializers.CharField(required=False, allow_blank=True, max_length=500)
    second_name = serializers.CharField(required=False, allow_blank=True, max_length=500)
    birthdate = serializers.DateField(required=False, allow_null=True)
    identity_number = serializers.CharField(required=False, allow_blank=True, max_length=500)
    gender = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=32,
        help_text="An HTCDS prs_Gender code: " + ", ".join(Gender.values) + ".",
    )
    age_band = serializers.ChoiceField(choices=AgeBand.choices, required=False, allow_blank=True)
    citizenship = serializers.ListField(child=serializers.CharField(max_length=2), required=False)


class SuspectContextFields(serializers.Serializer):
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=RoleInProcess.choices), required=False
    )
    role_details = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    identified_on = serializers.DateField(required=False, allow_null=True)
    arrested_on = serializers.DateField(required=False, allow_null=True)
    is_public_official = serializers.BooleanField(required=False, allow_null=True)
    official_agency_type = serializers.ChoiceField(
        choices=OfficialAgencyType.choices, required=False, allow_blank=True
    )


class SuspectInput(SuspectContextFields):
    person = SuspectPersonInput(required=False)
    same_person_as = serializers.UUIDField(
        required=False, help_text="A suspect you see elsewhere who is the same person."
    )


class SuspectUpdateInput(SuspectContextFields):
    person = SuspectPersonInput(required=False)
    version = serializers.IntegerField()


class ProceedingsInput(serializers.Serializer):
    is_cooperating = serializers.BooleanField(required=False, allow_null=True)
    has_testified = serializers.BooleanField(required=False, allow_null=True)
    was_penalised = serializers.BooleanField(required=False, allow_null=True)
    protective_measures = serializers.ListField(
        child=serializers.ChoiceField(choices=ProtectiveMeasure.choices), required=False
    )
    version = serializers.IntegerField()


class CriminalTimelineOutput(serializers.Serializer):
    date = serializers.DateField(allow_null=True)
    year = serializers.IntegerField(allow_null=True)
    kind = serializers.CharField()
    text = serializers.CharField()


class GroupOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    reference = serializers.CharField()
    name = serializers.CharField(allow_null=True)
    description = serializers.CharField(allow_null=True)
    investigating_agency = EnforcementOrganisationRef()
    version = serializers.IntegerField()


class GroupMemberOutput(serializers.Serializer):
    suspect = serializers.UUIDField(source="public_id")
    investigation = serializers.UUIDField(source="investigation.public_id")
    investigation_reference = serializers.CharField(source="investigation.reference")


class GroupDetailOutput(GroupOutput):
    members = GroupMemberOutput(many=True)


class GroupInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, default="", allow_blank=True)


class GroupUpdateInput(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    version = serializers.IntegerField()


class GroupMemberInput(serializers.Serializer):
    suspect = serializers.UUIDField()


class VerdictOutput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=VerdictOutcome.choices)
    decided_on = serializers.DateField(allow_null=True)
    year = serializers.IntegerField(allow_null=True)


class ChargeOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    statute = serializers.UUIDField(source="statute.public_id", allow_null=True)
    external_statute_code = serializers.CharField()
    charged_on = serializers.DateField(allow_null=True)
    counts = serializers.IntegerField(allow_null=True)
    verdict = serializers.SerializerMethodField()

    def get_verdict(self, charge) -> dict | None:
        verdict = getattr(charge, "verdict", None)
        return VerdictOutput(verdict).data if verdict is not None else None


class SentenceOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    sentenced_on = serializers.DateField(allow_null=True)
    year = serializers.IntegerField(allow_null=True)
    imprisonment_months = serializers.IntegerField(allow_null=True)
    is_suspended = serializers.BooleanField(allow_null=True)
    fine_amount = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    fine_currency = serializers.CharField()
    probation_months = serializers.IntegerField(allow_null=True)
    other_measures = serializers.ListField(child=serializers.CharField())
    other_details = serializers.CharField(allow_null=True)
    appeal = serializers.UUIDField(source="appeal.public_id", allow_null=True)


class AppealOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    appellant = serializers.ChoiceField(choices=Appellant.choices)
    filed_on = serializers.DateField()
    court = serializers.UUIDField(source="court.public_id", allow_null=True)
    outcome = serializers.ChoiceField(choices=AppealOutcome.choices)
    decided_on = serializers.DateField(allow_null=True)


class PaymentOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    paid_on = serializers.DateField()


class OrderOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    kind = serializers.ChoiceField(choices=CompensationKind.choices)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    currency = serializers.CharField()
    ordered_on = serializers.DateField(allow_null=True)
    year = serializers.IntegerField(allow_null=True)
    beneficiary = serializers.CharField(
        source="beneficiary.witness_code", allow_null=True, help_text="A witness code."
    )
    payments = PaymentOutput(many=True)


class DefendantOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    suspect = serializers.UUIDField(source="suspect.public_id")
    name = serializers.SerializerMethodField()
    charges = ChargeOutput(many=True)
    sentences = SentenceOutput(many=True)
    appeals = AppealOutput(many=True)
    orders = OrderOutput(many=True, source="compensation_orders")

    def get_name(self, defendant) -> str | None:
        person = defendant.suspect.person
        return None if person.is_deidentified else person.display_name


class HearingOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    hearing_type = serializers.ChoiceField(choices=HearingType.choices)
    hearing_date = serializers.DateField()
    hearing_time = serializers.TimeField(allow_null=True)
    outcome = serializers.CharField()


class ProsecutionOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    reference = serializers.CharField()
    investigation = serializers.UUIDField(source="investigation.public_id")
    prosecuting_organisation = EnforcementOrganisationRef()
    court = EnforcementOrganisationRef(allow_null=True)
    court_case_number = serializers.CharField(allow_null=True)
    lead_prosecutor = serializers.UUIDField(source="lead_prosecutor.public_id", allow_null=True)
    status = serializers.ChoiceField(choices=ProsecutionStatus.choices)
    filed_on = serializers.DateField(allow_null=True)
    concluded_on = serializers.DateField(allow_null=True)
    version = serializers.IntegerField()
    defendants = serializers.SerializerMethodField()
    hearings = HearingOutput(many=True)

    @extend_schema_field(DefendantOutput(many=True))
    def get_defendants(self, prosecution):
        return DefendantOutput(self.context["defendants"], many=True).data


class ProsecutionInput(serializers.Serializer):
    filed_on = serializers.DateField()
    court = serializers.UUIDField(required=False, allow_null=True, default=None)
    court_case_number = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=60
    )
    lead_prosecutor = serializers.UUIDField(required=False, allow_null=True, default=None)


class ProsecutionUpdateInput(serializers.Serializer):
    filed_on = serializers.DateField(required=False)
    court = serializers.UUIDField(required=False, allow_null=True)
    court_case_number = serializers.CharField(required=False, allow_blank=True, max_length=60)
    lead_prosecutor = serializers.UUIDField(required=False, allow_null=True)
    version = serializers.IntegerField()


class ProsecutionStatusInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=ProsecutionStatus.choices)
    concluded_on = serializers.DateField(required=False, allow_null=True, default=None)
    version = serializers.IntegerField()


class DefendantInput(serializers.Serializer):
    suspect = serializers.UUIDField()


class ChargeInput(serializers.Serializer):
    statute = serializers.UUIDField()
    charged_on = serializers.DateField()
    counts = serializers.IntegerField(required=False, allow_null=True, default=None)


class VerdictInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=VerdictOutcome.choices)
    decided_on = serializers.DateField()


class SentenceInput(serializers.Serializer):
    sentenced_on = serializers.DateField()
    imprisonment_months = serializers.IntegerField(required=False, allow_null=True, default=None)
    is_suspended = serializers.BooleanField(required=False, allow_null=True, default=None)
    fine_amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True, default=None
    )
    fine_currency = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=3
    )
    probation_months = serializers.IntegerField(required=False, allow_null=True, default=None)
    other_measures = serializers.ListField(
        child=serializers.ChoiceField(choices=SentenceMeasure.choices), required=False, default=list
    )
    other_details = serializers.CharField(required=False, default="", allow_blank=True)
    appeal = serializers.UUIDField(required=False, allow_null=True, default=None)


class AppealInput(serializers.Serializer):
    appellant = serializers.ChoiceField(choices=Appellant.choices)
    filed_on = serializers.DateField()
    court = serializers.UUIDField(required=False, allow_null=True, default=None)


class AppealDecisionInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=AppealOutcome.choices)
    decided_on = serializers.DateField()


class OrderInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CompensationKind.choices)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    currency = serializers.CharField(max_length=3)
    ordered_on = serializers.DateField()
    beneficiary = serializers.UUIDField(
        required=False, allow_null=True, default=None, help_text="A witness id."
    )


class PaymentInput(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    paid_on = serializers.DateField()


class HearingInput(serializers.Serializer):
    hearing_type = serializers.ChoiceField(choices=HearingType.choices)
    hearing_date = serializers.DateField()
    hearing_time = serializers.TimeField(required=False, allow_null=True, default=None)


class HearingOutcomeInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=HearingOutcome.choices)


class WitnessShareOutput(serializers.Serializer):
    organisation = EnforcementOrganisationRef()
    is_consent_active = serializers.BooleanField(source="consent.is_active")


class WitnessLinkOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    witness_code = serializers.CharField()
    case = serializers.UUIDField(source="case_person.case.public_id")
    case_reference = serializers.CharField(source="case_person.case.reference")
    investigation_reference = serializers.CharField(source="investigation.reference")
    shared_gender = serializers.CharField()
    shared_age_band = serializers.CharField()
    shared_nationality = serializers.CharField()
    shared_exploitation_types = serializers.ListField(child=serializers.CharField())
    shares = WitnessShareOutput(many=True)
    is_cooperating = serializers.BooleanField(allow_null=True)
    has_testified = serializers.BooleanField(allow_null=True)
    was_penalised = serializers.BooleanField(allow_null=True)
    ended_at = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField()


class WitnessLinkInput(serializers.Serializer):
    case_person = serializers.UUIDField(help_text="The victim's place in your support case.")
    investigation_reference = serializers.CharField(max_length=20)
    consent = serializers.UUIDField(help_text="The victim's consent to share with the agency.")
    shared_facts = serializers.ListField(
        child=serializers.ChoiceField(choices=SharedFact.choices), required=False, default=list
    )


class WitnessFactsInput(serializers.Serializer):
    shared_facts = serializers.ListField(child=serializers.ChoiceField(choices=SharedFact.choices))
    version = serializers.IntegerField()


class WitnessShareInput(serializers.Serializer):
    consent = serializers.UUIDField()
