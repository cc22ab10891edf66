import pytest
from django.core import mail

from waypoint.access.actor import Actor
from waypoint.access.roles import Role
from waypoint.accounts import services
from waypoint.accounts.models import ApiToken, Invitation, Membership, Organisation, User
from waypoint.audit.models import AuditEvent
from waypoint.common.errors import ActionDenied, NotVisible, ValidationFailed
from waypoint.testing.factories import actor_for, member

STRONG = "Harbour-Lights-2026!"


def _counts():
    return (
        Organisation.objects.count(),
        Membership.objects.count(),
        User.objects.count(),
        Invitation.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.django_db
def test_system_admin_creates_organisation_and_it_is_audited(org_a):
    admin = member(org_a, Role.SYSTEM_ADMIN)
    organisation = services.organisation_create(
        actor=actor_for(admin, org_a),
        name="Labour Office",
        org_type="LabourInspectorate",
        country="MY",
    )
    assert organisation.org_type == "LabourInspectorate"
    event = AuditEvent.objects.get(action="organisation.create")
    assert event.target_id == str(organisation.public_id)
    assert event.actor_username == admin.username


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in Role if r != Role.SYSTEM_ADMIN])
def test_other_roles_cannot_create_organisations(org_a, role):
    person = member(org_a, role)
    before = _counts()
    with pytest.raises(ActionDenied):
        services.organisation_create(
            actor=actor_for(person, org_a), name="X", org_type="NGO", country="MT"
        )
    assert _counts() == before


@pytest.mark.django_db
def test_organisation_validation_names_each_field(org_a):
    admin = member(org_a, Role.SYSTEM_ADMIN)
    with pytest.raises(ValidationFailed) as error:
        services.organisation_create(
            actor=actor_for(admin, org_a), name="", org_type="Pirates", country="XX"
        )
    assert set(error.value.fields) == {"name", "org_type", "country"}
    with pytest.raises(ValidationFailed) as error:
        services.organisation_create(
            actor=actor_for(admin, org_a), name="organisation a", org_type="NGO", country="MT"
        )
    assert "already exists" in error.value.fields["name"][0]


@pytest.mark.django_db
def test_org_admin_manages_only_own_organisation(org_a, org_b):
    admin = member(org_a, Role.ORG_ADMIN)
    worker = member(org_b, Role.CASE_WORKER)
    actor = actor_for(admin, org_a)
    membership = services.membership_add(
        actor=actor, user=worker, organisation=org_a, role=Role.CASE_WORKER
    )
    assert membership.organisation == org_a
    before = _counts()
    with pytest.raises(NotVisible):
        services.membership_add(
            actor=actor, user=worker, organisation=org_b, role=Role.CASE_SUPERVISOR
        )
    other = Membership.objects.get(user=worker, organisation=org_b)
    with pytest.raises(NotVisible):
        services.membership_end(actor=actor, membership=other)
    with pytest.raises(NotVisible):
        services.invitation_create(
            actor=actor,
            organisation=org_b,
            email="x@example.invalid",
            role="case_worker",
            accept_url_template="{token}",
        )
    assert _counts() == before
    assert Membership.objects.get(pk=other.pk).is_active


@pytest.mark.django_db
def test_org_admin_cannot_grant_system_admin(org_a):
    admin = member(org_a, Role.ORG_ADMIN)
    someone = member(org_a, Role.CASE_WORKER)
    with pytest.raises(ValidationFailed):
        services.membership_add(
            actor=actor_for(admin, org_a), user=someone, organisation=org_a, role=Role.SYSTEM_ADMIN
        )
    assert not Membership.objects.filter(role=Role.SYSTEM_ADMIN).exists()


@pytest.mark.django_db
def test_membership_add_is_idempotent(org_a):
    admin = member(org_a, Role.ORG_ADMIN)
    someone = member(org_a)
    actor = actor_for(admin, org_a)
    first = services.membership_add(
        actor=actor, user=someone, organisation=org_a, role="case_worker"
    )
    second = services.membership_add(
        actor=actor, user=someone, organisation=org_a, role="case_worker"
    )
    assert first.pk == second.pk


@pytest.mark.django_db
def test_invitation_flow(org_a, mailoutbox, django_capture_on_commit_callbacks):
    admin = member(org_a, Role.ORG_ADMIN)
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = services.invitation_create(
            actor=actor_for(admin, org_a),
            organisation=org_a,
            email="new.person@example.invalid",
            role="case_worker",
            accept_url_template="https://waypoint.example/accounts/invitations/{token}/",
        )
    assert len(mail.outbox) == 1
    assert token in mail.outbox[0].body
    assert token not in invitation.token_hash
    user = services.invitation_accept(token=token, username="newperson", password=STRONG)
    assert Membership.objects.get(user=user).role == "case_worker"
    with pytest.raises(NotVisible):
        services.invitation_accept(token=token, username="again", password=STRONG)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "password",
    ["short1!", "aaaaaaaaaaaaaaaa", "1234567890123", "password1234", "newperson-2026"],
)
def test_weak_passwords_are_refused(org_a, password):
    admin = member(org_a, Role.SYSTEM_ADMIN)
    before = User.objects.count()
    with pytest.raises(ValidationFailed) as error:
        services.user_create(actor=actor_for(admin, org_a), username="newperson", password=password)
    assert "password" in error.value.fields
    assert User.objects.count() == before


@pytest.mark.django_db
def test_api_tokens_are_stored_hashed_and_revocable(org_a):
    person = member(org_a, Role.CASE_WORKER)
    actor = actor_for(person, org_a)
    token, raw = services.api_token_issue(actor=actor, user=person, name="script")
    assert raw.startswith("wpt_")
    assert not ApiToken.objects.filter(token_hash=raw).exists()
    assert services.api_token_authenticate(raw).pk == token.pk
    services.api_token_revoke(actor=actor, token=token)
    assert services.api_token_authenticate(raw) is None


@pytest.mark.django_db
def test_nobody_issues_tokens_for_someone_else(org_a):
    person = member(org_a, Role.CASE_WORKER)
    other = member(org_a, Role.SYSTEM_ADMIN)
    with pytest.raises(NotVisible):
        services.api_token_issue(actor=actor_for(other, org_a), user=person)
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_password_change_revokes_tokens(org_a):
    person = member(org_a, Role.CASE_WORKER)
    actor = actor_for(person, org_a)
    _token, raw = services.api_token_issue(actor=actor, user=person)
    with pytest.raises(ValidationFailed):
        services.password_change(
            actor=actor, user=person, current_password="wrong", new_password=STRONG
        )
    services.password_change(
        actor=actor, user=person, current_password="Correct-Horse-Battery-9", new_password=STRONG
    )
    assert services.api_token_authenticate(raw) is None


@pytest.mark.django_db
def test_console_actor_can_bootstrap(org_a):
    console = Actor.console("test")
    user = services.user_create(actor=console, username="boot", password=STRONG)
    services.membership_add(actor=console, user=user, organisation=org_a, role="system_admin")
    assert Membership.objects.filter(user=user, role="system_admin").exists()
