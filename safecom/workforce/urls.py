from django.urls import path

from safecom.workforce.views import imports, provider, staff

app_name = "workforce"
urlpatterns = [
    path("", provider.home, name="home"),
    path("policy/", provider.recheck_policy, name="policy"),
    path("template.<str:fmt>", imports.template, name="template"),
    path("<slug:slug>/", provider.overview, name="provider"),
    path("<slug:slug>/open/", provider.open_record, name="open_record"),
    path("<slug:slug>/roles/", provider.named_roles, name="roles"),
    path("<slug:slug>/staff/", staff.staff_index, name="staff"),
    path("<slug:slug>/staff/export/", staff.staff_export, name="export"),
    path("<slug:slug>/staff/new/", staff.staff_new, name="staff_new"),
    path("<slug:slug>/staff/<int:pk>/", staff.person, name="person"),
    path("<slug:slug>/staff/<int:pk>/edit/", staff.staff_edit, name="staff_edit"),
    path("<slug:slug>/staff/<int:pk>/reveal/", staff.reveal, name="reveal"),
    path("<slug:slug>/staff/<int:pk>/status-check/", staff.status_check, name="status_check"),
    path("<slug:slug>/staff/<int:pk>/training/", staff.training_new, name="training_new"),
    path("<slug:slug>/staff/<int:pk>/left/", staff.mark_left, name="left"),
    path("<slug:slug>/training/", staff.training, name="training"),
    path("<slug:slug>/import/", imports.import_start, name="import"),
    path("<slug:slug>/import/<int:job_id>/", imports.import_result, name="import_result"),
    path("<slug:slug>/import/<int:job_id>/confirm/", imports.import_confirm, name="import_confirm"),
]
