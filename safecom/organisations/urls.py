from django.urls import path

from safecom.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_index, name="list"),
    path("<slug:slug>/", views.organisation_detail, name="detail"),
]
