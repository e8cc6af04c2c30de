"""The text of an uploaded document: PDF (pypdf), HTML, Markdown or plain text, with the
place of each PDF page in it.

Why here and strict: what is stored is what reviewers will quote, so a file that cannot be
read whole (encrypted, broken, no text layer, not UTF-8, binary under a text name) is
refused with a message naming what was wrong and what is expected, before anything is
written.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import PurePath

from markdown_it import MarkdownIt

from commonground.workspace.errors import Invalid, TooLarge

MAX_BYTES = 20 * 1024 * 1024
MAX_PAGES = 2000
PDF, HTML, MARKDOWN, TEXT = "application/pdf", "text/html", "text/markdown", "text/plain"
MEDIA_TYPES = (PDF, HTML, MARKDOWN, TEXT)
SUFFIXES = {
    ".pdf": PDF,
    ".html": HTML,
    ".htm": HTML,
    ".md": MARKDOWN,
    ".markdown": MARKDOWN,
    ".txt": TEXT,
    ".text": TEXT,
}
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "pre",
        "dd",
        "dt",
        "dl",
        "figure",
        "figcaption",
        "main",
        "aside",
        "nav",
        "hr",
        "td",
        "th",
    ]
)
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head"})
_SPACES = re.compile(r"[ \t\f\v\u00a0]+")
_BLANKS = re.compile(r"\n\s*\n\s*")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


class Unreadable(Invalid):
    """The file is not a document the workspace can read whole."""


@dataclass(frozen=True)
class Extracted:
    """A document's text, its media type, its title if the file names one, and for a PDF
    the (page number, start, end) of each page in the text."""

    text: str
    media_type: str
    title: str | None
    pages: tuple[tuple[int, int, int], ...] = ()


def media_type_of(file_name: str, data: bytes) -> str:
    """The media type by content first (a PDF is a PDF whatever its name), then by name."""
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return PDF
    suffix = PurePath(file_name or "").suffix.lower()
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return HTML
    return TEXT


def extract(data: bytes, file_name: str) -> Extracted:
    """The document's text, or `Unreadable`/`TooLarge` saying why not."""
    if len(data) > MAX_BYTES:
        raise TooLarge(
            f"{file_name or 'the file'} has {len(data):,} bytes; a document may have at most"
            f" {MAX_BYTES // (1024 * 1024)} MB",
            "file",
        )
    if len(data.strip()) == 0:
        raise Unreadable(f"{file_name or 'the file'} is empty: upload a file with text", "file")
    media = media_type_of(file_name, data)
    if media == PDF:
        found = _pdf(data, file_name)
    else:
        text = _decode(data, file_name, media)
        if media == HTML:
            found = _html(text)
        elif media == MARKDOWN:
            found = _html(MarkdownIt("commonmark").render(text), MARKDOWN)
        else:
            found = Extracted(_tidy(text), TEXT, None)
    if len(found.text.strip()) == 0:
        raise Unreadable(f"{file_name or 'the file'} has no text to read", "file")
    return found


def _decode(data: bytes, file_name: str, media: str) -> str:
    what = {HTML: "HTML", MARKDOWN: "Markdown"}.get(media, "plain text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Unreadable(
            f"{file_name or 'the file'} is not UTF-8 {what}: it looks like a binary file;"
            " upload a PDF, HTML, Markdown or UTF-8 text file",
            "file",
        ) from None
    controls = len(_CONTROLS.findall(text, 0, 20_000))
    if "\x00" in text or controls > max(8, len(text[:20_000]) // 100):
        raise Unreadable(
            f"{file_name or 'the file'} holds binary data, not {what}: upload a PDF, HTML,"
            " Markdown or UTF-8 text file",
            "file",
        )
    return text


def _tidy(text: str) -> str:
    """One space between words, one blank line between paragraphs, Unix line ends."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def _reflow(text: str) -> str:
    """A PDF breaks its lines where the page ends them: a long line that does not end a
    sentence goes on in the next one, so the sentence is read whole."""
    lines = text.split("\n")
    out = lines[:1]
    for line in lines[1:]:
        before = out[-1]
        if line and len(before) >= 60 and not before.endswith((".", ":", ";", "!", "?")):
            out[-1] = f"{before} {line}"
        else:
            out.append(line)
    return "\n".join(out)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in _SKIP_TAGS:
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif self._skip == 0:
            self.parts.append(data.replace("\n", " "))


def _html(markup: str, media: str = HTML) -> Extracted:
    parser = _Text()
    parser.feed(markup)
    parser.close()
    title = " ".join("".join(parser.title).split()) or None
    return Extracted(_tidy("".join(parser.parts)), media, title)


def _pdf(data: bytes, file_name: str) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    name = file_name or "the file"
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a repaired PDF warns on stderr
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise Unreadable(
                f"{name} is an encrypted PDF: upload a copy without a password", "file"
            )
        count = len(reader.pages)
        if count > MAX_PAGES:
            raise Unreadable(f"{name} has {count:,} pages; at most {MAX_PAGES:,} are read", "file")
        texts = [_reflow(_tidy(page.extract_text() or "")) for page in reader.pages]
        title = reader.metadata.title if reader.metadata is not None else None
    except Unreadable:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError):
        raise Unreadable(
            f"{name} could not be read as a PDF: the file is damaged or incomplete", "file"
        ) from None
    except NotImplementedError:
        raise Unreadable(
            f"{name} is encrypted with a method that cannot be read: upload a copy without"
            " a password",
            "file",
        ) from None
    pages: list[tuple[int, int, int]] = []
    text = ""
    for number, page_text in enumerate(texts, start=1):
        if not page_text:
            continue
        if text:
            text += "\n\n"
        pages.append((number, len(text), len(text) + len(page_text)))
        text += page_text
    if not text:
        raise Unreadable(
            f"{name} has no text layer (a scan?): upload a PDF with text, or its text", "file"
        )
    return Extracted(text, PDF, str(title).strip() if title else None, tuple(pages))
