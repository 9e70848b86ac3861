from django.urls import path

from safecom.standards import views

app_name = "standards"
urlpatterns = [
    path("", views.framework_list, name="list"),
    path("<slug:slug>/", views.framework_detail, name="detail"),
]
