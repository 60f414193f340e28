"""Fuzzing (not a test): coverage-guided fuzzing of the code that reads untrusted input, with atheris.

    .venv/bin/pip install -e '.[fuzz]'                   # once: atheris is an optional extra
    .venv/bin/python benchmarks/fuzz.py                  # every target in turn, 120 s each
    .venv/bin/python benchmarks/fuzz.py --target report -- -max_total_time=3600 -max_len=65536
    .venv/bin/python benchmarks/fuzz.py --target lib -- -runs=100000
    .venv/bin/python benchmarks/fuzz.py --smoke          # without atheris: seeds and a few variants (make test)

Targets: ``report`` (any bytes → ``reports.parse.parse``, then ``rules.validate``), ``intake`` (the
application form's fields → ``ApplicationForm`` validation), ``upload`` (a file name and bytes →
``lib.uploads.check_upload``) and ``lib`` (the small parsers of ``gongkai/lib`` that take user input). Each
target accepts only the outcomes the hypothesis fuzz tests accept (a report or ``CannotRead`` with a reason;
a valid form or Chinese messages on named fields; …); any other exception or answer is a crash.

Everything after ``--`` goes to libFuzzer unchanged. Without ``-runs=`` or ``-max_total_time=`` each target
runs for 120 s; ``-timeout=`` defaults to 20 s per input. Each target runs in a child process (libFuzzer
ends the process when it is done): the corpus grows in ``var/fuzz/<target>/corpus`` from one run to the
next, seeded from the sample reports, and a crashing input is written as
``var/fuzz/<target>/crash-<sha1>`` (``timeout-…``, ``oom-…``); re-run it with
``benchmarks/fuzz.py --target NAME -- var/fuzz/NAME/crash-…``. Ends with one line per target:

    target=report runs=N crashes=0 seconds=… coverage=N

and exits non-zero when a target crashed.

``--smoke`` needs no atheris: each target's harness runs once over its seed inputs and a few variants of
them (cut short, bytes changed, random bytes), so that the targets themselves cannot rot; a failing input is
written as ``crash-<sha1>`` as above. It prints the same summary lines.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import io
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "src"))
WORK = REPO_ROOT / "var" / "fuzz"
TARGETS = ("report", "intake", "upload", "lib")
DEFAULT_SECONDS = 120
DEFAULT_TIMEOUT = 20
INSTALL_HINT = "atheris is not installed: run .venv/bin/pip install -e '.[fuzz]' (or try --smoke)"
SMOKE_VARIANTS = 3  # per seed, besides the seed itself
SMOKE_RANDOM = 20  # random inputs per target
CJK = re.compile(r"[\u4e00-\u9fff]")


class Unacceptable(AssertionError):
    """An outcome the target's contract does not allow (raised so that atheris records a crash)."""


def expect(condition: object, message: str) -> None:
    if not condition:
        raise Unacceptable(message)


# --- report: any bytes are a report or CannotRead with a reason -------------------------------------------


def report_seeds() -> dict[str, bytes]:
    """The fixture reports as published (text, markdown, PDF) and as HTML and DOCX (like benchmarks/audit.py)."""
    from gongkai.reports.parse import CannotRead, parse
    from gongkai.reports.render import render_docx, render_html
    from gongkai.sample_reports import data_files

    seeds: dict[str, bytes] = {}
    for path in data_files():
        if path.suffix not in (".txt", ".md", ".pdf", ".html", ".docx"):
            continue
        data = path.read_bytes()
        seeds[path.name] = data
        try:
            report = parse(data, path.name)
        except CannotRead:  # a fixture the parser no longer reads is still a seed, just not rendered
            continue
        seeds[path.stem + ".html"] = render_html(report).encode("utf-8")
        seeds[path.stem + ".docx"] = render_docx(report)
    return seeds


def report_target() -> Callable[[bytes], None]:
    from gongkai.annual_report.rules import validate
    from gongkai.reports.parse import CannotRead, parse

    def one(data: bytes) -> None:
        # Mirrors reports/tests/test_fuzz.py:outcome.
        try:
            report = parse(data, "fuzz")
        except CannotRead as exc:
            expect(exc.reason and isinstance(exc.reason, str), f"CannotRead without a reason: {exc!r}")
            return
        findings = validate(report)
        for finding in findings:
            expect(finding.rule.startswith("R") and finding.message, f"malformed finding {finding!r}")
        for table in (report.applications, report.reviews):
            for cells in table.values():
                for value in cells.values():
                    expect(value is None or (isinstance(value, int) and value >= 0), f"bad cell {value!r}")

    return one


# --- intake: the application form answers valid, or in Chinese on a named field -------------------------


class BytesProvider:
    """The two calls of ``atheris.FuzzedDataProvider`` the intake target makes, over plain bytes (``--smoke``
    runs without atheris): integers and text are taken from the input in order; past its end, zeros."""

    def __init__(self, data: bytes) -> None:
        self.data, self.at = data, 0

    def take(self, count: int) -> bytes:
        piece = self.data[self.at : self.at + count]
        self.at += len(piece)
        return piece

    def ConsumeIntInRange(self, low: int, high: int) -> int:
        return low + int.from_bytes(self.take(2) or b"\0", "little") % (high - low + 1)

    def ConsumeUnicodeNoSurrogates(self, count: int) -> str:
        return self.take(count * 3).decode("utf-8", errors="replace")[:count]


def intake_target(provider: Callable[[bytes], Any] | None = None) -> Callable[[bytes], None]:
    """``provider`` makes the data provider of an input; atheris's by default."""
    from django.utils import translation

    from gongkai.applications.forms import ApplicationForm
    from gongkai.applications.tests.helpers import NASTY_VALUES, applicant

    fields = list(ApplicationForm.Meta.fields)
    baseline = applicant()
    translation.activate("zh-hans")

    if provider is None:
        import atheris

        provider = atheris.FuzzedDataProvider

    def one(data: bytes) -> None:
        # Each field keeps the valid value, is left out, or gets fuzzed text; an empty input is a valid form.
        assert provider is not None
        fuzzed = provider(data)
        values: dict[str, Any] = {}
        for field in fields:
            how = fuzzed.ConsumeIntInRange(0, 4)
            if how == 0:
                values[field] = baseline[field]
            elif how == 2:
                values[field] = fuzzed.ConsumeUnicodeNoSurrogates(fuzzed.ConsumeIntInRange(0, 64))
            elif how == 3:
                values[field] = NASTY_VALUES[fuzzed.ConsumeIntInRange(0, len(NASTY_VALUES) - 1)]
            elif how == 4:
                # Long values cheaply: a short fuzzed piece repeated past every max_length.
                piece = fuzzed.ConsumeUnicodeNoSurrogates(fuzzed.ConsumeIntInRange(1, 4)) or "查"
                values[field] = piece * fuzzed.ConsumeIntInRange(1, 3000)
        form = ApplicationForm(values)
        if form.is_valid():
            return
        # Mirrors applications/tests/test_intake_fuzz.py.
        expect(form.errors, "the form was refused without saying why")
        for name, messages in form.errors.items():
            expect(name in fields or name == "__all__", f"error on an unknown field {name!r}")
            for message in messages:
                expect(CJK.search(str(message)), f"message not in Chinese on {name}: {message!r}")

    return one


def prepare_database() -> None:
    """The throwaway database the driver named, migrated, with one agency (as in the test cast)."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from gongkai.agencies.models import Agency

    Agency.objects.get_or_create(name="秀洲区经济信息商务局", defaults={"level": Agency.Level.DEPARTMENT})


# --- upload: a file is accepted for what it contains, or refused in Chinese ------------------------------


def upload_input(name: str, content: bytes) -> bytes:
    """The input layout: one byte for the length of the UTF-8 name, the name, then the file's content."""
    encoded = name.encode("utf-8")[:255]
    return bytes([len(encoded)]) + encoded + content


def office_zip(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<document/>")
    return buffer.getvalue()


def upload_seeds() -> dict[str, bytes]:
    files = {
        "通知.pdf": b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
        "照片.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "照片.JPG": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
        "动图.gif": b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
        "申请.docx": office_zip("word/document.xml"),
        "表格.xlsx": office_zip("xl/workbook.xml"),
        "压缩.docx": office_zip("other.xml"),
        "通知.pdf.exe": b"MZ\x90\x00\x03\x00\x00\x00",
        "空.pdf": b"",
    }
    return {
        f"seed-{index}": upload_input(name, content) for index, (name, content) in enumerate(files.items())
    }


def upload_target() -> Callable[[bytes], None]:
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from gongkai.lib import filetypes
    from gongkai.lib.uploads import check_upload

    translation.activate("zh-hans")

    def one(data: bytes) -> None:
        length = data[0] if data else 0
        name = data[1 : 1 + length].decode("utf-8", errors="replace")
        content = data[1 + length :]
        try:
            kind = check_upload(io.BytesIO(content), name, len(content))
        except ValidationError as exc:
            for message in exc.messages:
                expect(CJK.search(message), f"refused, not in Chinese: {message!r}")
            return
        expect(kind in filetypes.KINDS, f"unknown kind {kind!r}")
        expect(filetypes.extension_matches(kind, name), f"{name!r} accepted as {kind}")

    return one


# --- lib: the small parsers of user input answer what their docstrings promise -----------------------------


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, [name for name, _value in attrs]))


def lib_checks() -> list[Callable[[bytes], None]]:
    """One check per helper; the input's first byte picks the check, the rest is its argument."""
    from gongkai.lib import cjk, encoding, idcard, numbers, richtext, search_tokens, uscc

    def text(payload: bytes) -> str:
        return payload.decode("utf-8", errors="replace")

    def id_number(payload: bytes) -> None:
        value = text(payload)
        expect(idcard.problem(value) in (None, "format", "birth_date", "check"), "idcard.problem")
        masked = idcard.mask(value)
        expect(len(masked) == len(value.strip()), f"mask changed the length: {masked!r}")

    def credit_code(payload: bytes) -> None:
        value = text(payload)
        expect(isinstance(uscc.is_valid(value), bool), "uscc.is_valid")
        try:
            check = uscc.check_character(value)
        except ValueError:
            return
        expect(len(check) == 1 and check in uscc.ALPHABET, f"check character {check!r}")

    def cell(payload: bytes) -> None:
        value = text(payload)
        count = numbers.parse_count(value)
        expect(count is None or (isinstance(count, int) and abs(count) <= numbers.MAX_COUNT), "parse_count")
        number = numbers.parse_number(value)
        expect(number is None or abs(number) <= numbers.MAX_COUNT, f"parse_number {number!r}")
        expect(isinstance(numbers.is_value_cell(value), bool), "is_value_cell")
        expect(isinstance(numbers.is_blank(value), bool), "is_blank")
        expect(not re.search(r"\s", numbers.clean_cell(value)), "clean_cell left whitespace")

    def digit_run(payload: bytes) -> None:
        cells = payload[0] % 9 + 1 if payload else 1
        for cut in numbers.split_digits(text(payload[1:]), cells):
            expect(len(cut) == cells and all(part >= 0 for part in cut), f"split_digits {cut!r}")

    def sum_groups(payload: bytes) -> None:
        groups = [size % 7 + 2 for size in payload[:3]] or [2]
        for cut in numbers.split_sum_groups(text(payload[3:]), groups):
            expect(len(cut) == sum(groups), f"split_sum_groups {cut!r}")
            start = 0
            for size in groups:
                group = cut[start : start + size]
                expect(sum(group[:-1]) == group[-1], f"group {group!r} does not add up")
                start += size

    def label(payload: bytes) -> None:
        value = text(payload)
        key = cjk.label_key(value)
        expect(not re.search(r"\s", key), f"label_key kept whitespace: {key!r}")
        expect(not re.search(r"\s", cjk.squash_spaces(value)), "squash_spaces kept whitespace")
        half = len(value) // 2
        share = cjk.containment(cjk.label_key(value[:half]), key)
        expect(0.0 <= share <= 1.0, f"containment {share}")
        expect(re.search(cjk.label_pattern(value), value), f"label_pattern does not match {value!r}")

    def decode(payload: bytes) -> None:
        try:
            decoded, name = encoding.decode_text(payload)
        except encoding.UndecodableText:
            return
        expect(isinstance(decoded, str) and name, "decode_text")

    def query(payload: bytes) -> None:
        value = text(payload)
        tokens = search_tokens.tokens(value)
        expect(all(token and not re.search(r"\s", token) for token in tokens), f"tokens {tokens!r}")
        expect(search_tokens.index_text(value) == " ".join(tokens), "index_text")
        phrases = search_tokens.query_phrases(value)
        expect(all(phrase and all(phrase) for phrase in phrases), f"query_phrases {phrases!r}")
        terms = search_tokens.query_terms(value)
        expect([len(term) for term in terms] == sorted(map(len, terms), reverse=True), "query_terms order")

    def rich_text(payload: bytes) -> None:
        clean = richtext.sanitise(text(payload))
        parser = _Tags()
        parser.feed(clean)
        parser.close()
        for tag, attributes in parser.found:
            expect(tag in richtext.ALLOWED_TAGS, f"sanitise kept <{tag}>")
            allowed = richtext.ALLOWED_ATTRIBUTES.get(tag, set()) | {"rel"}
            expect(set(attributes) <= allowed, f"sanitise kept {attributes} on <{tag}>")
        expect(isinstance(richtext.to_text(clean), str), "to_text")

    return [id_number, credit_code, cell, digit_run, sum_groups, label, decode, query, rich_text]


def lib_seeds() -> dict[str, bytes]:
    examples = [
        (0, "330411198507152310"),
        (0, "33041119850715231X"),
        (1, "91330411MA2B00010X"),
        (2, "1,234"),
        (2, "７７３０.２８"),
        (3, "\x066936650"),
        (4, "\x05\x05\x05" + "640020470" * 3),
        (5, "（一）本年度办理结果"),
        (6, "政府信息公开".encode("gb18030").decode("latin-1")),
        (7, "财政预算 2019年"),
        (8, '<p onclick="x">财政<script>alert(1)</script><a href="javascript:x">预算</a></p>'),
    ]
    seeds = {}
    for index, (check, payload) in enumerate(examples):
        raw = payload.encode("latin-1") if check == 6 else payload.encode("utf-8")
        seeds[f"seed-{index}"] = bytes([check]) + raw
    return seeds


def lib_target() -> Callable[[bytes], None]:
    checks = lib_checks()

    def one(data: bytes) -> None:
        if data:
            checks[data[0] % len(checks)](data[1:])

    return one


# --- the child process: one target under atheris -----------------------------------------------------------


def worker(target: str, libfuzzer_args: list[str]) -> None:
    """Instrument gongkai, build the target, and hand the process to libFuzzer (which never returns)."""
    try:
        import atheris
    except ImportError:
        sys.exit(INSTALL_HINT)
    builders: dict[str, Callable[[], Callable[[bytes], None]]] = {
        "report": report_target,
        "intake": intake_target,
        "upload": upload_target,
        "lib": lib_target,
    }
    with atheris.instrument_imports(include=["gongkai"]):
        import django

        django.setup()
        # parse() imports its readers lazily; import them here so that they are instrumented too.

        if target == "intake":
            prepare_database()
        test_one_input = builders[target]()
    atheris.Setup([sys.argv[0], *libfuzzer_args], test_one_input)
    atheris.Fuzz()


def variants(seeds: dict[str, bytes], rng: random.Random) -> dict[str, bytes]:
    """The seeds, each cut short and with bytes changed, and random inputs: what --smoke runs a target on."""
    inputs = dict(seeds)
    for name, data in seeds.items():
        for number in range(SMOKE_VARIANTS):
            changed = bytearray(data[: rng.randrange(len(data) + 1)] if number == 0 else data)
            for _ in range(number * 4):
                if changed:
                    changed[rng.randrange(len(changed))] = rng.randrange(256)
            inputs[f"{name}~{number}"] = bytes(changed)
    for number in range(SMOKE_RANDOM):
        inputs[f"random-{number}"] = rng.randbytes(rng.randrange(1, 300))
    return inputs


def smoke_worker(target: str) -> int:
    """Run the target's harness without atheris over its seeds and their variants; a failing input is
    written as ``crash-<sha1>`` like libFuzzer's. Prints the summary line; non-zero when an input failed."""
    import traceback

    import django

    django.setup()
    if target == "intake":
        prepare_database()
    builders: dict[str, Callable[[], Callable[[bytes], None]]] = {
        "report": report_target,
        "intake": lambda: intake_target(BytesProvider),
        "upload": upload_target,
        "lib": lib_target,
    }
    test_one_input = builders[target]()
    started = time.monotonic()
    crashes = 0
    inputs = variants(seeds_for(target), random.Random(target))
    for name, data in inputs.items():
        try:
            test_one_input(data)
        except Exception:
            crashes += 1
            crash = WORK / target / f"crash-{hashlib.sha1(data).hexdigest()}"
            crash.parent.mkdir(parents=True, exist_ok=True)
            crash.write_bytes(data)
            print(f"fuzz --smoke: {target} failed on {name} (written to {crash}):", file=sys.stderr)
            traceback.print_exc()
    seconds = time.monotonic() - started
    print(f"target={target} runs={len(inputs)} crashes={crashes} seconds={seconds:.0f} coverage=0")
    return 1 if crashes else 0


# --- the driver: one child per target, then the summary line ----------------------------------------------


def seeds_for(target: str) -> dict[str, bytes]:
    if target == "report":
        return report_seeds()
    if target == "upload":
        return upload_seeds()
    if target == "lib":
        return lib_seeds()
    # intake: the provider's bytes choose per field (keep the valid value, drop it, fuzz it); running out of
    # bytes keeps the rest valid. A few uniform patterns start it off in different places.
    return {f"seed-{byte}": bytes([byte]) * 64 for byte in (1, 2, 3, 4, 7, 200)}


def with_defaults(flags: list[str], artifacts: Path) -> list[str]:
    """libFuzzer's flags with our defaults for those the caller left out."""
    given = {flag.split("=", 1)[0] for flag in flags if flag.startswith("-")}
    added = []
    if not given & {"-runs", "-max_total_time"}:
        added.append(f"-max_total_time={DEFAULT_SECONDS}")
    if "-timeout" not in given:
        added.append(f"-timeout={DEFAULT_TIMEOUT}")
    if "-artifact_prefix" not in given:
        added.append(f"-artifact_prefix={artifacts}/")
    return added + flags


def scratch_environment(scratch: str) -> dict[str, str]:
    """The child's environment: development settings with a throwaway var folder and SQLite database."""
    return dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="gongkai.settings",
        GONGKAI_VAR_DIR=scratch,
        GONGKAI_PRODUCTION="0",
        DATABASE_URL=f"sqlite:///{scratch}/fuzz.sqlite3",
    )


def smoke_target(target: str) -> int:
    """``--smoke`` for one target, in a child process with its own scratch folder (as under atheris)."""
    with tempfile.TemporaryDirectory(prefix="gongkai-fuzz-smoke-") as scratch:
        command = [sys.executable, __file__, "--worker", target, "--smoke"]
        return subprocess.run(command, env=scratch_environment(scratch), check=False).returncode


def run_target(target: str, flags: list[str]) -> int:
    """Fuzz one target in a child process; prints its summary line and returns the child's exit status."""
    home = WORK / target
    corpus = home / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    # Inputs given on the command line (a crash file to replay, a corpus folder) replace the default corpus.
    inputs = [flag for flag in flags if not flag.startswith("-")]
    with tempfile.TemporaryDirectory(prefix="gongkai-fuzz-") as scratch:
        seeds = Path(scratch) / "seeds"
        seeds.mkdir()
        for name, data in seeds_for(target).items():
            (seeds / name).write_bytes(data)
        env = scratch_environment(scratch)
        command = [sys.executable, __file__, "--worker", target, "--", *with_defaults(flags, home)]
        if not inputs:
            command += [str(corpus), str(seeds)]
        started = time.monotonic()
        runs, coverage, crashes = 0, 0, 0
        with subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True, errors="replace") as child:
            assert child.stderr is not None
            for line in child.stderr:
                sys.stderr.write(line)
                if match := re.match(r"#(\d+)\s.*?cov: (\d+)", line):
                    runs, coverage = int(match.group(1)), int(match.group(2))
                elif match := re.match(r"Done (\d+) runs", line):
                    runs = int(match.group(1))
                elif line.startswith("Executed "):  # replaying given files
                    runs += 1
                elif re.search(r"Test unit written to ", line):
                    crashes += 1
            status = child.wait()
        seconds = time.monotonic() - started
    if status and not crashes:
        crashes = 1  # died without writing an input (a crash in set-up, a signal)
    print(f"target={target} runs={runs} crashes={crashes} seconds={seconds:.0f} coverage={coverage}")
    return status


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], epilog="Arguments after -- are passed to libFuzzer."
    )
    parser.add_argument(
        "--target", choices=[*TARGETS, "all"], default="all", help="what to fuzz (default all)"
    )
    parser.add_argument(
        "--smoke", action="store_true", help="without atheris: each target once over its seeds and variants"
    )
    parser.add_argument("--worker", choices=TARGETS, help=argparse.SUPPRESS)
    options, rest = parser.parse_known_args()
    flags = rest[1:] if rest[:1] == ["--"] else rest
    if options.worker:
        if options.smoke:
            return smoke_worker(options.worker)
        worker(options.worker, flags)
        return 0
    if not options.smoke and importlib.util.find_spec("atheris") is None:
        print(INSTALL_HINT, file=sys.stderr)
        return 2
    targets = TARGETS if options.target == "all" else (options.target,)
    worst = 0
    for target in targets:
        status = smoke_target(target) if options.smoke else run_target(target, flags)
        worst = worst or status
    return worst


if __name__ == "__main__":
    sys.exit(main())
