from django.contrib.auth import views as auth_views
from django.urls import path

from safecom.accounts import views, views_two_factor

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", views.account, name="account"),
    path("account/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("two-factor/set-up/", views_two_factor.setup, name="two_factor_setup"),
    path("two-factor/", views_two_factor.verify, name="two_factor_verify"),
    path("two-factor/remove/", views_two_factor.remove, name="two_factor_remove"),
]
