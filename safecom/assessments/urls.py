from django.urls import path

from safecom.assessments import views, views_answers, views_gate

app_name = "assessments"
urlpatterns = [
    path("", views.home, name="home"),
    path("rounds/new/", views.round_new, name="round_new"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("returns/<int:pk>/", views.assessment_detail, name="assessment"),
    path("returns/<int:pk>/submit/", views.assessment_submit_view, name="submit"),
    path("returns/<int:pk>/compare/", views.assessment_compare, name="compare"),
    path("answers/<int:pk>/", views_answers.answer_detail, name="answer"),
    path("answers/<int:pk>/moderate/", views_answers.answer_moderate_view, name="moderate"),
    path("answers/<int:pk>/respond/", views_answers.answer_respond_view, name="respond"),
    path("answers/<int:pk>/actions/", views_answers.answer_action_add, name="action_add"),
    path("actions/", views.action_index, name="actions"),
    path("actions/<int:pk>/", views_answers.action_status, name="action_status"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("providers/<slug:slug>/", views.provider_detail, name="provider"),
    path("providers/<slug:slug>/statement/", views.statement_new, name="statement_new"),
    path("gate/<int:pk>/settings/", views_gate.gate_settings, name="gate_settings"),
    path("gate/<int:pk>/clause/", views_gate.clause_confirm, name="clause_confirm"),
]
