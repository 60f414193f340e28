"""Report files out of an upload: plain files as they are, ZIP archives member by member — safely.

No member's name ever becomes a path: each file is stored as ``<position><suffix>`` in the job's directory,
so ``../`` or absolute names cannot escape it (they are refused all the same, with a reason). Limits bound
what an upload may cost: members per upload, bytes per member (the audit's own limit) and in all, and the
compression ratio, so that a ZIP bomb is refused before it fills the disk. No Django request here.
"""

from __future__ import annotations

import stat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

from django.utils.translation import gettext as _

from gongkai.lib.filetypes import DAMAGED_ZIP
from gongkai.reports.auditing import MAX_BYTES, REPORT_SUFFIXES

MAX_FILES = 500
MAX_MEMBER_BYTES = MAX_BYTES
MAX_TOTAL_BYTES = 500 * 1024 * 1024
# Reports compress perhaps 10:1 (text) at most; a member claiming more than this is not a report.
MAX_RATIO = 200
CHUNK = 1024 * 1024


class Refused(Exception):
    """The whole upload is refused (a ZIP bomb, too many files, not a ZIP at all)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class Collected:
    """What an upload held: the report files stored (name as uploaded, path, size) and what was skipped."""

    files: list[tuple[str, Path, int]] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)
    total_bytes: int = 0

    def skip(self, name: str, reason: str) -> None:
        self.skipped.append({"name": name, "reason": reason})


def is_report_name(name: str) -> bool:
    """Whether ``gongkai audit`` would look at a file of this name in a directory."""
    path = PurePosixPath(name)
    lower = path.name.lower()
    return (
        path.suffix.lower() in REPORT_SUFFIXES
        and not lower.startswith(("readme", "."))
        and not lower.endswith(".expected.json")
        and "__MACOSX" not in path.parts
    )


def is_safe_name(name: str) -> bool:
    """A relative name without ``..``, drive letters or a leading slash."""
    if not name or name.startswith(("/", "\\")) or "\x00" in name:
        return False
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return not any(part == ".." or part.endswith(":") for part in parts)


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name; Chinese Windows tools write GBK without the UTF-8 flag, which Python reads as
    CP437."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


class Collector:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.result = Collected()

    def _target(self, name: str) -> Path:
        if len(self.result.files) >= MAX_FILES:
            raise Refused(_("The upload holds more than {limit} report files.").format(limit=MAX_FILES))
        self.directory.mkdir(parents=True, exist_ok=True)
        suffix = PurePosixPath(name).suffix.lower()
        return self.directory / f"{len(self.result.files) + 1:04d}{suffix}"

    def _write(self, name: str, chunks: Iterator[bytes]) -> None:
        target = self._target(name)
        size = 0
        try:
            with target.open("wb") as out:
                for chunk in chunks:
                    size += len(chunk)
                    self.result.total_bytes += len(chunk)
                    if size > MAX_MEMBER_BYTES:
                        raise _TooLarge
                    if self.result.total_bytes > MAX_TOTAL_BYTES:
                        raise Refused(
                            _("The upload unpacks to more than {limit} MB.").format(
                                limit=MAX_TOTAL_BYTES // 1024 // 1024
                            )
                        )
                    out.write(chunk)
        except _TooLarge:
            target.unlink(missing_ok=True)
            self.result.total_bytes -= size
            self.result.skip(name, _("larger than {limit} MB").format(limit=MAX_MEMBER_BYTES // 1024 // 1024))
            return
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        self.result.files.append((name, target, size))

    def add_file(self, name: str, stream: IO[bytes]) -> None:
        """One uploaded file: a ZIP is opened, a report file kept, anything else skipped."""
        if name.lower().endswith(".zip"):
            self.add_zip(name, stream)
        elif is_report_name(name):
            self._write(name, iter(lambda: stream.read(CHUNK), b""))
        else:
            self.result.skip(name, _("not a report file (PDF, Word, Excel, HTML, text, Markdown or JSON)"))

    def add_zip(self, name: str, stream: IO[bytes]) -> None:
        try:
            archive = zipfile.ZipFile(stream)
        except (*DAMAGED_ZIP, OSError, EOFError) as exc:
            raise Refused(_("“{name}” is not a readable ZIP file.").format(name=name)) from exc
        with archive:
            infos = [info for info in archive.infolist() if not info.is_dir()]
            declared = sum(info.file_size for info in infos)
            if declared > MAX_TOTAL_BYTES:
                raise Refused(
                    _("The upload unpacks to more than {limit} MB.").format(
                        limit=MAX_TOTAL_BYTES // 1024 // 1024
                    )
                )
            for info in infos:
                if (
                    info.compress_size
                    and info.file_size > CHUNK
                    and info.file_size / info.compress_size > MAX_RATIO
                ):
                    raise Refused(_("“{name}” looks like a ZIP bomb and is refused.").format(name=name))
            for info in infos:
                inner = member_name(info)
                if not is_safe_name(inner):
                    self.result.skip(inner, _("unsafe name inside the ZIP"))
                elif stat.S_ISLNK(info.external_attr >> 16):
                    self.result.skip(inner, _("symbolic link"))
                elif info.flag_bits & 0x1:
                    self.result.skip(inner, _("encrypted"))
                elif inner.lower().endswith(".zip"):
                    self.result.skip(inner, _("ZIP inside a ZIP"))
                elif not is_report_name(inner):
                    if not PurePosixPath(inner).name.startswith("."):
                        self.result.skip(
                            inner, _("not a report file (PDF, Word, Excel, HTML, text, Markdown or JSON)")
                        )
                else:
                    # Sizes are counted as the bytes come out, not trusted from the member's header.
                    try:
                        with archive.open(info) as member:
                            self._write(inner, iter(lambda: member.read(CHUNK), b""))
                    except (*DAMAGED_ZIP, OSError, EOFError, zlib.error) as exc:
                        error = "zlib" if isinstance(exc, zlib.error) else type(exc).__name__
                        self.result.skip(inner, _("damaged inside the ZIP ({error})").format(error=error))


class _TooLarge(Exception):
    pass
