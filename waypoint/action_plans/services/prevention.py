"""Writes for trainings and awareness campaigns (coordinators)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from waypoint.access.actor import Actor
from waypoint.access.checks import get_visible, require
from waypoint.access.roles import Perm
from waypoint.access.scopes.action_plans import (
    visible_actions,
    visible_campaigns,
    visible_trainings,
)
from waypoint.accounts.choices import OrganisationType
from waypoint.accounts.models import Organisation
from waypoint.action_plans.choices import Channel, TargetGroup
from waypoint.action_plans.models import Action, Campaign, Training, TrainingParticipants
from waypoint.action_plans.services.common import (
    Errors,
    add,
    check_choices,
    check_count,
    check_dates,
    check_languages,
    check_text,
    raise_if,
)
from waypoint.audit import services as audit
from waypoint.common.concurrency import save_versioned


def _check_organiser(errors: Errors, organiser: Organisation | None, organiser_name: str) -> str:
    name = check_text(errors, "organiser_name", organiser_name, max_length=200, required=False)
    if organiser is None and not name:
        add(
            errors,
            "organiser",
            _("Choose the organiser, or name an organiser from outside Waypoint."),
        )
    return name


def _check_action(errors: Errors, actor: Actor, action: Action | None) -> None:
    if action is not None and not visible_actions(actor).filter(pk=action.pk).exists():
        add(errors, "action", _("Unknown action."))


@dataclass(frozen=True)
class TrainingData:
    topic: str
    start_date: dt.date
    end_date: dt.date | None = None
    organiser: Organisation | None = None
    organiser_name: str = ""
    audience_types: tuple[str, ...] = ()
    participants_female: int | None = None
    participants_male: int | None = None
    participants_other: int | None = None
    participants_by_type: Mapping[str, int] = field(default_factory=dict)
    materials: str = ""
    action: Action | None = None

    @classmethod
    def of(cls, training: Training) -> TrainingData:
        return cls(
            topic=training.topic,
            start_date=training.start_date,
            end_date=training.end_date,
            organiser=training.organiser,
            organiser_name=training.organiser_name,
            audience_types=tuple(training.audience_types),
            participants_female=training.participants_female,
            participants_male=training.participants_male,
            participants_other=training.participants_other,
            participants_by_type={
                row.org_type: row.count for row in training.participants_by_type.all()
            },
            materials=training.materials,
            action=training.action,
        )


def _validate_training(actor: Actor, data: TrainingData, errors: Errors) -> dict[str, object]:
    topic = check_text(errors, "topic", data.topic, max_length=300)
    check_dates(errors, data.start_date, data.end_date, end_field="end_date")
    organiser_name = _check_organiser(errors, data.organiser, data.organiser_name)
    check_choices(errors, "audience_types", data.audience_types, OrganisationType.values)
    check_choices(
        errors, "participants_by_type", data.participants_by_type, OrganisationType.values
    )
    for name in ("participants_female", "participants_male", "participants_other"):
        check_count(errors, name, getattr(data, name))
    if any(count < 0 for count in data.participants_by_type.values()):
        add(errors, "participants_by_type", _("A count cannot be negative."))
    by_sex = (data.participants_female, data.participants_male, data.participants_other)
    if data.participants_by_type and all(count is not None for count in by_sex):
        sex_total = sum(count or 0 for count in by_sex)
        type_total = sum(data.participants_by_type.values())
        if sex_total != type_total:
            add(
                errors,
                "participants_by_type",
                _(
                    "Participants by type of organisation add up to %(types)s, but by sex to "
                    "%(sexes)s. Correct one of them, or leave a sex blank if it was not recorded."
                )
                % {"types": type_total, "sexes": sex_total},
            )
    _check_action(errors, actor, data.action)
    return {
        "topic": topic,
        "start_date": data.start_date,
        "end_date": data.end_date,
        "organiser": data.organiser,
        "organiser_name": organiser_name,
        "audience_types": sorted(set(data.audience_types)),
        "participants_female": data.participants_female,
        "participants_male": data.participants_male,
        "participants_other": data.participants_other,
        "materials": data.materials.strip(),
        "action": data.action,
    }


def _set_participants(training: Training, by_type: Mapping[str, int]) -> None:
    training.participants_by_type.exclude(org_type__in=list(by_type)).delete()
    for org_type, count in by_type.items():
        TrainingParticipants.objects.update_or_create(
            training=training, org_type=org_type, defaults={"count": count}
        )


@transaction.atomic
def training_create(*, actor: Actor, data: TrainingData) -> Training:
    """Record a training: who organised it, for which audiences, how many took part (blank counts
    mean "not recorded", never zero)."""
    require(actor, Perm.TRAINING_MANAGE)
    errors: Errors = {}
    values = _validate_training(actor, data, errors)
    raise_if(errors, _("The training could not be saved."))
    training = Training.objects.create(created_by=actor.user, **values)
    _set_participants(training, data.participants_by_type)
    audit.record(
        actor=actor,
        action="training.create",
        target=training,
        details={"audience_types": values["audience_types"]},
    )
    return training


@transaction.atomic
def training_update(
    *, actor: Actor, training: Training, data: TrainingData, expected_version: int | None
) -> Training:
    require(actor, Perm.TRAINING_MANAGE)
    training = get_visible(visible_trainings(actor), pk=training.pk)
    errors: Errors = {}
    values = _validate_training(actor, data, errors)
    raise_if(errors, _("The training could not be saved."))
    changed = sorted(name for name, value in values.items() if getattr(training, name) != value)
    for name in changed:
        setattr(training, name, values[name])
    training = save_versioned(training, expected_version=expected_version, fields=changed)
    _set_participants(training, data.participants_by_type)
    audit.record(
        actor=actor, action="training.update", target=training, details={"fields": changed}
    )
    return training


@dataclass(frozen=True)
class CampaignData:
    title: str
    start_date: dt.date
    end_date: dt.date | None = None
    organiser: Organisation | None = None
    organiser_name: str = ""
    target_groups: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    estimated_reach: int | None = None
    addresses_demand: bool = False
    description: str = ""
    action: Action | None = None

    @classmethod
    def of(cls, campaign: Campaign) -> CampaignData:
        return cls(
            title=campaign.title,
            start_date=campaign.start_date,
            end_date=campaign.end_date,
            organiser=campaign.organiser,
            organiser_name=campaign.organiser_name,
            target_groups=tuple(campaign.target_groups),
            languages=tuple(campaign.languages),
            channels=tuple(campaign.channels),
            estimated_reach=campaign.estimated_reach,
            addresses_demand=campaign.addresses_demand,
            description=campaign.description,
            action=campaign.action,
        )


def _validate_campaign(actor: Actor, data: CampaignData, errors: Errors) -> dict[str, object]:
    title = check_text(errors, "title", data.title, max_length=300)
    check_dates(errors, data.start_date, data.end_date, end_field="end_date")
    organiser_name = _check_organiser(errors, data.organiser, data.organiser_name)
    check_choices(errors, "target_groups", data.target_groups, TargetGroup.values)
    check_choices(errors, "channels", data.channels, Channel.values)
    languages = check_languages(errors, "languages", data.languages)
    check_count(errors, "estimated_reach", data.estimated_reach)
    _check_action(errors, actor, data.action)
    return {
        "title": title,
        "start_date": data.start_date,
        "end_date": data.end_date,
        "organiser": data.organiser,
        "organiser_name": organiser_name,
        "target_groups": sorted(set(data.target_groups)),
        "languages": languages,
        "channels": sorted(set(data.channels)),
        "estimated_reach": data.estimated_reach,
        "addresses_demand": data.addresses_demand,
        "description": data.description.strip(),
        "action": data.action,
    }


@transaction.atomic
def campaign_create(*, actor: Actor, data: CampaignData) -> Campaign:
    """Record an awareness campaign: period, target groups, languages, channels, estimated reach."""
    require(actor, Perm.TRAINING_MANAGE)
    errors: Errors = {}
    values = _validate_campaign(actor, data, errors)
    raise_if(errors, _("The campaign could not be saved."))
    campaign = Campaign.objects.create(created_by=actor.user, **values)
    audit.record(
        actor=actor,
        action="campaign.create",
        target=campaign,
        details={"target_groups": values["target_groups"], "channels": values["channels"]},
    )
    return campaign


@transaction.atomic
def campaign_update(
    *, actor: Actor, campaign: Campaign, data: CampaignData, expected_version: int | None
) -> Campaign:
    require(actor, Perm.TRAINING_MANAGE)
    campaign = get_visible(visible_campaigns(actor), pk=campaign.pk)
    errors: Errors = {}
    values = _validate_campaign(actor, data, errors)
    raise_if(errors, _("The campaign could not be saved."))
    changed = sorted(name for name, value in values.items() if getattr(campaign, name) != value)
    for name in changed:
        setattr(campaign, name, values[name])
    campaign = save_versioned(campaign, expected_version=expected_version, fields=changed)
    audit.record(
        actor=actor, action="campaign.update", target=campaign, details={"fields": changed}
    )
    return campaign
