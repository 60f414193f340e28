"""ZIP members come out safely: no path escapes the job's directory, limits hold, ZIP bombs are refused."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from gongkai.oversight import collect
from gongkai.oversight.collect import Collector, Refused, is_report_name, is_safe_name


def make_zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    buffer.seek(0)
    return buffer


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("报告/2023.pdf", True),
        ("a/b/c.txt", True),
        ("../escape.txt", False),
        ("a/../../escape.txt", False),
        ("/etc/passwd", False),
        ("\\windows\\x.txt", False),
        ("C:/x.txt", False),
        ("", False),
    ],
)
def test_unsafe_member_names_are_recognised(name: str, safe: bool) -> None:
    assert is_safe_name(name) is safe


@pytest.mark.parametrize(
    ("name", "wanted"),
    [
        ("a/report.PDF", True),
        ("a/report.docx", True),
        ("a/report.md", True),
        ("a/README.md", False),
        ("a/x.expected.json", False),
        ("a/photo.png", False),
        ("__MACOSX/a/report.pdf", False),
        ("a/.hidden.txt", False),
    ],
)
def test_only_files_gongkai_audit_reads_are_kept(name: str, wanted: bool) -> None:
    assert is_report_name(name) is wanted


def test_traversal_members_are_skipped_and_nothing_is_written_outside(tmp_path: Path) -> None:
    target = tmp_path / "job"
    collector = Collector(target)
    collector.add_zip(
        "upload.zip",
        make_zip({"../../evil.txt": b"x", "/abs.txt": b"y", "ok/报告.txt": b"z", "ok/pic.png": b"p"}),
    )
    assert [name for name, _path, _size in collector.result.files] == ["ok/报告.txt"]
    assert {item["name"] for item in collector.result.skipped} == {"../../evil.txt", "/abs.txt", "ok/pic.png"}
    assert sorted(path.name for path in tmp_path.rglob("*") if path.is_file()) == ["0001.txt"]
    assert (target / "0001.txt").read_bytes() == b"z"


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    bomb = make_zip({"bomb.txt": b"\0" * (20 * 1024 * 1024)})
    with pytest.raises(Refused, match="ZIP 炸弹"):
        Collector(tmp_path).add_zip("bomb.zip", bomb)
    assert not any(tmp_path.rglob("*.txt"))


def test_a_member_larger_than_the_limit_is_skipped_by_its_real_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(collect, "MAX_MEMBER_BYTES", 1000)
    collector = Collector(tmp_path)
    collector.add_zip(
        "big.zip", make_zip({"big.txt": b"1234567890" * 200, "small.txt": b"ok"}, zipfile.ZIP_STORED)
    )
    assert [name for name, _p, _s in collector.result.files] == ["small.txt"]
    assert collector.result.skipped[0]["name"] == "big.txt"
    assert not (tmp_path / "0001.txt").exists() or (tmp_path / "0001.txt").read_bytes() == b"ok"


def test_too_many_files_refuse_the_upload(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(collect, "MAX_FILES", 3)
    with pytest.raises(Refused, match="超过 3 个"):
        Collector(tmp_path).add_zip("many.zip", make_zip({f"{i}.txt": b"x" for i in range(5)}))


def test_a_damaged_zip_is_refused(tmp_path: Path) -> None:
    with pytest.raises(Refused, match="不是可读取的 ZIP"):
        Collector(tmp_path).add_zip("bad.zip", io.BytesIO(b"PK\x03\x04 not really"))


def damaged(changes: dict[int, int]) -> io.BytesIO:
    """A one-report ZIP with bytes of its central directory entry changed (offset: value)."""
    data = bytearray(make_zip({"报告.txt": "二〇二三年政府信息公开工作年度报告".encode() * 50}).getvalue())
    entry = data.index(b"PK\x01\x02")
    for offset, value in changes.items():
        data[entry + offset] = value
    return io.BytesIO(bytes(data))


# Found by benchmarks/fuzz.py: a member name flagged UTF-8 (bit 11 of the flags, byte 9 of the entry) that
# is not UTF-8 (the name starts at byte 46), and an unknown "version needed to extract" (byte 6), made the
# reader raise errors other than BadZipFile.
@pytest.mark.parametrize("changes", [{9: 0x08, 46: 0xFF}, {6: 99}], ids=["name-not-utf8", "unknown-version"])
def test_a_zip_the_reader_chokes_on_is_refused(tmp_path: Path, changes: dict[int, int]) -> None:
    with pytest.raises(Refused, match="不是可读取的 ZIP"):
        Collector(tmp_path).add_zip("bad.zip", damaged(changes))


def test_a_member_with_corrupt_compressed_data_is_skipped(tmp_path: Path) -> None:
    data = bytearray(make_zip({"报告.txt": "二〇二三年政府信息公开工作年度报告".encode() * 50}).getvalue())
    start = data.index(b"PK\x03\x04") + 30 + len("报告.txt".encode())
    data[start : start + 8] = b"\xff" * 8  # the deflate stream itself
    collector = Collector(tmp_path)
    collector.add_zip("damaged.zip", io.BytesIO(bytes(data)))
    assert collector.result.files == []
    [skipped] = collector.result.skipped
    assert skipped["name"] == "报告.txt" and "损坏（zlib）" in skipped["reason"]


def test_gbk_names_from_chinese_windows_tools_are_read(tmp_path: Path) -> None:
    gbk = "报告.txt".encode("gbk")  # as long as "abcd.txt": the headers are rewritten in place
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("abcd.txt"), b"data")
    raw = bytearray(buffer.getvalue()).replace(b"abcd.txt", gbk)
    collector = Collector(tmp_path)
    collector.add_zip("gbk.zip", io.BytesIO(bytes(raw)))
    assert [name for name, _p, _s in collector.result.files] == ["报告.txt"]
