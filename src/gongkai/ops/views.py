"""Sign-in (with the TOTP code when enabled), the page where staff turn two-factor sign-in on or off, and
the reader's display modes."""

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
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from gongkai.lib import display

from . import actions
from .auth import SignInForm, has_two_factor


class SignInView(auth_views.LoginView):
    form_class = SignInForm

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        if form.otp_device is not None:
            otp_login(self.request, form.otp_device)  # the session records that it was verified
            if isinstance(form.otp_device, StaticDevice):
                messages.warning(
                    self.request,
                    _(
                        "You signed in with a backup code; {left} are left. Make new ones on the two-factor page."
                    ).format(left=actions.backup_codes_left(self.request.user)),
                )
        return response


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    enabled = has_two_factor(request.user)
    if request.method == "POST":
        token = request.POST.get("token", "")
        try:
            if enabled and request.POST.get("action") == "renew":
                codes = actions.do_renew_backup_codes(request.user, token)
                return _show_backup_codes(request, codes)
            if enabled:
                actions.do_disable_two_factor(request.user, token)
                messages.success(request, _("Two-factor sign-in is off."))
            else:
                codes = actions.do_enable_two_factor(request.user, token)
                messages.success(
                    request, _("Two-factor sign-in is on: from now on, sign-in asks for a code.")
                )
                return _show_backup_codes(request, codes)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        return redirect("two_factor")
    context: dict[str, Any] = {"enabled": enabled}
    if enabled:
        context["backup_codes_left"] = actions.backup_codes_left(request.user)
    else:
        device = actions.pending_totp_device(request.user)
        # An inline SVG (no script, no data: URL) so that the page keeps the strict CSP.
        context["qr_svg"] = mark_safe(segno.make(device.config_url, error="m").svg_inline(scale=4))
        context["secret"] = b32_grouped(device.bin_key)
    return render(request, "registration/two_factor.html", context)


def _show_backup_codes(request: HttpRequest, codes: list[str]) -> HttpResponse:
    """The codes, once, in the answer to the POST that made them (never stored in the session)."""
    response = render(request, "registration/backup_codes.html", {"codes": codes})
    response["Cache-Control"] = "no-store"
    return response


def b32_grouped(key: bytes) -> str:
    text = b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@require_POST
def display_mode(request: HttpRequest) -> HttpResponse:
    """Switch a display mode (适老化: large text, high contrast) on or off for this browser, signed in or
    not, and go back to the page the switch was on — a plain form POST, no script needed."""
    chosen = display.toggled(display.modes(request.COOKIES), request.POST.get("mode", ""))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=request.is_secure()):
        back = "/"
    response = redirect(back)
    if chosen:
        response.set_cookie(display.COOKIE, ".".join(chosen), max_age=display.COOKIE_SECONDS, samesite="Lax")
    else:
        response.delete_cookie(display.COOKIE, samesite="Lax")
    return response
