from django.urls import path

from safecom.assurance import views

app_name = "assurance"
urlpatterns = [
    path("", views.home, name="home"),
    path("schedule/", views.schedule, name="schedule"),
    path("risk-policy/", views.risk_policy, name="risk_policy"),
    path("contracts/<int:pk>/", views.contract_page, name="contract"),
    # Monitoring
    path("contracts/<int:pk>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", views.meeting_page, name="meeting"),
    path("meetings/<int:pk>/actions/new/", views.meeting_action_new, name="meeting_action_new"),
    path("actions/<int:pk>/done/", views.action_done, name="action_done"),
    path("contracts/<int:pk>/metrics/new/", views.metric_new, name="metric_new"),
    path("metrics/<int:pk>/values/new/", views.metric_value_new, name="metric_value_new"),
    # Returns and reports
    path("returns/", views.returns_index, name="returns"),
    path("returns/<int:pk>/", views.return_page, name="return"),
    path("returns/<int:pk>/submit/", views.return_fill, name="return_submit"),
    path("return-templates/", views.templates_index, name="templates"),
    path("return-templates/new/", views.template_new, name="template_new"),
    path("return-templates/<int:pk>/issue/", views.returns_issue_page, name="returns_issue"),
    path(
        "contracts/<int:pk>/annual-reports/new/",
        views.annual_report_new,
        name="annual_report_new",
    ),
    path(
        "annual-reports/<int:pk>/review/",
        views.annual_report_review_page,
        name="annual_report_review",
    ),
    # Thematic checks
    path("contracts/<int:pk>/checks/new/", views.check_new, name="check_new"),
    path("checks/<int:pk>/", views.check_page, name="check"),
    path("checks/<int:pk>/actions/new/", views.check_action_new, name="check_action_new"),
    # Allegations
    path("allegations/", views.allegations_index, name="allegations"),
    path("contracts/<int:pk>/allegations/new/", views.allegation_new, name="allegation_new"),
    path("allegations/<int:pk>/", views.allegation_page, name="allegation"),
    path("allegations/<int:pk>/edit/", views.allegation_edit, name="allegation_edit"),
    # Incidents and reviews
    path("reviews/", views.reviews_index, name="reviews"),
    path("contracts/<int:pk>/reviews/new/", views.review_new, name="review_new"),
    path("reviews/<int:pk>/", views.review_page, name="review"),
    path("reviews/<int:pk>/edit/", views.review_edit, name="review_edit"),
    path(
        "reviews/<int:pk>/recommendations/new/",
        views.recommendation_new,
        name="recommendation_new",
    ),
    path("recommendations/<int:pk>/", views.recommendation_edit, name="recommendation"),
    # Briefings
    path("briefings/", views.briefings_index, name="briefings"),
    path("briefings/new/", views.briefing_new, name="briefing_new"),
    path("briefings/<int:pk>/", views.briefing_page, name="briefing"),
    path(
        "briefings/<int:pk>/acknowledge/",
        views.briefing_acknowledge_page,
        name="briefing_acknowledge",
    ),
    # Decommissioning
    path("contracts/<int:pk>/decommissioning/", views.decommissioning_page, name="decommissioning"),
    path(
        "decommissioning-items/<int:pk>/",
        views.decommissioning_item_page,
        name="decommissioning_item",
    ),
]
