"""Published documents' rich text: only structural HTML survives, and plain text comes out of it."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.lib import richtext


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html)
    parser.close()
    return parser.found


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>财政预算</p>", "<p>财政预算</p>"),
        ('<p onclick="steal()">财政</p>', "<p>财政</p>"),
        ("<script>alert(1)</script><p>预算</p>", "<p>预算</p>"),
        ("<style>p{}</style>正文", "正文"),
        ('<a href="javascript:alert(1)">链接</a>', '<a rel="noopener noreferrer">链接</a>'),
        (
            '<a href="https://example.org/">链接</a>',
            '<a href="https://example.org/" rel="noopener noreferrer">链接</a>',
        ),
        ('<iframe src="https://x"></iframe>正文', "正文"),
        (
            '<table><tr><td colspan="2" style="color:red">格</td></tr></table>',
            '<table><tbody><tr><td colspan="2">格</td></tr></tbody></table>',
        ),
        ("<form><input name=x></form>文", "文"),
        ('<img src="x" onerror="alert(1)">', ""),
    ],
)
def test_only_structural_tags_and_safe_links_survive(dirty: str, clean: str) -> None:
    assert richtext.sanitise(dirty) == clean


@pytest.mark.parametrize(
    ("html", "active"),
    [
        ("<p>正文</p>", False),
        ("<SCRIPT>x</SCRIPT>", True),
        ("< iframe src=x>", True),
        ('<p onmouseover="x">', True),
        ('<a href="JavaScript:x">', True),
        ("<p>讨论 javascript 的文章</p>", False),
    ],
)
def test_active_content_is_recognised(html: str, active: bool) -> None:
    assert richtext.has_active_content(html) is active


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>第一段</p><p>第二段</p>", "第一段\n第二段"),
        ("一行<br>二行<br/>三行", "一行\n二行\n三行"),
        ("<p>  多余   空格 </p>", "多余 空格"),
        ("<p>&lt;附件&gt; &amp; 说明</p>", "<附件> & 说明"),
        ("<table><tr><td>甲</td><td>乙</td></tr><tr><td>丙</td></tr></table>", "甲乙\n丙"),
        ("", ""),
    ],
)
def test_plain_text_keeps_the_lines_and_decodes_entities(html: str, text: str) -> None:
    assert richtext.to_text(html) == text


HTML_PIECES = st.lists(
    st.sampled_from(
        [
            "<p>", "</p>", "<script>", "</script>", "<a href='javascript:x'>", "<a href='https://x'>", "</a>",
            "<img src=x onerror=y>", "<td rowspan=2 onclick=z>", "<style>", "<svg onload=x>", "<!--", "-->",
            "正文", "&lt;", "&amp;", "\"", "'", "<", ">",
        ]
    )
    | st.text(max_size=5)
)  # fmt: skip


@given(HTML_PIECES)
def test_whatever_arrives_only_allowed_tags_and_attributes_come_out(pieces: list[str]) -> None:
    clean = richtext.sanitise("".join(pieces))
    for tag, attributes in tags(clean):
        assert tag in richtext.ALLOWED_TAGS
        assert set(attributes) <= richtext.ALLOWED_ATTRIBUTES.get(tag, set()) | {"rel"}
        assert not (attributes.get("href") or "").lower().startswith("javascript")
    assert not richtext.has_active_content(clean)
    assert richtext.sanitise(clean) == clean
    assert isinstance(richtext.to_text(clean), str)
