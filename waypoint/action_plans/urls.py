from django.urls import path

from waypoint.action_plans.views import (
    actions,
    attachments,
    monitoring,
    plans,
    prevention,
    reporting,
    reviews,
    tip,
)

app_name = "action_plans"
urlpatterns = [
    path("", plans.home, name="home"),
    # Plans and their structure
    path("plans/new/", plans.plan_create, name="plan_create"),
    path("plans/<uuid:public_id>/", plans.plan_detail, name="plan"),
    path("plans/<uuid:public_id>/edit/", plans.plan_edit, name="plan_edit"),
    path("plans/<uuid:public_id>/structure/", plans.structure, name="structure"),
    path("pillars/<uuid:public_id>/edit/", plans.pillar_edit, name="pillar_edit"),
    path("pillars/<uuid:public_id>/delete/", plans.pillar_delete, name="pillar_delete"),
    path(
        "pillars/<uuid:public_id>/objectives/new/", plans.objective_create, name="objective_create"
    ),
    path("objectives/<uuid:public_id>/edit/", plans.objective_edit, name="objective_edit"),
    path("objectives/<uuid:public_id>/delete/", plans.objective_delete, name="objective_delete"),
    # Actions and indicators
    path("plans/<uuid:public_id>/actions/", actions.action_list, name="actions"),
    path("plans/<uuid:public_id>/actions/new/", actions.action_create, name="action_create"),
    path("actions/<uuid:public_id>/", actions.action_detail, name="action"),
    path("actions/<uuid:public_id>/edit/", actions.action_edit, name="action_edit"),
    path(
        "actions/<uuid:public_id>/indicators/new/",
        actions.indicator_create,
        name="indicator_create",
    ),
    path("indicators/<uuid:public_id>/edit/", actions.indicator_edit, name="indicator_edit"),
    path("indicators/<uuid:public_id>/delete/", actions.indicator_delete, name="indicator_delete"),
    # Reporting rounds and progress reports
    path("plans/<uuid:public_id>/rounds/", reporting.round_list, name="rounds"),
    path("rounds/<uuid:public_id>/", reporting.round_detail, name="round"),
    path("rounds/<uuid:public_id>/edit/", reporting.round_edit, name="round_edit"),
    path("rounds/<uuid:public_id>/delete/", reporting.round_delete, name="round_delete"),
    path("rounds/<uuid:public_id>/remind/", reporting.remind, name="round_remind"),
    path("reporting/", reporting.my_reporting, name="my_reporting"),
    path(
        "reporting/<uuid:round_id>/<uuid:action_id>/",
        reporting.report_form,
        name="report_form",
    ),
    path("reports/<uuid:public_id>/", reporting.report_detail, name="report"),
    path(
        "reports/<uuid:public_id>/attachments/",
        attachments.report_attachment,
        name="report_attachment",
    ),
    path("reporters/", reporting.reporters, name="reporters"),
    path("reporters/<uuid:public_id>/end/", reporting.reporter_end, name="reporter_end"),
    # Attachments
    path("attachments/<uuid:public_id>/", attachments.attachment_download, name="attachment"),
    path(
        "attachments/<uuid:public_id>/delete/",
        attachments.attachment_remove,
        name="attachment_delete",
    ),
    # Monitoring committee
    path("plans/<uuid:public_id>/monitoring/", monitoring.monitoring, name="monitoring"),
    path(
        "plans/<uuid:public_id>/monitoring.xlsx", monitoring.monitoring_xlsx, name="monitoring_xlsx"
    ),
    path("plans/<uuid:public_id>/monitoring.pdf", monitoring.monitoring_pdf, name="monitoring_pdf"),
    path("tracker/", monitoring.tracker, name="tracker"),
    path("tracker.xlsx", monitoring.tracker_xlsx, name="tracker_xlsx"),
    path("tracker.pdf", monitoring.tracker_pdf, name="tracker_pdf"),
    # Recommendations and tiers
    path("recommendations/", reviews.recommendation_list, name="recommendations"),
    path("recommendations/new/", reviews.recommendation_create, name="recommendation_create"),
    path("recommendations/<uuid:public_id>/", reviews.recommendation_detail, name="recommendation"),
    path(
        "recommendations/<uuid:public_id>/edit/",
        reviews.recommendation_edit,
        name="recommendation_edit",
    ),
    path(
        "recommendations/<uuid:public_id>/delete/",
        reviews.recommendation_delete,
        name="recommendation_delete",
    ),
    path(
        "recommendations/<uuid:public_id>/state/",
        reviews.recommendation_state,
        name="recommendation_state",
    ),
    path(
        "recommendations/<uuid:public_id>/actions/",
        reviews.recommendation_actions,
        name="recommendation_actions",
    ),
    path(
        "recommendations/<uuid:public_id>/attachments/",
        attachments.recommendation_attachment,
        name="recommendation_attachment",
    ),
    path("tiers/", reviews.tiers, name="tiers"),
    path("tiers/<uuid:public_id>/delete/", reviews.tier_delete, name="tier_delete"),
    # Trainings and campaigns
    path("trainings/", prevention.training_list, name="trainings"),
    path("trainings/new/", prevention.training_create, name="training_create"),
    path("trainings/<uuid:public_id>/", prevention.training_detail, name="training"),
    path("trainings/<uuid:public_id>/edit/", prevention.training_edit, name="training_edit"),
    path(
        "trainings/<uuid:public_id>/attachments/",
        attachments.training_attachment,
        name="training_attachment",
    ),
    path("campaigns/", prevention.campaign_list, name="campaigns"),
    path("campaigns/new/", prevention.campaign_create, name="campaign_create"),
    path("campaigns/<uuid:public_id>/", prevention.campaign_detail, name="campaign"),
    path("campaigns/<uuid:public_id>/edit/", prevention.campaign_edit, name="campaign_edit"),
    # TIP report workspace
    path("tip/", tip.submissions, name="tip_list"),
    path("tip/<uuid:public_id>/", tip.workspace, name="tip"),
    path("tip/<uuid:public_id>/criteria/<str:code>/", tip.criterion, name="tip_criterion"),
    path(
        "tip/<uuid:public_id>/criteria/<str:code>/attachments/",
        attachments.criterion_attachment,
        name="tip_criterion_attachment",
    ),
    path("tip/<uuid:public_id>/submission.pdf", tip.export_pdf, name="tip_pdf"),
    path("tip/<uuid:public_id>/submission.docx", tip.export_docx, name="tip_docx"),
]
