"""Page numbers as Decree 30/2020 wants them, stamped on a rendered PDF.

Appendix I of the decree: pages are numbered in Arabic figures, 13-14 pt,
upright, centred in the top margin, the first page not numbered; an annex is
numbered on its own. wkhtmltopdf prints headers only in its build on a
patched Qt (Debian's ignores ``--header-html``), so the numbers are drawn
afterwards, whatever build made the PDF.

The document marks where a numbering starts (its first page, an annex's
first page) with a link to :data:`SECTION_MARK`: wkhtmltopdf turns every link
into a link annotation on the page it lands on, in every build. Those
annotations are removed and each page from the second of its section gets
its number.
"""

import io

try:  # pragma: no cover - whichever of the two Odoo's dependencies installed
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, NameObject
except ImportError:  # pragma: no cover
    from PyPDF2 import PdfReader, PdfWriter
    from PyPDF2.generic import ArrayObject, NameObject

from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

SECTION_MARK = "https://kttv-page-numbers.invalid/section"

# Where the number sits: centred, its baseline this far below the top edge
# (inside the 20 mm top margin of the addon's A4 paper format).
NUMBER_FROM_TOP = 12 * mm
NUMBER_FONT = ("Times-Roman", 13)


def _uri(annotation):
    action = annotation.get_object().get("/A")
    return action.get_object().get("/URI") if action is not None else None


def _marked(page):
    """Whether the page starts a numbering; its marks removed."""
    annotations = page.get("/Annots")
    if annotations is None:
        return False
    annotations = annotations.get_object()
    kept = [a for a in annotations if not str(_uri(a) or "").startswith(SECTION_MARK)]
    if len(kept) == len(annotations):
        return False
    if kept:
        page[NameObject("/Annots")] = ArrayObject(kept)
    else:
        del page["/Annots"]
    return True


def page_labels(marks):
    """The number printed on each page, ``None`` for none.

    ``marks[i]`` says whether page ``i`` starts a numbering; the pages before
    the first mark make a numbering of their own.
    """
    labels = []
    number = 0
    for marked in marks:
        number = 1 if marked or not labels else number + 1
        labels.append(str(number) if number > 1 else None)
    return labels


def _number_overlay(width, height, label):
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=(width, height))
    sheet.setFont(*NUMBER_FONT)
    sheet.drawCentredString(width / 2, height - NUMBER_FROM_TOP, label)
    sheet.showPage()
    sheet.save()
    return PdfReader(io.BytesIO(buffer.getvalue())).pages[0]


def number_pages(pdf_content):
    """``pdf_content`` with its pages numbered, or unchanged where nothing marks a numbering."""
    if SECTION_MARK.encode() not in pdf_content:
        return pdf_content
    reader = PdfReader(io.BytesIO(pdf_content))
    marks = [_marked(page) for page in reader.pages]
    writer = PdfWriter()
    for page, label in zip(reader.pages, page_labels(marks), strict=True):
        if label:
            box = page.mediabox
            page.merge_page(_number_overlay(float(box.width), float(box.height), label))
        writer.add_page(page)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
