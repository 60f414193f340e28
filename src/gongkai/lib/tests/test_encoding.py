"""Text files of unknown encoding are decoded; binary data is refused."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.lib.encoding import UndecodableText, decode_text

TEXT = "二〇二三年度政府信息公开工作年度报告\n一、总体情况：本年度收到申请 95 件。\n"
# Without a BOM, UTF-16 shows by its NUL bytes: text with enough ASCII in it (digits, table rules, spaces).
TABLE = "| 本年新收政府信息公开申请数量 | 95 | 0 | 0 | 0 | 0 | 0 | 95 |\n" * 3
WORDS = ["政府信息公开", "年度报告", "行政复议", "予以公开", "申请", "本机关不掌握", "，", "。", "\n"]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),  # with a BOM
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),  # GBK is a subset of GB18030
        (b"", "utf-8"),
    ],
)
def test_text_is_decoded_in_the_encoding_it_was_written_in(data: bytes, encoding: str) -> None:
    text, found = decode_text(data)
    assert found == encoding
    assert text == (TEXT if data else "")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_recognised_by_its_nul_bytes(encoding: str) -> None:
    assert decode_text(TABLE.encode(encoding)) == (TABLE, encoding)


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 4,
        b"\x01\x02\x03\x04\x05\x06\x07\x08" * 100,
        b"%PDF-1.7\n\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f" * 50,
    ],
)
def test_binary_data_is_refused(data: bytes) -> None:
    with pytest.raises(UndecodableText):
        decode_text(data)


@given(st.text(alphabet=st.characters(exclude_categories=["Cs", "Cc"])))
def test_any_text_written_as_utf8_reads_back_unchanged(text: str) -> None:
    assert decode_text(text.encode("utf-8")) == (text, "utf-8")


@given(st.lists(st.sampled_from(WORDS), min_size=1).map("".join), st.sampled_from(["gb18030", "gbk"]))
def test_chinese_text_written_as_gb18030_or_gbk_reads_back_unchanged(text: str, encoding: str) -> None:
    # (A text of nothing but 一 is also valid UTF-8 in GB18030 bytes; real reports have other characters.)
    assert decode_text(text.encode(encoding))[0] == text


@given(st.binary())
def test_any_bytes_are_text_or_refused(data: bytes) -> None:
    try:
        text, encoding = decode_text(data)
    except UndecodableText:
        return
    assert isinstance(text, str) and encoding
