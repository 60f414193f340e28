"""The 适老化 display modes (large text, high contrast): switched by a plain form POST, remembered in a cookie
without signing in, applied as classes on <html>; and the footer records a government site must show."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from gongkai.lib import display
from gongkai.testing import one, page_of

pytestmark = pytest.mark.django_db


# What a browser sends with a form's POST from a page of the site (the switch takes no other: gongkai.lib.edge).
SAME_SITE = {"origin": "http://testserver"}


def html_classes(client: Client, path: str = "/") -> list[str]:
    return one(page_of(client.get(path)), "html").get("class", [])


def test_a_reader_turns_large_text_on_and_off_without_signing_in() -> None:
    client = Client(headers=SAME_SITE)
    assert html_classes(client) == []
    response = client.post("/display/", {"mode": "large-text", "next": "/search/"})
    assert response.status_code == 302 and response["Location"] == "/search/"
    assert html_classes(client, "/search/") == ["large-text"]
    client.post("/display/", {"mode": "high-contrast", "next": "/"})
    assert html_classes(client) == ["large-text", "high-contrast"]
    client.post("/display/", {"mode": "large-text", "next": "/"})
    assert html_classes(client) == ["high-contrast"]


def test_the_switch_is_a_form_in_the_header_of_every_page() -> None:
    page = page_of(Client().get("/track/"))
    buttons = page.select("header form[action='/display/'] button[name=mode]")
    assert [button["value"] for button in buttons] == ["large-text", "high-contrast"]
    assert all(button["aria-pressed"] == "false" for button in buttons)


def test_the_switch_goes_back_only_to_a_page_of_this_site() -> None:
    response = Client(headers=SAME_SITE).post(
        "/display/", {"mode": "large-text", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


@pytest.mark.parametrize(
    "headers",
    [{}, {"origin": "https://evil.example"}, {"origin": "null"}, {"referer": "https://evil.example/page"}],
)
def test_the_switch_takes_no_post_from_another_site(headers: dict[str, str]) -> None:
    """It carries no CSRF token (the pages it is on are shared by every reader), so another site's form must
    not be able to switch a reader's display or language."""
    for path, data in (("/display/", {"mode": "large-text"}), ("/i18n/setlang/", {"language": "en"})):
        response = Client(headers=headers).post(path, {**data, "next": "/"})
        assert response.status_code == 403
        assert not response.cookies


def test_the_switch_takes_a_post_from_a_page_of_the_site_by_its_referer() -> None:
    client = Client(headers={"referer": "http://testserver/search/"})
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    assert client.cookies["django_language"].value == "en"


def test_the_switch_is_not_a_link() -> None:
    assert Client().get("/display/").status_code == 405


@pytest.mark.parametrize(
    ("cookie", "modes"),
    [
        ("", []),
        ("large-text", ["large-text"]),
        ("high-contrast.large-text", ["large-text", "high-contrast"]),
        ("large-text.<script>", ["large-text"]),
        ("dark", []),
    ],
)
def test_only_known_modes_come_out_of_the_cookie(cookie: str, modes: list[str]) -> None:
    assert display.modes({display.COOKIE: cookie}) == modes


@given(st.lists(st.sampled_from([*display.MODES, "unknown"])), st.sampled_from([*display.MODES, "unknown"]))
def test_switching_a_mode_twice_changes_nothing(current: list[str], mode: str) -> None:
    start = display.modes({display.COOKIE: ".".join(current)})
    assert display.toggled(display.toggled(start, mode), mode) == start


FOOTER = {
    "GONGKAI_SITE_SPONSOR": "嘉兴市秀洲区人民政府办公室",
    "GONGKAI_SITE_CODE": "3304110001",
    "GONGKAI_ICP_RECORD": "浙ICP备05012345号",
    "GONGKAI_PUBLIC_SECURITY_RECORD": "浙公网安备 33041102000123号",
    "GONGKAI_GOV_BADGE_IMAGE": "/static/gongkai/red.png",
    "GONGKAI_GOV_BADGE_URL": "https://bszs.conac.cn/sitename?method=show&id=0123456789ABCDEF",
}


def test_the_footer_shows_each_record_the_site_is_configured_with(settings: Any) -> None:
    for name, value in FOOTER.items():
        setattr(settings, name, value)
    footer = one(page_of(Client().get("/")), "footer.site-footer")
    text = " ".join(footer.get_text().split())
    assert "主办单位： 嘉兴市秀洲区人民政府办公室" in text
    assert "网站标识码： 3304110001" in text
    assert one(footer, "a[href='https://beian.miit.gov.cn/']").get_text() == "浙ICP备05012345号"
    assert "浙公网安备 33041102000123号" in text
    badge = one(footer, f"a[href='{FOOTER['GONGKAI_GOV_BADGE_URL']}'] img")
    assert badge["src"] == "/static/gongkai/red.png" and badge["alt"] == "党政机关网站标识"


def test_an_unconfigured_footer_shows_no_empty_records() -> None:
    footer = one(page_of(Client().get("/")), "footer.site-footer")
    assert footer.select("ul.site-records li") == [] and footer.select("img") == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_browser_switches_language_and_display_mode_from_a_page_without_a_token(
    live_server: Any, new_page: Any, serious_violations: Any
) -> None:
    """The forms carry no CSRF token (the page is the same for every reader); a real browser's POST carries
    the site's Origin, which the switches take."""
    page = new_page()
    page.goto(f"{live_server.url}/search/")
    assert page.locator("header input[name=csrfmiddlewaretoken]").count() == 0
    page.locator("header button[name=mode][value=large-text]").click()
    page.wait_for_url(f"{live_server.url}/search/")
    assert "large-text" in (page.locator("html").get_attribute("class") or "")
    page.select_option("#language", "en")
    page.locator("header form[action='/i18n/setlang/'] button[type=submit]").click()
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert page.url == f"{live_server.url}/search/"
    assert serious_violations(page) == []
