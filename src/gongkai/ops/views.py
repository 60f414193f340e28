"""Sign-in (with the TOTP code when enabled) and the page where staff turn two-factor sign-in on or off."""

from __future__ import annotations

from base64 import b32encode
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django_otp import login as otp_login

from . import actions
from .auth import SignInForm, has_two_factor


class SignInView(auth_views.LoginView):
    form_class = SignInForm

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        if form.otp_device is not None:
            otp_login(self.request, form.otp_device)  # the session records that it was verified
        return response


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    enabled = has_two_factor(request.user)
    if request.method == "POST":
        token = request.POST.get("token", "")
        try:
            if enabled:
                actions.do_disable_two_factor(request.user, token)
                messages.success(request, _("Two-factor sign-in is off."))
            else:
                actions.do_enable_two_factor(request.user, token)
                messages.success(
                    request, _("Two-factor sign-in is on: from now on, sign-in asks for a code.")
                )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        return redirect("two_factor")
    context: dict[str, Any] = {"enabled": enabled}
    if not enabled:
        device = actions.pending_totp_device(request.user)
        # An inline SVG (no script, no data: URL) so that the page keeps the strict CSP.
        context["qr_svg"] = mark_safe(segno.make(device.config_url, error="m").svg_inline(scale=4))
        context["secret"] = b32_grouped(device.bin_key)
    return render(request, "registration/two_factor.html", context)


def b32_grouped(key: bytes) -> str:
    text = b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
