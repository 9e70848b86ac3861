from django.urls import path

from safecom.contracts import views

app_name = "contracts"
urlpatterns = [
    path("", views.contract_index, name="list"),
    path("new/", views.contract_new, name="new"),
    path("<int:pk>/", views.contract_detail, name="detail"),
    path("<int:pk>/edit/", views.contract_edit, name="edit"),
    path("<int:pk>/stage/", views.contract_stage, name="stage"),
]
