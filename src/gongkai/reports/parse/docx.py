"""Word documents (.docx) through python-docx, and legacy .doc through LibreOffice where installed."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from gongkai.reports.parse.base import CannotRead, Document, Line

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _paragraph_text(element: object) -> str:
    return "".join(node.text or "" for node in element.iter(f"{W}t"))  # type: ignore[attr-defined]


def read(data: bytes) -> Document:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise CannotRead(f"不是可读取的Word（.docx）文件（{type(exc).__name__}）") from exc
    except Exception as exc:
        raise CannotRead(f"Word文件已损坏（{type(exc).__name__}）") from exc
    lines: list[Line] = []
    prose: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag == f"{W}p":
            text = _paragraph_text(child).strip()
            if text:
                prose.append(text)
                lines.append(Line(text.split()))
        elif child.tag == f"{W}tbl":
            for tr in child.iter(f"{W}tr"):
                cells = []
                spans = []
                for tc in tr.iterchildren(f"{W}tc"):
                    merge = tc.find(f"{W}tcPr/{W}vMerge")
                    # A continued vertical merge is covered by the cell above: not a printed cell.
                    if merge is not None and merge.get(f"{W}val", "continue") == "continue":
                        continue
                    paragraphs = [_paragraph_text(p) for p in tc.iter(f"{W}p")]
                    cells.append("".join(part.strip() for part in paragraphs))
                    # A cell merged across columns (gridSpan), like an HTML colspan.
                    span = tc.find(f"{W}tcPr/{W}gridSpan")
                    value = span.get(f"{W}val", "1") if span is not None else "1"
                    spans.append(min(int(value), 50) if value.isdigit() and int(value) > 0 else 1)
                lines.append(Line(cells, spans=spans))
                prose.append(" ".join(cells))
    return Document(text="\n".join(prose), lines=lines, layout="docx", blanks_kept=True)


SOFFICE_MISSING = (
    "无法读取 .doc 文件：本机未安装 LibreOffice（soffice），请将文件另存为 .docx 后再审核 / "
    "cannot read .doc: LibreOffice (soffice) is not installed; save the file as .docx and audit it again"
)


def read_legacy(data: bytes) -> Document:
    """A legacy .doc converted to .docx by LibreOffice headless; a clear message where it is missing."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise CannotRead(SOFFICE_MISSING)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "report.doc"
        source.write_bytes(data)
        try:
            subprocess.run(
                [soffice, "--headless", "--convert-to", "docx", "--outdir", folder, str(source)],
                check=True,
                capture_output=True,
                timeout=120,
            )
        except (subprocess.SubprocessError, OSError) as exc:
            raise CannotRead(f"LibreOffice 无法转换该 .doc 文件（{type(exc).__name__}）") from exc
        converted = Path(folder) / "report.docx"
        if not converted.exists():
            raise CannotRead("LibreOffice 未能将该 .doc 文件转换为 .docx")
        document = read(converted.read_bytes())
    document.layout = "doc"
    return document
