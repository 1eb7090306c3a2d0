from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path

from cip import invitations, sso, two_factor
from cip.forms import SignInForm


class SignInView(auth_views.LoginView):
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            sso_enabled=settings.SSO_ENABLED, sso_label=settings.SSO_LABEL, **kwargs
        )


urlpatterns = [
    path(
        "sign-in/",
        SignInView.as_view(),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor/set-up/", two_factor.setup, name="two-factor-setup"),
    path("two-factor/verify/", two_factor.verify, name="two-factor-verify"),
    path("sso/start/", sso.start, name="sso-start"),
    path("sso/callback/", sso.callback, name="sso-callback"),
    path("sso/not-set-up/", sso.unknown, name="sso-unknown"),
    path("invitations/accept/", invitations.invitation_accept, name="invitation-accept"),
]
