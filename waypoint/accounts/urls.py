from django.urls import path

from waypoint.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password-reset/", views.password_reset, name="password_reset"),
    path("password-reset/sent/", views.password_reset_done, name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("password-reset/done/", views.password_reset_complete, name="password_reset_complete"),
    path("two-factor/setup/", views.mfa_setup, name="mfa_setup"),
    path("two-factor/verify/", views.mfa_verify, name="mfa_verify"),
    path("profile/", views.profile, name="profile"),
    path("profile/tokens/<uuid:public_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("switch-organisation/", views.switch_organisation, name="switch_organisation"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("admin/", views.admin_home, name="admin_home"),
    path("admin/organisations/new/", views.organisation_create, name="organisation_create"),
    path("admin/organisations/<uuid:public_id>/", views.organisation_detail, name="organisation"),
    path(
        "admin/organisations/<uuid:public_id>/invite/",
        views.invitation_send,
        name="invitation_send",
    ),
    path(
        "admin/organisations/<uuid:public_id>/members/", views.membership_add, name="membership_add"
    ),
    path("admin/memberships/<uuid:public_id>/end/", views.membership_end, name="membership_end"),
    path(
        "admin/invitations/<uuid:public_id>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
]
