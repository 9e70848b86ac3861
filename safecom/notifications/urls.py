from django.urls import path

from safecom.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_index, name="home"),
    path("choices/", views.reminder_choices, name="choices"),
]
