"""API routes of national coordination, included under /api/v1/ in the "api" namespace."""

from django.urls import path

from waypoint.action_plans.api import monitoring, plans, prevention, reporting, reviews, tip

P = "action-plans/"
urlpatterns = [
    path(f"{P}plans/", plans.PlanListApi.as_view(), name="action_plans_plans"),
    path(f"{P}plans/<uuid:public_id>/", plans.PlanDetailApi.as_view(), name="action_plans_plan"),
    path(
        f"{P}plans/<uuid:public_id>/pillars/",
        plans.PlanPillarsApi.as_view(),
        name="action_plans_pillars",
    ),
    path(
        f"{P}plans/<uuid:public_id>/rounds/",
        reporting.PlanRoundsApi.as_view(),
        name="action_plans_rounds",
    ),
    path(
        f"{P}plans/<uuid:public_id>/rounds/schedule/",
        reporting.PlanScheduleApi.as_view(),
        name="action_plans_rounds_schedule",
    ),
    path(
        f"{P}plans/<uuid:public_id>/progress/",
        monitoring.PlanProgressApi.as_view(),
        name="action_plans_progress",
    ),
    path(
        f"{P}plans/<uuid:public_id>/stakeholders/",
        monitoring.StakeholdersApi.as_view(),
        name="action_plans_stakeholders",
    ),
    path(
        f"{P}pillars/<uuid:public_id>/", plans.PillarDetailApi.as_view(), name="action_plans_pillar"
    ),
    path(
        f"{P}pillars/<uuid:public_id>/objectives/",
        plans.PillarObjectivesApi.as_view(),
        name="action_plans_objectives",
    ),
    path(
        f"{P}objectives/<uuid:public_id>/",
        plans.ObjectiveDetailApi.as_view(),
        name="action_plans_objective",
    ),
    path(f"{P}actions/", plans.ActionListApi.as_view(), name="action_plans_actions"),
    path(
        f"{P}actions/<uuid:public_id>/", plans.ActionDetailApi.as_view(), name="action_plans_action"
    ),
    path(
        f"{P}actions/<uuid:public_id>/indicators/",
        plans.ActionIndicatorsApi.as_view(),
        name="action_plans_indicators",
    ),
    path(
        f"{P}indicators/<uuid:public_id>/",
        plans.IndicatorDetailApi.as_view(),
        name="action_plans_indicator",
    ),
    path(
        f"{P}rounds/<uuid:public_id>/",
        reporting.RoundDetailApi.as_view(),
        name="action_plans_round",
    ),
    path(f"{P}reminders/", reporting.RemindersApi.as_view(), name="action_plans_reminders"),
    path(f"{P}my-reporting/", reporting.MyReportingApi.as_view(), name="action_plans_my_reporting"),
    path(f"{P}reports/", reporting.ReportListApi.as_view(), name="action_plans_reports"),
    path(
        f"{P}reports/<uuid:public_id>/",
        reporting.ReportDetailApi.as_view(),
        name="action_plans_report",
    ),
    path(
        f"{P}reports/<uuid:public_id>/attachments/",
        reporting.ReportAttachmentsApi.as_view(),
        name="action_plans_report_attachments",
    ),
    path(
        f"{P}attachments/<uuid:public_id>/",
        reporting.AttachmentDetailApi.as_view(),
        name="action_plans_attachment",
    ),
    path(f"{P}reporters/", reporting.ReporterListApi.as_view(), name="action_plans_reporters"),
    path(
        f"{P}reporters/<uuid:public_id>/",
        reporting.ReporterDetailApi.as_view(),
        name="action_plans_reporter",
    ),
    path(
        f"{P}recommendations/",
        reviews.RecommendationListApi.as_view(),
        name="action_plans_recommendations",
    ),
    path(
        f"{P}recommendations/<uuid:public_id>/",
        reviews.RecommendationDetailApi.as_view(),
        name="action_plans_recommendation",
    ),
    path(
        f"{P}recommendations/<uuid:public_id>/status/",
        reviews.RecommendationStateApi.as_view(),
        name="action_plans_recommendation_state",
    ),
    path(
        f"{P}recommendations/<uuid:public_id>/actions/",
        reviews.RecommendationActionsApi.as_view(),
        name="action_plans_recommendation_actions",
    ),
    path(
        f"{P}recommendations/<uuid:public_id>/attachments/",
        reviews.RecommendationAttachmentsApi.as_view(),
        name="action_plans_recommendation_attachments",
    ),
    path(f"{P}recommendation-tracker/", reviews.TrackerApi.as_view(), name="action_plans_tracker"),
    path(f"{P}tiers/", reviews.TierListApi.as_view(), name="action_plans_tiers"),
    path(f"{P}tiers/<uuid:public_id>/", reviews.TierDetailApi.as_view(), name="action_plans_tier"),
    path(f"{P}trainings/", prevention.TrainingListApi.as_view(), name="action_plans_trainings"),
    path(
        f"{P}trainings/<uuid:public_id>/",
        prevention.TrainingDetailApi.as_view(),
        name="action_plans_training",
    ),
    path(
        f"{P}trainings/<uuid:public_id>/attachments/",
        prevention.TrainingAttachmentsApi.as_view(),
        name="action_plans_training_attachments",
    ),
    path(f"{P}campaigns/", prevention.CampaignListApi.as_view(), name="action_plans_campaigns"),
    path(
        f"{P}campaigns/<uuid:public_id>/",
        prevention.CampaignDetailApi.as_view(),
        name="action_plans_campaign",
    ),
    path(
        f"{P}prevention-totals/",
        prevention.PreventionTotalsApi.as_view(),
        name="action_plans_prevention",
    ),
    path(f"{P}funding/", prevention.FundingApi.as_view(), name="action_plans_funding"),
    path(
        f"{P}tip-submissions/", tip.SubmissionListApi.as_view(), name="action_plans_tip_submissions"
    ),
    path(
        f"{P}tip-submissions/<uuid:public_id>/",
        tip.SubmissionDetailApi.as_view(),
        name="action_plans_tip_submission",
    ),
    path(
        f"{P}tip-submissions/<uuid:public_id>/criteria/<str:code>/",
        tip.CriterionDetailApi.as_view(),
        name="action_plans_tip_criterion",
    ),
    path(
        f"{P}tip-submissions/<uuid:public_id>/criteria/<str:code>/attachments/",
        tip.CriterionAttachmentsApi.as_view(),
        name="action_plans_tip_criterion_attachments",
    ),
]
