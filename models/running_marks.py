"""The running header and footer of the addon's PDFs, drawn onto the pages after wkhtmltopdf.

Odoo passes a report's ``div.header`` and ``div.footer`` to wkhtmltopdf as --header-html and
--footer-html, which only a wkhtmltopdf built on its patched Qt understands: Debian's (and
most distributions') build prints neither, without a word. Drawn here, each page carries the
reference, the marking and "Page n of N" whatever wkhtmltopdf the server has.
"""

import io
import os
import re

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from odoo.tools.pdf import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    PdfFileReader,
    PdfFileWriter,
)

MARKING = "OFFICIAL-SENSITIVE"
# The reports print in Liberation Sans (README, Printing); Helvetica has its metrics.
FONT_FILES = {
    "SgMarks": "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "SgMarks-Bold": "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
}


def _fonts():
    if all(os.path.exists(path) for path in FONT_FILES.values()):
        registered = pdfmetrics.getRegisteredFontNames()
        for name, path in FONT_FILES.items():
            if name not in registered:
                pdfmetrics.registerFont(TTFont(name, path))
        return "SgMarks", "SgMarks-Bold"
    return "Helvetica", "Helvetica-Bold"


def _stream(data):
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream


def _overlay(page, mark):
    """Draw ``mark`` over ``page`` by appending its content stream, with its fonts under
    names of their own. PyPDF2's merge_page parses and rewrites the page's whole content
    (1.5 s for the demo's eleven pages); this touches neither."""
    data = mark.get_contents().get_data()
    # reportlab names its fonts /F1, /F2...: renamed, so that they meet none of the page's.
    data = re.sub(rb"/(F\d+)\b", rb"/SgMark\1", data)
    resources = page["/Resources"].get_object() if "/Resources" in page else DictionaryObject()
    resources = DictionaryObject(resources)
    fonts = DictionaryObject(resources.get("/Font", DictionaryObject()).get_object())
    for name, font in mark["/Resources"].get_object()["/Font"].get_object().items():
        fonts[NameObject("/SgMark" + name[1:])] = font
    resources[NameObject("/Font")] = fonts
    page[NameObject("/Resources")] = resources
    contents = page.get("/Contents")
    parts = ArrayObject([_stream(b"q\n")])
    if contents is not None:
        contents = contents.get_object()
        parts.extend(contents if isinstance(contents, ArrayObject) else [page["/Contents"]])
    parts.extend([_stream(b"\nQ\n"), _stream(data)])
    page[NameObject("/Contents")] = parts


def stamp(stream, left, right, marked, title=None, margin_left=18, margin_right=18):
    """Return a new stream: each page of ``stream`` with the header (``left``, the marking
    when ``marked``, ``right``) and the footer (the marking, "Page n of N"), and the
    document's title set (screen readers announce it; wkhtmltopdf leaves it empty)."""
    reader = PdfFileReader(stream, strict=False)
    total = len(reader.pages)
    regular, bold = _fonts()
    overlay = io.BytesIO()
    drawing = canvas.Canvas(overlay)
    for number in range(1, total + 1):
        box = reader.pages[number - 1].mediabox
        width, height = float(abs(box.width)), float(abs(box.height))
        drawing.setPageSize((width, height))
        # Never closer to the edge than 12 mm (the action plan's paper has 7 mm margins).
        x_left, x_right = max(margin_left, 12) * mm, width - max(margin_right, 12) * mm
        top, bottom = height - 11 * mm, 9 * mm
        drawing.setFillGray(0.25)
        drawing.setStrokeGray(0.6)
        drawing.setLineWidth(0.4)
        drawing.setFont(regular, 8)
        drawing.drawString(x_left, top, left)
        drawing.drawRightString(x_right, top, right)
        drawing.line(x_left, top - 2 * mm, x_right, top - 2 * mm)
        drawing.line(x_left, bottom + 4 * mm, x_right, bottom + 4 * mm)
        footer = f"Page {number} of {total}"
        if marked:
            drawing.setFont(bold, 8)
            drawing.drawCentredString(width / 2, top, MARKING)
            footer = f"{MARKING}. {footer}"
        drawing.setFont(regular, 8)
        drawing.drawCentredString(width / 2, bottom, footer)
        drawing.showPage()
    drawing.save()
    marks = PdfFileReader(overlay, strict=False)
    writer = PdfFileWriter()
    for index, page in enumerate(reader.pages):
        _overlay(page, marks.pages[index])
        writer.add_page(page)
    metadata = dict(reader.metadata or {})
    if title:
        metadata["/Title"] = title
    writer.add_metadata(metadata)
    result = io.BytesIO()
    writer.write(result)
    return result
