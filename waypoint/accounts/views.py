"""Pages: sign in and out, two-factor authentication, profile and tokens, organisation switching,
and administration of organisations and memberships."""

from __future__ import annotations

import base64
import datetime
import time

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from waypoint.access import ratelimit
from waypoint.access.actor import Actor
from waypoint.access.declarations import public_view, requires, signed_in
from waypoint.access.middleware import SESSION_LOGIN_AT_KEY, SESSION_ORGANISATION_KEY
from waypoint.access.roles import ROLE_DESCRIPTIONS, Perm, Role
from waypoint.access.session import active_memberships
from waypoint.accounts import selectors, services
from waypoint.accounts.forms import (
    AcceptInvitationForm,
    CodeForm,
    InvitationForm,
    LoginForm,
    OrganisationForm,
    PasswordChangeForm,
    TokenForm,
)
from waypoint.accounts.models import User
from waypoint.audit import services as audit
from waypoint.common.errors import DomainError
from waypoint.common.forms import apply_domain_errors


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _limited(request, name: str, value: str) -> bool:
    """Count an attempt against the configured limit; True when the limit is exceeded."""
    limit, seconds = settings.WAYPOINT_RATE_LIMITS[name]
    return not ratelimit.hit(
        ratelimit.key_for(name, value), limit=limit, window=datetime.timedelta(seconds=seconds)
    )


def _too_many(request):
    return render(request, "accounts/too_many.html", status=429)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if _limited(request, "login_ip", request.actor.ip_address or "unknown"):
            return _too_many(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        self.request.session[SESSION_LOGIN_AT_KEY] = time.time()
        user = form.get_user()
        memberships = active_memberships(user)
        if memberships:
            first = sorted(memberships, key=lambda item: item[0].name)[0][0]
            self.request.session[SESSION_ORGANISATION_KEY] = str(first.public_id)
        actor = Actor(
            user=user,
            organisation=memberships[0][0] if memberships else None,
            roles=frozenset(),
            via="web",
            request_id=self.request.actor.request_id,
            ip_address=self.request.actor.ip_address,
        )
        audit.record(actor=actor, action="session.login", target=user)
        return response


login_view = public_view(LoginView.as_view())


@require_POST
@public_view
def logout_view(request):
    if request.user.is_authenticated:
        audit.record(actor=request.actor, action="session.logout", target=request.user)
    return auth_views.logout_then_login(request)


@signed_in
def mfa_setup(request):
    """Enrol an authenticator app: scan the QR code (or type the key), confirm with a code."""
    device = None
    device_id = request.session.get("mfa_setup_device")
    if device_id:
        device = TOTPDevice.objects.filter(pk=device_id, user=request.user, confirmed=False).first()
    if device is None:
        device = services.totp_device_start(user=request.user)
        request.session["mfa_setup_device"] = device.pk
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.totp_device_confirm(
                actor=request.actor, device=device, code=form.cleaned_data["code"]
            )
        except DomainError as error:
            apply_domain_errors(form, error.fields, error.message)
        else:
            request.session.pop("mfa_setup_device", None)
            otp_login(request, device)
            return render(
                request,
                "accounts/mfa_recovery_codes.html",
                {"codes": codes, "next": _safe_next(request, reverse("home"))},
            )
    qr = segno.make(device.config_url, error="m")
    svg = qr.svg_inline(scale=5, dark="#1b2733", light="#ffffff")
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "accounts/mfa_setup.html",
        {
            "form": form,
            "qr_data_uri": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode(),
            "secret": " ".join(secret[index : index + 4] for index in range(0, len(secret), 4)),
            "next": request.GET.get("next", ""),
        },
    )


@signed_in
def mfa_verify(request):
    """Second step of signing in for people whose role needs two-factor authentication."""
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"].strip().replace(" ", "")
        device = match_token(request.user, code)
        if device is None:
            form.add_error("code", _("That code did not match. Codes change every 30 seconds."))
        else:
            otp_login(request, device)
            audit.record(actor=request.actor, action="session.mfa_verified", target=request.user)
            return HttpResponseRedirect(_safe_next(request, reverse("home")))
    return render(
        request, "accounts/mfa_verify.html", {"form": form, "next": request.GET.get("next", "")}
    )


@signed_in
def profile(request):
    """Your account: organisations and roles, password, two-factor authentication, API tokens."""
    token_form = TokenForm()
    password_form = PasswordChangeForm()
    new_token = None
    if request.method == "POST" and request.POST.get("action") == "issue_token":
        token_form = TokenForm(request.POST)
        if token_form.is_valid():
            _token, new_token = services.api_token_issue(
                actor=request.actor, user=request.user, name=token_form.cleaned_data["name"]
            )
    elif request.method == "POST" and request.POST.get("action") == "change_password":
        password_form = PasswordChangeForm(request.POST)
        if password_form.is_valid():
            try:
                services.password_change(
                    actor=request.actor,
                    user=request.user,
                    current_password=password_form.cleaned_data["current_password"],
                    new_password=password_form.cleaned_data["new_password"],
                )
            except DomainError as error:
                apply_domain_errors(password_form, error.fields, error.message)
            else:
                update_session_auth_hash(request, request.user)
                request.session[SESSION_LOGIN_AT_KEY] = time.time()
                messages.success(
                    request, _("Your password was changed. Other sessions have ended.")
                )
                return redirect("accounts:profile")
    memberships = [
        {"organisation": organisation, "role": role, "description": ROLE_DESCRIPTIONS[role]}
        for organisation, role in active_memberships(request.user)
    ]
    return render(
        request,
        "accounts/profile.html",
        {
            "memberships": memberships,
            "tokens": selectors.api_token_list(actor=request.actor),
            "token_form": token_form,
            "password_form": password_form,
            "new_token": new_token,
            "has_mfa": TOTPDevice.objects.filter(user=request.user, confirmed=True).exists(),
        },
    )


@require_POST
@signed_in
def token_revoke(request, public_id):
    token = selectors.api_token_get(actor=request.actor, public_id=public_id)
    services.api_token_revoke(actor=request.actor, token=token)
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:profile")


@require_POST
@signed_in
def switch_organisation(request):
    """Act for another of one's organisations (only those with an active membership)."""
    wanted = request.POST.get("organisation", "")
    if any(
        str(organisation.public_id) == wanted
        for organisation, _ in active_memberships(request.user)
    ):
        request.session[SESSION_ORGANISATION_KEY] = wanted
    return HttpResponseRedirect(_safe_next(request, reverse("home")))


@requires(Perm.MEMBERSHIP_MANAGE)
def admin_home(request):
    """Administration: all organisations (system administrators) or one's own (org admins)."""
    from waypoint.access.scopes.accounts import manageable_organisations

    organisations = manageable_organisations(request.actor).order_by("name")
    search = request.GET.get("q", "").strip()[:100]
    if search:
        organisations = organisations.filter(name__icontains=search)
    page = Paginator(organisations, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/admin_home.html",
        {"page": page, "search": search, "can_create": request.actor.can(Perm.ORGANISATION_MANAGE)},
    )


@requires(Perm.ORGANISATION_MANAGE)
def organisation_create(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(actor=request.actor, **form.cleaned_data)
        except DomainError as error:
            apply_domain_errors(form, error.fields, error.message)
        else:
            messages.success(request, _("Organisation created."))
            return redirect("accounts:organisation", public_id=organisation.public_id)
    return render(request, "accounts/organisation_form.html", {"form": form, "creating": True})


@requires(Perm.MEMBERSHIP_MANAGE)
def organisation_detail(request, public_id):
    """One organisation: its details, members, roles and invitations."""
    organisation = selectors.organisation_get_manageable(actor=request.actor, public_id=public_id)
    initial = {field: getattr(organisation, field) for field in OrganisationForm.base_fields}
    form = OrganisationForm(request.POST or None, initial=initial)
    if not request.actor.can(Perm.ORGANISATION_MANAGE):
        form.fields["name"].disabled = True
        form.fields["org_type"].disabled = True
    if request.method == "POST" and form.is_valid():
        changes = {
            name: form.cleaned_data[name]
            for name in form.changed_data
            if not form.fields[name].disabled
        }
        try:
            services.organisation_update(
                actor=request.actor, organisation=organisation, changes=changes
            )
        except DomainError as error:
            apply_domain_errors(form, error.fields, error.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("accounts:organisation", public_id=organisation.public_id)
    invitation_form = InvitationForm(allow_system_admin=request.actor.can(Perm.ORGANISATION_MANAGE))
    return render(
        request,
        "accounts/organisation_detail.html",
        {
            "organisation": organisation,
            "form": form,
            "memberships": selectors.membership_list(
                actor=request.actor, organisation=organisation
            ),
            "invitations": selectors.invitation_list(actor=request.actor).filter(
                organisation=organisation, accepted_at__isnull=True, revoked_at__isnull=True
            ),
            "invitation_form": invitation_form,
            "roles": Role.choices,
        },
    )


@require_POST
@requires(Perm.MEMBERSHIP_MANAGE)
def invitation_send(request, public_id):
    organisation = selectors.organisation_get_manageable(actor=request.actor, public_id=public_id)
    form = InvitationForm(
        request.POST, allow_system_admin=request.actor.can(Perm.ORGANISATION_MANAGE)
    )
    if form.is_valid():
        template = request.build_absolute_uri(reverse("accounts:invitation_accept", args=["TOKEN"]))
        try:
            services.invitation_create(
                actor=request.actor,
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                accept_url_template=template.replace("TOKEN", "{token}"),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Invitation sent."))
    else:
        for field_errors in form.errors.values():
            for text in field_errors:
                messages.error(request, text)
    return redirect("accounts:organisation", public_id=organisation.public_id)


@require_POST
@requires(Perm.MEMBERSHIP_MANAGE)
def membership_add(request, public_id):
    """Give an existing person (by user name) a role in this organisation."""
    organisation = selectors.organisation_get_manageable(actor=request.actor, public_id=public_id)
    user = User.objects.filter(
        username__iexact=request.POST.get("username", "").strip(), is_active=True
    ).first()
    if user is None:
        messages.error(request, _("No active person has that user name. Invite them instead."))
    else:
        try:
            services.membership_add(
                actor=request.actor,
                user=user,
                organisation=organisation,
                role=request.POST.get("role", ""),
            )
        except DomainError as error:
            messages.error(request, " ".join([error.message, *sum(error.fields.values(), [])]))
        else:
            messages.success(request, _("Role added."))
    return redirect("accounts:organisation", public_id=organisation.public_id)


@require_POST
@requires(Perm.MEMBERSHIP_MANAGE)
def membership_end(request, public_id):
    membership = selectors.membership_get(actor=request.actor, public_id=public_id)
    try:
        services.membership_end(actor=request.actor, membership=membership)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Role removed."))
    return redirect("accounts:organisation", public_id=membership.organisation.public_id)


@require_POST
@requires(Perm.MEMBERSHIP_MANAGE)
def invitation_revoke(request, public_id):
    invitation = selectors.invitation_get(actor=request.actor, public_id=public_id)
    services.invitation_revoke(actor=request.actor, invitation=invitation)
    messages.success(request, _("Invitation withdrawn."))
    return redirect("accounts:organisation", public_id=invitation.organisation.public_id)


@public_view
def invitation_accept(request, token):
    """Open an invitation link: choose a user name and password, then sign in."""
    invitation = services.invitation_for_token(token)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_accept(
                token=token,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
            )
        except DomainError as refusal:
            apply_domain_errors(form, refusal.fields, refusal.message)
        else:
            messages.success(request, _("Your account is ready. Sign in with your new password."))
            return redirect("accounts:login")
    return render(
        request,
        "accounts/invitation_accept.html",
        {"form": form, "invitation": invitation, "role": Role(invitation.role).label},
    )


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link. The answer is the same whether or not the address has an account."""

    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request, *args, **kwargs):
        if _limited(request, "password_reset_ip", request.actor.ip_address or "unknown"):
            return _too_many(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        if _limited(self.request, "password_reset_account", email):
            # Silently send nothing more: the page must not reveal anything about the address.
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_reset_completed(user=form.user)
        return response


password_reset = public_view(PasswordResetView.as_view())
password_reset_done = public_view(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)
password_reset_confirm = public_view(PasswordResetConfirmView.as_view())
password_reset_complete = public_view(
    auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"
    )
)
