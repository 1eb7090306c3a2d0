from django.contrib.auth import views as auth_views
from django.urls import path

from cip import two_factor
from cip.forms import SignInForm

urlpatterns = [
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor/set-up/", two_factor.setup, name="two-factor-setup"),
    path("two-factor/verify/", two_factor.verify, name="two-factor-verify"),
]
