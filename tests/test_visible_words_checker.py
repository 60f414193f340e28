"""The checks of ``visible_words`` catch what issue 13 found on the pages, and let Chinese pages be.

Each row is a page fragment and what the checker must say about it (``None``: nothing).
"""

from __future__ import annotations

import pytest

from visible_words import Checker, english_vocabulary, read_page

VOCABULARY = english_vocabulary(
    ["Email", "Save", "Delete", "gongkai", "audit", "partially granted", "Search", "Can add %(name)s"]
)
CHECKER = Checker(VOCABULARY, people=["jxsw_clerk"], translations=frozenset({"查询密钥"}))


def page(body: str, title: str = "申请 · 公开平台") -> str:
    return f"<html><head><title>{title}</title><style>.a_b {{}}</style></head><body>{body}</body></html>"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # What issue 13 saw (item 9) …
        (page("<dd>partially_granted 第三十七条</dd>"), "identifier 'partially_granted'"),
        (page("<td>other_other</td>"), "identifier 'other_other'"),
        (page("<h1>applications.new_received.total: 9</h1>"), "identifier 'applications.new_received.total'"),
        (page("<td>{'index_number': 'MB0000004/2019-00001'}</td>"), "a repr"),
        (page('<td>{"title": ["旧", "新"]}</td>'), "a repr"),
        (page("<ul class='errorlist'><li>输入一个有效的 Email 地址。</li></ul>"), "English 'Email'"),
        (page("<p>检索</p>", title="机关名录 · gongkai"), "the title ends in the code name"),
        (page("<p>按与“gongkai audit”相同的规则检查。</p>"), "English 'gongkai audit'"),
        (page('<input type="submit" value="Save">'), "English 'Save'"),
        (page('<img src="s.svg" alt="Search">'), "English 'Search'"),
        (page("<li>认证和授权 | 用户 | Can add user</li>"), "English 'Can add user'"),
        # … and the severity of a finding (item 8), in a class and in words.
        (
            page('<ul class="findings"><li class="warning"><strong>R4</strong> 不等</li></ul>'),
            "severity class",
        ),
        (
            page(
                '<ul class="findings"><li class="finding severity-error"><strong>R4</strong> 不等</li></ul>'
            ),
            "without its severity in words",
        ),
        # What is allowed: Chinese, usernames, code marked as code, files, addresses, acronyms, scripts.
        (
            page(
                '<ul class="findings"><li class="finding severity-error"><span>错误</span> R4 不等</li></ul>'
            ),
            None,
        ),
        (page("<p>（二）部分公开 第三十七条</p><button>退出（jxsw_clerk）</button>"), None),
        (page("<p>格式 <code>gongkai.annual-report/1</code>，主题 <code>annual_report</code></p>"), None),
        (page("<p>附件 办法_2019.pdf，发送至 zhang_ming@example.org，见 https://example.org/a_b</p>"), None),
        (page("<p>下载 PDF、JSON、Word 或 Excel；统一社会信用代码（USCC）</p>"), None),
        (page("<script>var a_b = {'x': 1};</script><p>首页</p>"), None),
    ],
)
def test_the_checker_finds_internal_words_on_a_chinese_page(html: str, expected: str | None) -> None:
    problems = [str(problem) for problem in CHECKER.problems(read_page(html), "zh-hans")]
    if expected is None:
        assert problems == []
    else:
        assert any(expected in problem for problem in problems), problems


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (page("<label for='s'>查询密钥:</label>"), "a Chinese translation in the English interface"),
        (page("<label for='s'>Query key:</label><p>秀洲区经济信息商务局</p>"), None),
    ],
)
def test_the_checker_finds_chinese_translations_naming_controls_on_an_english_page(
    html: str, expected: str | None
) -> None:
    problems = [str(problem) for problem in CHECKER.problems(read_page(html), "en")]
    if expected is None:
        assert problems == []
    else:
        assert any(expected in problem for problem in problems), problems
