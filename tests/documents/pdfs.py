"""Small PDFs made in the tests with pypdf: real text on real pages, optionally encrypted,
so that the PDF path is exercised without shipping binary files."""

from __future__ import annotations

import io
import textwrap
from datetime import UTC, datetime

from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, StreamObject


def _escape(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(
    pages: list[str], password: str | None = None, title: str | None = None, dated: bool = False
) -> bytes:
    """A PDF with one page per text (Helvetica, wrapped at 90 characters); `dated` records
    the moment it was made, so each one made is a file of its own."""
    writer = PdfWriter()
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
    )
    for text in pages:
        page = writer.add_blank_page(612, 792)
        ops = ["BT", "/F1 10 Tf", "14 TL", "50 750 Td"]
        for paragraph in text.split("\n\n"):
            for line in textwrap.wrap(paragraph, 90):
                ops.append(f"({_escape(line)}) Tj T*")
            ops.append("T*")
        ops.append("ET")
        stream = StreamObject()
        stream.set_data("\n".join(ops).encode("latin-1", "replace"))
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
    if title:
        writer.add_metadata({"/Title": title})
    if dated:
        made = datetime.now(UTC).strftime("D:%Y%m%d%H%M%S%f")
        writer.add_metadata({"/CreationDate": made})
    if password:
        writer.encrypt(password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
