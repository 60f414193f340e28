"""The cast shared by the tests: an agency tree and one user per role.

浙江省 → 嘉兴市 → 秀洲区 (oversight) → 经信商务局 (clerk, approver, agency admin, secrecy reviewer),
                                        住建局 (clerk)
                 → 南湖区 → 南湖区住建局
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model

from gongkai.agencies.models import Agency, Membership

PASSWORD = "correct-horse-battery-staple"


@dataclass
class Cast:
    province: Agency
    city: Agency
    district: Agency
    agency: Agency  # 秀洲区经济信息商务局, where most of the action is
    other_agency: Agency  # 秀洲区住房和城乡建设局, a sibling
    outside_district: Agency  # 南湖区, not below 秀洲区
    outside_agency: Agency  # 南湖区住房和城乡建设局
    clerk: Any
    approver: Any
    agency_admin: Any
    oversight: Any
    other_clerk: Any
    outsider: Any  # a signed-in user with no role at all
    superuser: Any
    secrecy_reviewer: Any  # assigned to the 保密审查 before publication (条例第十七条)


def make_user(username: str, agency: Agency | None = None, role: str | None = None, **extra: Any) -> Any:
    user = get_user_model().objects.create_user(username, f"{username}@example.org", PASSWORD, **extra)
    if agency is not None and role is not None:
        Membership.objects.create(user=user, agency=agency, role=role)
    return user


def make_cast() -> Cast:
    level = Agency.Level
    province = Agency.objects.create(
        name="浙江省人民政府", short_name="浙江省", level=level.PROVINCE, may_make_rules=True
    )
    city = Agency.objects.create(
        name="嘉兴市人民政府", short_name="嘉兴市", level=level.CITY, parent=province
    )
    district = Agency.objects.create(
        name="嘉兴市秀洲区人民政府", short_name="秀洲区", level=level.DISTRICT, parent=city
    )
    agency = Agency.objects.create(name="秀洲区经济信息商务局", level=level.DEPARTMENT, parent=district)
    other_agency = Agency.objects.create(
        name="秀洲区住房和城乡建设局", level=level.DEPARTMENT, parent=district
    )
    outside_district = Agency.objects.create(name="嘉兴市南湖区人民政府", level=level.DISTRICT, parent=city)
    outside_agency = Agency.objects.create(
        name="南湖区住房和城乡建设局", level=level.DEPARTMENT, parent=outside_district
    )
    role = Membership.Role
    return Cast(
        province=province,
        city=city,
        district=district,
        agency=agency,
        other_agency=other_agency,
        outside_district=outside_district,
        outside_agency=outside_agency,
        clerk=make_user("clerk", agency, role.CLERK),
        approver=make_user("approver", agency, role.APPROVER),
        agency_admin=make_user("agency_admin", agency, role.AGENCY_ADMIN, is_staff=True),
        oversight=make_user("oversight", district, role.OVERSIGHT),
        other_clerk=make_user("other_clerk", other_agency, role.CLERK),
        outsider=make_user("outsider"),
        superuser=get_user_model().objects.create_superuser("root", "root@example.org", PASSWORD),
        secrecy_reviewer=make_user("secrecy_reviewer", agency, role.SECRECY_REVIEWER),
    )


def sign_in_page(page: Any, base: str, username: str, code: str = "", password: str = PASSWORD) -> None:
    """Sign in through the form in a browser page (``code``: the two-factor code, if any; ``password``: the
    cast's unless given), and wait for the page that answers."""
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    if code:
        page.fill("#id_otp_token", code)
    with page.expect_navigation():
        page.click("main form button[type=submit]")


def page_of(response: Any) -> Any:
    """A response's HTML, parsed (BeautifulSoup), to read it as a browser shows it."""
    from bs4 import BeautifulSoup

    return BeautifulSoup(response.content, "html.parser")


def one(page: Any, selector: str) -> Any:
    """The element ``selector`` finds in ``page`` (a parsed page or element); fails the test if none."""
    found = page.select_one(selector)
    assert found is not None, f"nothing matches {selector!r}"
    return found


def apply_online(client: Any, agency_pk: int, fields: dict[str, Any], **extra: Any) -> Any:
    """Apply through the online form's steps as a browser does (``applications.apply_steps``): each step
    posts its own fields, the check page the attachments (``fields["attachments"]``, optional). Returns the
    first response that is not the move to the next step — a refused step's page, or the submission's
    answer (a redirect to the tracking page, or the rate-limit page). ``extra`` goes with every request
    (e.g. ``REMOTE_ADDR``)."""
    from gongkai.applications import apply_steps

    base = f"/agencies/{agency_pk}/apply/"
    for step in apply_steps.STEPS:
        data = {name: fields[name] for name in step.fields if name in fields}
        response = client.post(f"{base}{step.slug}/", data, **extra)
        following = f"{base}{apply_steps.following(step.slug)}/"
        if response.status_code != 302 or response["Location"] != following:
            return response
    files = {"attachments": fields["attachments"]} if "attachments" in fields else {}
    return client.post(f"{base}{apply_steps.CHECK}/", files, **extra)
