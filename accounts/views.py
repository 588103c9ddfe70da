"""Two-factor set-up and verification pages."""

import segno
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import FormView
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import OneTimeCodeForm
from .security import security_log


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


class TwoFactorSetupView(FormView):
    """Show a new TOTP secret (as a QR code and as text) and confirm it with a first code."""

    template_name = "registration/two_factor_setup.html"
    form_class = OneTimeCodeForm

    def dispatch(self, request, *args, **kwargs):
        if user_has_device(request.user):
            return redirect("two-factor-verify")
        return super().dispatch(request, *args, **kwargs)

    def device(self) -> TOTPDevice:
        device, _created = TOTPDevice.objects.get_or_create(
            user=self.request.user, confirmed=False, defaults={"name": "authenticator"}
        )
        return device

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        device = self.device()
        context["qr_code"] = segno.make(device.config_url, error="m").svg_data_uri(scale=4)
        context["secret"] = device.config_url.split("secret=")[1].split("&")[0]
        context["next"] = _next_url(self.request)
        return context

    def form_valid(self, form):
        device = self.device()
        if not device.verify_token(form.cleaned_data["code"]):
            form.add_error(
                "code", _("That code is not right. Check your phone's clock and try again.")
            )
            return self.form_invalid(form)
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(self.request, device)
        security_log.info("two-factor user=%s outcome=enrolled", self.request.user.pk)
        messages.success(self.request, _("Two-factor authentication is on for your account."))
        return redirect(_next_url(self.request))


class TwoFactorVerifyView(FormView):
    """Ask for the current code once per session."""

    template_name = "registration/two_factor_verify.html"
    form_class = OneTimeCodeForm

    def dispatch(self, request, *args, **kwargs):
        if not user_has_device(request.user):
            return redirect("two-factor-setup")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "next": _next_url(self.request)}

    def form_valid(self, form):
        device = match_token(self.request.user, form.cleaned_data["code"])
        if device is None:
            security_log.warning("two-factor user=%s outcome=failed", self.request.user.pk)
            form.add_error(
                "code", _("That code is not right. Check your phone's clock and try again.")
            )
            return self.form_invalid(form)
        otp_login(self.request, device)
        return redirect(_next_url(self.request))
