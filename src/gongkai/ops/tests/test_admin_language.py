"""The admin in the interface language: permissions by the models' names, django-otp's and django-axes'
pages and records in Chinese, yes/no icons that say 是/否 — not the English the apps were written in."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.ops.admin import permission_label
from gongkai.testing import Cast

pytestmark = pytest.mark.django_db


def test_a_permission_is_named_by_its_app_and_model_in_chinese() -> None:
    permission = Permission.objects.get(codename="view_document")
    assert permission.name == "Can view document"  # as stored
    with translation.override("zh-hans"):
        assert permission_label(permission) == "政府信息公开目录 | 可以查看文件"


def test_the_group_page_lists_permissions_in_chinese(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.superuser)
    page = client.get("/admin/auth/group/add/", headers={"accept-language": "zh-hans"}).content.decode()
    assert "可以增加政府信息公开申请" in page
    assert "Can add" not in page


def test_the_two_factor_devices_are_named_in_chinese(cast: Cast) -> None:
    TOTPDevice.objects.create(user=cast.clerk, name="身份验证器应用", confirmed=True)
    client = Client()
    client.force_login(cast.superuser)
    listing = client.get("/admin/otp_totp/totpdevice/").content.decode()
    device = client.get(f"/admin/otp_totp/totpdevice/{TOTPDevice.objects.get().pk}/change/").content.decode()
    assert "选择 身份验证器 来修改" in listing and "TOTP device" not in listing
    assert "此设备所属的用户。" in device and "The user that this device belongs to." not in device
    assert '<img src="/static/admin/img/icon-yes.svg" alt="是">' in listing


def test_sign_in_records_are_named_in_chinese(cast: Cast) -> None:
    client = Client(HTTP_USER_AGENT="Mozilla/5.0")
    client.post("/accounts/login/", {"username": "clerk", "password": "wrong"})
    admin = Client()
    admin.force_login(cast.superuser)
    page = admin.get("/admin/axes/accessattempt/").content.decode()
    assert "clerk 自 127.0.0.1 的登录失败记录" in page
    assert "登录尝试与锁定" in page and "Axes" not in page


def test_the_admin_never_shows_a_devices_secret_key(cast: Cast) -> None:
    """Whoever reads a TOTP key or its QR code can make the codes: the admin shows neither, not even to a
    superuser (OTP_ADMIN_HIDE_SENSITIVE_DATA); staff enrol their own device on their account page."""
    device = TOTPDevice.objects.create(user=cast.clerk, name="身份验证器应用", confirmed=True)
    client = Client()
    client.force_login(cast.superuser)
    listing = client.get("/admin/otp_totp/totpdevice/").content.decode()
    page = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/").content.decode()
    for shown in (listing, page):
        assert device.key not in shown and device.bin_key.hex() not in shown
        assert f"/admin/otp_totp/totpdevice/{device.pk}/config/" not in shown
    assert client.get(f"/admin/otp_totp/totpdevice/{device.pk}/config/").status_code == 403
    assert client.get(f"/admin/otp_totp/totpdevice/{device.pk}/qrcode/").status_code == 403
