"""Scanned reports: pictures of pages (image-only PDFs, PNG/JPG/TIFF) read through OCR.

The engine is Debian's Tesseract with its Simplified Chinese model (``tesseract-ocr``,
``tesseract-ocr-chi-sim``, installed by ``scripts/setup.sh``): it runs offline, is maintained and packaged
by the distribution, and needs no Python wheel (it is driven as a program through its TSV output).
RapidOCR on ONNX Runtime, the other offline engine, was measured on the same pages: 4–7 s a page on this
2-core machine against Tesseract's 1.5–2, and ~500 MB of wheels (OpenCV, ONNX Runtime, NumPy) in the lock.

OCR output is what a text layer gives: words with their boxes (:func:`pdf_words`, :func:`image_words`), or
page text with one printed line per line and a table row's cells separated by whitespace (:func:`pdf_pages`,
:func:`image_pages`), so that the reader's alignment and number stages apply unchanged. Table
rulings are erased before recognition: a ruling that touches a digit is otherwise read as ``1`` or ``|``.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from gongkai.reports.parse.base import CannotRead, Document, Line

if TYPE_CHECKING:
    from PIL import Image

# Resolution pages of a PDF are rendered at. Measured on the sample PDFs as scans (benchmarks/ocr.py): 150,
# 200 and 300 dpi found 47%, 63% and 88% of the tables' numbers, at 1.1, 1.2 and 1.5 CPU seconds a page;
# with the second, digits-only reading 89% at 1.7 CPU seconds (≈ 1.1 pages/s on an idle 2-core machine).
# Then 2.1 → 1.65 CPU seconds a page with the same 89% (benchmarks/ocr.py on the same loaded machine): each
# core's pages in one Tesseract run per model, pictures passed as BMP, rulings found with bytes.find.
DPI = 300
LANGUAGE = "chi_sim"
# One page's recognition; a page that takes longer is not a report page (or the machine is overloaded).
PAGE_TIMEOUT = 60
MAX_PAGES = 60
INSTALL_HINT = (
    "未安装文字识别（OCR）组件：请安装 Debian 软件包 tesseract-ocr 和 tesseract-ocr-chi-sim"
    "（运行 scripts/setup.sh 或 apt-get install tesseract-ocr tesseract-ocr-chi-sim）"
)
IMAGE_SIGNATURES = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",  # JPEG
    b"II*\x00",  # TIFF, little-endian
    b"MM\x00*",  # TIFF, big-endian
    b"BM",  # BMP
)


def is_image(data: bytes) -> bool:
    """Whether ``data`` is a picture (PNG, JPEG, TIFF, BMP, WebP)."""
    return data.startswith(IMAGE_SIGNATURES) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")


def tesseract() -> str:
    """The Tesseract program with the Chinese model, or :class:`CannotRead` saying what to install."""
    program = shutil.which("tesseract")
    if program is None:
        raise CannotRead(INSTALL_HINT)
    try:
        languages = subprocess.run(
            [program, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        ).stdout.split()
    except (OSError, subprocess.SubprocessError) as exc:
        raise CannotRead(INSTALL_HINT) from exc
    if LANGUAGE not in languages:
        raise CannotRead(INSTALL_HINT)
    return program


def available() -> bool:
    try:
        tesseract()
    except CannotRead:
        return False
    return True


@dataclass(frozen=True)
class Word:
    """One recognised word with its box in pixels; ``line`` identifies the printed line on its page."""

    text: str
    left: int
    top: int
    width: int
    height: int
    line: tuple[int, int, int]


def erase_rulings(image: Image.Image) -> Image.Image:
    """``image`` (greyscale) with the long horizontal and vertical strokes of table rulings painted white."""
    from PIL import Image, ImageDraw

    binary = image.point(lambda value: 0 if value < 160 else 255)
    width, height = binary.size
    draw = ImageDraw.Draw(image)
    # A ruling is a dark run longer than any character: 1/40 of the page's width (a sixth of an inch on A4).
    run = max(30, width // 40)
    for y, start, end in dark_runs(binary.tobytes(), width, run):
        draw.line([(start, y), (end - 1, y)], fill=255, width=3)
    for x, start, end in dark_runs(binary.transpose(Image.Transpose.TRANSPOSE).tobytes(), height, run):
        draw.line([(x, start), (x, end - 1)], fill=255, width=3)
    return image


DARK = re.compile(rb"\x00+")


def dark_runs(pixels: bytes, width: int, run: int) -> Iterator[tuple[int, int, int]]:
    """Each maximal run of at least ``run`` zero bytes within a row of ``width`` as ``(row, start, end)``.

    ``bytes.find`` of the run's needle skips the page's text at C speed (a scan of each row with a regular
    expression cost a tenth of a second a page); a hit is then grown to the run's end."""
    needle = b"\x00" * run
    position = pixels.find(needle)
    while position != -1:
        row, start = divmod(position, width)
        row_end = (row + 1) * width
        if start + run > width:  # the needle spans two rows: search again from the next row
            position = pixels.find(needle, row_end)
            continue
        grown = DARK.match(pixels, position, row_end)
        end = grown.end() if grown else position + run
        yield row, start, end - row * width
        position = pixels.find(needle, end)


def run_tesseract(image: Image.Image, *options: str) -> list[Word]:
    """Tesseract's words on ``image`` (TSV output), with ``options`` such as the language and page mode."""
    return run_tesseract_pictures([image], *options)[0]


def run_tesseract_pictures(images: Sequence[Image.Image], *options: str) -> list[list[Word]]:
    """Tesseract's words on each of ``images`` in one run: the model is loaded once for all of them (a
    sixth of a second each time for the Chinese one)."""
    with tempfile.TemporaryDirectory(prefix="gongkai-ocr-") as folder:
        names = []
        for number, image in enumerate(images):
            # Uncompressed: a PNG of a page costs more to write and to read than it saves.
            name = os.path.join(folder, f"{number}.bmp")
            image.save(name, format="BMP")
            names.append(name)
        listing = os.path.join(folder, "pictures.txt")
        with open(listing, "w", encoding="utf-8") as out:
            out.write("\n".join(names) + "\n")
        # One OpenMP thread: Tesseract's threads fight over a small machine's cores and run 3× slower.
        environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        timeout = PAGE_TIMEOUT * len(images)
        try:
            completed = subprocess.run(
                [tesseract(), listing, "stdout", *options, "-c", "tessedit_do_invert=0", "tsv"],
                capture_output=True,
                timeout=timeout,
                env=environment,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise CannotRead(f"文字识别（OCR）超过{timeout}秒仍未完成") from exc
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise CannotRead(f"文字识别（OCR）失败（{message[0]}）")
    pages: list[list[Word]] = [[] for _ in images]
    for page, word in tsv_words(completed.stdout.decode("utf-8", "replace")):
        if 0 < page <= len(pages):
            pages[page - 1].append(word)
    return pages


def recognise(image: Image.Image) -> list[Word]:
    """The words on one page picture (a Pillow image): the page read with the Chinese model, then the
    table's number cells read again with the digits alone (the Chinese model reads ``95`` as ``9D``)."""
    return recognise_pages([image])[0]


def recognise_pages(images: Sequence[Image.Image]) -> list[list[Word]]:
    """The words on each page picture, as :func:`recognise` reads one, the cores sharing the work.

    The pages are shared out to the cores by how much ink they hold (what recognition costs), and each
    core reads its pages in one run of Tesseract for the Chinese reading and one for the digits: each model
    is loaded once a run, not once a page. (Pages are not cut in smaller pieces to share them more evenly:
    Tesseract thresholds each picture by its own histogram, and a half page read 3% fewer numbers.)"""
    pages = [erase_rulings(image.convert("L")) for image in images]
    workers = max(1, min(os.cpu_count() or 1, len(pages)))
    groups: list[list[int]] = [[] for _ in range(workers)]
    loads = [0] * workers
    inks = [ink(page) for page in pages]
    for index in sorted(range(len(pages)), key=lambda i: -inks[i]):
        lightest = loads.index(min(loads))
        groups[lightest].append(index)
        loads[lightest] += inks[index]
    words: list[list[Word]] = [[] for _ in pages]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        readings = pool.map(read_pages, [[pages[i] for i in group] for group in groups])
        for group, found in zip(groups, readings, strict=True):
            for index, page_words in zip(group, found, strict=True):
                words[index] = page_words
    return words


def ink(page: Image.Image) -> int:
    """How many dark pixels ``page`` has: what its recognition costs, near enough."""
    return sum(page.histogram()[:160])


def read_pages(pages: Sequence[Image.Image]) -> list[list[Word]]:
    if not pages:
        return []
    return reread_all(pages, run_tesseract_pictures(pages, "-l", LANGUAGE, "--psm", "6"))


CJK = re.compile(r"[\u3400-\u9fff]")


def number_like(word: Word, first_in_line: bool) -> bool:
    """A word that stands where a table prints a number but did not read as one: not a row's label (the
    line's first word), at most one Chinese character (a misread digit), a digit or a digit's look-alike
    in it. A word that reads as a number already is kept: the second reading is no better on those."""
    if first_in_line or len(word.text) > 8 or len(CJK.findall(word.text)) > 1:
        return False
    if re.fullmatch(r"\d+(\.\d+)?|\d{1,2}[.、．]", number_cell(word.text)):
        return False  # a number already, or an item's number (1. 2、) in a row's label
    return bool(re.search(r"[0-9!lIOo\]\[|工”“D]", word.text))


def reread_numbers(page: Image.Image, words: list[Word]) -> list[Word]:
    """``words`` with each number-like word replaced by what the digits-only reading of its box gives."""
    return reread_all([page], [words])[0]


def reread_all(pages: Sequence[Image.Image], words: Sequence[list[Word]]) -> list[list[Word]]:
    """Each page's ``words`` with each number-like word replaced by what the digits-only reading of its
    box gives.

    A page's boxes are pasted one under another on one picture, and the pictures of all ``pages`` are read
    in one run of Tesseract; a box the second reading finds nothing in keeps the first reading."""
    sheets = [number_sheet(page, page_words) for page, page_words in zip(pages, words, strict=True)]
    wanted = [sheet for sheet in sheets if sheet is not None]
    if not wanted:
        return list(words)
    found = iter(
        run_tesseract_pictures(
            [sheet[0] for sheet in wanted],
            *("-l", "eng", "--psm", "6", "-c", "tessedit_char_whitelist=0123456789."),
        )
    )
    reread = []
    for page_words, sheet in zip(words, sheets, strict=True):
        if sheet is None:
            reread.append(page_words)
            continue
        _picture, targets, spans = sheet
        boxes: dict[int, list[Word]] = {}
        for word in next(found):
            middle = word.top + word.height / 2
            for index, (top, bottom) in enumerate(spans):
                if top <= middle <= bottom:
                    boxes.setdefault(index, []).append(word)
        changed = list(page_words)
        for index, target in enumerate(targets):
            if index in boxes:
                text = "".join(w.text for w in sorted(boxes[index], key=lambda w: w.left))
                changed[target] = replace(page_words[target], text=text)
        reread.append(changed)
    return reread


def number_sheet(
    page: Image.Image, words: list[Word]
) -> tuple[Image.Image, list[int], list[tuple[int, int]]] | None:
    """The boxes of ``words`` that are number-like pasted one under another: (picture, the words' indexes,
    each box's rows on the picture); ``None`` when there are none."""
    from PIL import Image

    first: dict[tuple[int, int, int], int] = {}
    for word in words:
        first[word.line] = min(first.get(word.line, word.left), word.left)
    targets = [i for i, w in enumerate(words) if number_like(w, w.left == first[w.line])]
    if not targets:
        return None
    pad, gap = 6, 30
    boxes = [
        page.crop((w.left - pad, w.top - pad, w.left + w.width + pad, w.top + w.height + pad))
        for w in (words[i] for i in targets)
    ]
    sheet = Image.new(
        "L", (max(b.width for b in boxes) + 2 * gap, sum(b.height + gap for b in boxes) + gap), 255
    )
    spans = []
    y = gap
    for box in boxes:
        sheet.paste(box, (gap, y))
        spans.append((y, y + box.height))
        y += box.height + gap
    return sheet, targets, spans


def tsv_words(tsv: str) -> Iterator[tuple[int, Word]]:
    """Tesseract's TSV as (page number, 1-based; word)."""
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        yield (
            int(row["page_num"]),
            Word(
                text,
                int(row["left"]),
                int(row["top"]),
                int(row["width"]),
                int(row["height"]),
                (int(row["block_num"]), int(row["par_num"]), int(row["line_num"])),
            ),
        )


def page_text(words: Iterable[Word]) -> str:
    """Words as printed lines: within a line, words closer than a character's height belong to one cell
    (Chinese has no spaces between words); a wider gap separates cells."""
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word)
    printed = []
    for line in sorted(lines.values(), key=lambda ws: min(w.top for w in ws)):
        line.sort(key=lambda w: w.left)
        height = sorted(w.height for w in line)[len(line) // 2]
        parts = [line[0].text]
        for before, word in itertools.pairwise(line):
            gap = word.left - (before.left + before.width)
            parts.append((" " if gap > 0.8 * height else "") + word.text)
        printed.append(" ".join(number_cell(cell) for cell in "".join(parts).replace("|", " ").split()))
    return "\n".join(printed)


# Letters Tesseract reads for a digit in a table cell: ``3!`` is 31, ``O`` is 0.
DIGIT_LOOKALIKES = str.maketrans({"!": "1", "l": "1", "I": "1", "O": "0", "o": "0"})


def number_cell(cell: str) -> str:
    """``cell`` with digit look-alikes read as digits, when it is otherwise a number."""
    if re.fullmatch(r"[0-9!lIOo]+", cell) and re.search(r"[0-9]", cell):
        return cell.translate(DIGIT_LOOKALIKES)
    return cell


def document(pages: list[str], layout: str) -> Document:
    """Recognised pages as the reader's document (what :func:`.pdf.read` gives for a text layer)."""
    from gongkai.reports.parse.assemble import text_lines

    if not any(text.strip() for text in pages):
        if layout == "pdf-ocr":
            raise CannotRead(f"PDF共{len(pages)}页，均无文字层，文字识别（OCR）也未识别出文字，无法读取")
        raise CannotRead("图片中未识别出文字，无法读取")
    lines: list[Line] = []
    for number, text in enumerate(pages, start=1):
        for line in text_lines(text):
            line.page = number
            lines.append(line)
    return Document(
        text="\n".join(pages),
        lines=lines,
        layout=layout,
        notes=["本报告为扫描件，数字经文字识别（OCR）读出，请核对原件"],
    )


def read_image(data: bytes) -> Document:
    return document(image_pages(data), "image")


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page of an image-only PDF, read through OCR."""
    return [page_text(words) for words in pdf_words(data)]


def pdf_words(data: bytes) -> list[list[Word]]:
    """The words of each page of an image-only PDF with their boxes (pixels at :data:`DPI`)."""
    import pypdfium2

    tesseract()
    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise CannotRead(f"不是可读取的PDF文件（{exc}）") from exc
    try:
        if len(pdf) > MAX_PAGES:
            raise CannotRead(f"扫描件共{len(pdf)}页，超过文字识别的上限{MAX_PAGES}页")
        # PDFium renders in this thread (it is not thread-safe), in greyscale (what recognition reads); a
        # batch of pages at a time, so that only a batch of page pictures is held in memory.
        batch = 4 * (os.cpu_count() or 1)
        pages: list[list[Word]] = []
        for start in range(0, len(pdf), batch):
            pictures = [
                pdf[n].render(scale=DPI / 72, grayscale=True).to_pil()
                for n in range(start, min(start + batch, len(pdf)))
            ]
            pages += recognise_pages(pictures)
        return pages
    finally:
        pdf.close()


def image_pages(data: bytes) -> list[str]:
    """The text of a picture (each frame of a multi-page TIFF is a page), read through OCR."""
    return [page_text(words) for words in image_words(data)]


def image_words(data: bytes) -> list[list[Word]]:
    """The words of each frame of a picture with their boxes (pixels)."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    tesseract()
    try:
        picture = Image.open(io.BytesIO(data))
        frames = [frame.copy() for frame in itertools.islice(ImageSequence.Iterator(picture), MAX_PAGES)]
    except (UnidentifiedImageError, OSError) as exc:
        raise CannotRead(f"图片无法打开（{type(exc).__name__}）") from exc
    return recognise_pages(frames)
