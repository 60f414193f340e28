"""What a reader sees on a page, and the internal words that must not be among it.

``read_page`` takes a page apart the way a reader (or a screen reader) meets it: the text nodes outside
``<script>`` and ``<style>``, and the attributes shown or read aloud (``title``, ``placeholder``,
``aria-label``, ``alt``, the ``value`` of buttons). ``Checker`` then looks for what only a programmer
should see: snake_case keys, Python or JSON reprs, English words on a Chinese page (and Chinese in the
English interface's own labels), and the project's code name at the end of a title.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.utils import translation
from django.utils.translation import trans_real

SHOWN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
# Code shown as code — a data format's name, a vocabulary key next to its name in the admin — is the one
# place an identifier belongs on a page; it must be marked up as such.
CODE_ELEMENTS = ("code", "kbd", "samp")
# The names of a form's controls: the interface's words, never the records'.
CONTROL_ELEMENTS = ("label", "button", "legend")
BUTTON_TYPES = ("submit", "button", "reset")
# A finding's severity in words, as the reader must be told it (not by colour alone).
SEVERITY_LABELS = {
    "error": {"zh-hans": "错误", "en": "Error"},
    "warning": {"zh-hans": "警告", "en": "Warning"},
    "info": {"zh-hans": "提示", "en": "Note"},
}
SEVERITIES = tuple(SEVERITY_LABELS)

# A snake_case identifier: lower-case words joined by underscores, not inside a longer token (a URL, a
# file name, an e-mail address). Look-arounds, not \b: in Python a CJK character is a word character, so
# "partially_granted第三十七条" has no \b after the key.
SNAKE = re.compile(r"(?<![A-Za-z0-9_.@/\-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![A-Za-z0-9_@/])")
# A dotted path of keys, like a report cell's ``applications.new_received.total``.
DOTTED = re.compile(r"(?<![A-Za-z0-9_.@/\-])[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+(?![A-Za-z0-9_@/(])")
PLACEHOLDER = re.compile(r"\{[a-z]+\}")
# The repr of a dict or list, or JSON: what str() of a JSONField or a list of keys looks like.
REPR = re.compile(r"""[{\[]\s*['"]""")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Things that are not words of the interface even when spelt in Latin letters.
URL_OR_ADDRESS = re.compile(
    r"[\w.+*-]+@[\w.-]+|\b(?:https?|otpauth)://\S+|(?<!\S)/[\w/.%-]*"
    r"|[^\s/]+\.(?:pdf|docx?|xlsx?|txt|md|json|csv|html?|zip|ofd|wps|jpe?g|png)\b"
)
# A run of Latin-letter words with the spaces and punctuation between them ("Can add user", "Task Results").
ENGLISH_RUN = re.compile(r"[A-Za-z][A-Za-z0-9_'’\-]*(?:[ ,.:;?!()/&]+[A-Za-z][A-Za-z0-9_'’\-]*)*")

# English words that stay English on a Chinese page, each for a reason a Chinese reader would give:
ALLOWED_ENGLISH = frozenset(
    {
        "English",  # the language switcher names each language in itself (English, 简体中文)
        "Word",  # Microsoft Word and Excel, as Chinese offices call the file formats
        "Excel",
        "Markdown",  # a file format, like PDF and JSON, that a batch audit reads
        "Microsoft",  # the makers of the authenticator apps the two-factor page names
        "Google",
        "Authenticator",
        "chinesecalendar",  # the package the holiday calendar comes from, named with its version as its source
    }
)


@dataclass(frozen=True)
class Problem:
    what: str  # what is wrong, e.g. "identifier 'partially_granted'"
    example: str  # the text it was found in

    def __str__(self) -> str:
        return f"{self.what} in {self.example}"


@dataclass
class Page:
    title: str = ""
    texts: list[str] = field(default_factory=list)
    control_texts: list[str] = field(default_factory=list)  # what labels, buttons and legends say
    links: list[str] = field(default_factory=list)
    findings: list[tuple[str, str]] = field(default_factory=list)  # (class attribute, text) of each finding


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._hidden = 0  # inside <script>/<style>/<template>
        self._code = 0  # inside <code>/<kbd>/<samp>
        self._control = 0  # inside <label>/<button>/<legend>
        self._in_title = False
        self._stack: list[str] = []
        self._finding: list[str] | None = None  # the text of the finding being read
        self._finding_class = ""
        self._finding_depth = 0
        self._in_findings = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag in ("br", "img", "input", "meta", "link", "hr", "source", "wbr"):
            self._attributes(tag, attributes)
            return
        self._stack.append(tag)
        classes = attributes.get("class", "").split()
        if tag in ("script", "style", "template"):
            self._hidden += 1
        elif tag == "title":
            self._in_title = True
        elif tag in CODE_ELEMENTS:
            self._code += 1
        elif tag in CONTROL_ELEMENTS:
            self._control += 1
        if tag in ("ul", "ol") and "findings" in classes:
            self._in_findings += 1
        elif tag == "li" and self._in_findings and self._finding is None:
            self._finding, self._finding_class, self._finding_depth = [], attributes.get("class", ""), 1
        elif self._finding is not None:
            self._finding_depth += 1
        if tag == "a" and attributes.get("href") and "download" not in attributes:
            self.page.links.append(attributes["href"])
        self._attributes(tag, attributes)

    def _attributes(self, tag: str, attributes: dict[str, str]) -> None:
        if self._hidden:
            return
        shown = [attributes[name] for name in SHOWN_ATTRIBUTES if attributes.get(name)]
        if tag == "input" and attributes.get("type") in BUTTON_TYPES and attributes.get("value"):
            shown.append(attributes["value"])
        self.page.texts.extend(shown)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self._stack:
            return
        while self._stack:
            opened = self._stack.pop()
            self._close(opened)
            if opened == tag:
                break

    def _close(self, tag: str) -> None:
        if tag in ("script", "style", "template"):
            self._hidden -= 1
        elif tag == "title":
            self._in_title = False
        elif tag in CODE_ELEMENTS:
            self._code -= 1
        elif tag in CONTROL_ELEMENTS:
            self._control -= 1
        if tag in ("ul", "ol") and self._in_findings and self._finding is None:
            self._in_findings -= 1
        elif self._finding is not None:
            self._finding_depth -= 1
            if self._finding_depth == 0:
                self.page.findings.append((self._finding_class, " ".join(self._finding)))
                self._finding = None

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        if self._in_title:
            self.page.title += data
            return
        text = " ".join(data.split())
        if not text:
            return
        if self._finding is not None:
            self._finding.append(text)
        if self._code:
            return
        self.page.texts.append(text)
        if self._control:
            self.page.control_texts.append(text)


def read_page(html: str) -> Page:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.page


def _po_msgids(path: Path) -> Iterable[str]:
    """The msgids of a .po file (enough of the format for this: msgid and its continuation lines)."""
    current: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(("msgid ", "msgid_plural ")):
            if current:
                yield "".join(current)
            current = [_unquote(line.split(" ", 1)[1])]
        elif line.startswith('"') and current is not None:
            current.append(_unquote(line))
        else:
            if current:
                yield "".join(current)
            current = None
    if current:
        yield "".join(current)


def _unquote(text: str) -> str:
    return text.strip()[1:-1].replace('\\"', '"').replace("\\n", "\n")


def english_sources() -> set[str]:
    """The English the interface is written in: every msgid of the project's and every installed app's
    catalogs (Django's included, translated or not), and the model metadata — verbose names, help texts,
    choice labels — and permission names, which some apps never mark for translation."""
    strings: set[str] = set()
    catalog = trans_real.translation("zh-hans")._catalog  # type: ignore[attr-defined]
    strings.update(key if isinstance(key, str) else key[0] for key, _value in catalog.items())
    roots = [Path(path) for path in settings.LOCALE_PATHS]
    roots += [Path(config.path) / "locale" for config in apps.get_app_configs()]
    roots.append(Path(translation.__file__).parents[2] / "conf" / "locale")
    for root in roots:
        for po in root.glob("zh_Hans/LC_MESSAGES/*.po"):
            strings.update(_po_msgids(po))
    with translation.override("en"):
        for config in apps.get_app_configs():
            strings.add(str(config.verbose_name))
            for model in config.get_models():
                strings.add(str(model._meta.verbose_name))
                strings.add(str(model._meta.verbose_name_plural))
                for model_field in model._meta.get_fields():
                    for attribute in ("verbose_name", "help_text"):
                        strings.add(str(getattr(model_field, attribute, "") or ""))
                    for _value, label in getattr(model_field, "flatchoices", None) or ():
                        strings.add(str(label))
    strings.update(Permission.objects.values_list("name", flat=True))
    strings.update({"Email", "Password", "Username", "Save", "Delete", "Search", "Add", "Change", "Name"})
    return strings


def english_vocabulary(sources: Iterable[str]) -> frozenset[str]:
    """The words (lower-cased, three letters or more) of the English sources."""
    words = set()
    for source in sources:
        for word in re.findall(r"[A-Za-z]{3,}", re.sub(r"%\(\w+\)[sd]|\{\w+\}|<[^>]+>", " ", source)):
            words.add(word.lower())
    return frozenset(words)


def chinese_translations() -> frozenset[str]:
    """The Chinese of the catalog's translations (where it differs from the English): naming a control on
    an English page, one of them means a string translated once, in the default language, and kept
    (``gettext`` where ``gettext_lazy`` belongs) — the English interface made half Chinese."""
    catalog = trans_real.translation("zh-hans")._catalog  # type: ignore[attr-defined]
    return frozenset(
        text
        for key, text in catalog.items()
        if isinstance(text, str) and CJK.search(text) and text != (key if isinstance(key, str) else key[1])
    )


class Checker:
    """What may not appear on a page in the interface language ``language``: on a Chinese page, English
    words of ``vocabulary``; on an English page, the ``translations`` into Chinese.

    ``people`` are the words people chose — usernames — which may look like identifiers and are theirs.
    """

    def __init__(
        self,
        vocabulary: frozenset[str],
        people: Iterable[str],
        translations: frozenset[str] = frozenset(),
    ) -> None:
        self.vocabulary = vocabulary
        self.people = sorted(set(people), key=len, reverse=True)
        self.translations = translations

    def _plain(self, text: str) -> str:
        """The text without what is not interface wording: addresses, URLs, file names, usernames,
        and the placeholders of an index-number pattern (``{agency}/{year}-{serial}``, a syntax staff write)."""
        text = PLACEHOLDER.sub(" ", URL_OR_ADDRESS.sub(" ", text))
        for name in self.people:
            text = text.replace(name, " ")
        return text

    def problems(self, page: Page, language: str) -> list[Problem]:
        found = []
        if language == "zh-hans":
            title = " ".join(page.title.split())
            if re.search(r"·\s*gongkai\s*$", title):
                found.append(Problem("the title ends in the code name", repr(title)))
            for text in [title, *page.texts]:
                found.extend(self._text_problems(text))
        else:
            for text in page.control_texts:
                if text.strip(" :：") in self.translations:
                    found.append(
                        Problem(f"a Chinese translation in the English interface: {text!r}", repr(text))
                    )
        for classes, text in page.findings:
            severity = [name for name in classes.split() if name.startswith("severity-")]
            if "finding" not in classes.split() or len(severity) != 1:
                found.append(
                    Problem("a finding without its severity class", f"class={classes!r} {text[:60]!r}")
                )
            elif severity[0].removeprefix("severity-") not in SEVERITIES:
                found.append(Problem(f"a finding of unknown severity {severity[0]!r}", repr(text[:60])))
            elif SEVERITY_LABELS[severity[0].removeprefix("severity-")][language] not in text:
                found.append(
                    Problem(f"a finding without its severity in words ({severity[0]})", repr(text[:60]))
                )
        return found

    def _is_english(self, word: str) -> bool:
        """A word of the interface's English: three letters or more, not an acronym (PDF, JSON, ID — used
        as they are in Chinese), not on the allowed list."""
        if len(word) < 3 or word in ALLOWED_ENGLISH or not (word.islower() or word.istitle()):
            return False
        return word.lower() in self.vocabulary

    def _text_problems(self, text: str) -> list[Problem]:
        found = []
        example = repr(text[:80])
        plain = self._plain(text)
        for key in SNAKE.findall(plain) + DOTTED.findall(plain):
            found.append(Problem(f"identifier {key!r}", example))
        if REPR.search(text):
            found.append(Problem("a repr", example))
        for run in ENGLISH_RUN.findall(plain):
            words = [word for word in re.findall(r"[A-Za-z]+", run) if self._is_english(word)]
            if words:
                found.append(Problem(f"English {run.strip()!r}", example))
        return found


class Problems:
    """Problems found on many pages, grouped by what is wrong (the word or key), with a few examples."""

    def __init__(self) -> None:
        self.found: dict[str, dict[str, set[str]]] = {}

    def add(self, problems: Iterable[Problem], where: str) -> None:
        for problem in problems:
            self.found.setdefault(problem.what, {}).setdefault(problem.example, set()).add(where)

    def __bool__(self) -> bool:
        return bool(self.found)

    def report(self) -> str:
        lines = [f"{len(self.found)} kinds of problem:"]
        for what, examples in sorted(self.found.items()):
            pages = sorted({page for where in examples.values() for page in where})
            lines.append(f"{what} — e.g. {', '.join(sorted(examples)[:2])}")
            lines.append(f"    on {len(pages)} pages: {', '.join(pages[:3])}")
        return "\n".join(lines)
