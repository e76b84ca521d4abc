"""Page numbers stamped on a PDF (Decree 30/2020): from the second page of each numbering, centred at the top."""

import io
import re
import shutil
import subprocess

import pytest
from reportlab.pdfgen import canvas

from kttv_lib import pdf_pages

try:
    from pypdf import PdfReader
except ImportError:  # pragma: no cover
    from PyPDF2 import PdfReader


def test_page_labels():
    # A document of three pages, then an annex of two: each numbered on its own from its second page.
    assert pdf_pages.page_labels([True, False, False, True, False]) == [None, "2", "3", None, "2"]
    # Pages before any mark make a numbering of their own.
    assert pdf_pages.page_labels([False, False]) == [None, "2"]
    assert pdf_pages.page_labels([]) == []


def _pdf(pages, marked):
    """A PDF of ``pages`` pages saying "Trang i", those in ``marked`` carrying the section link."""
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=(595, 842))
    for index in range(pages):
        sheet.drawString(100, 400, f"Trang {index + 1}")
        if index in marked:
            sheet.linkURL(pdf_pages.SECTION_MARK, (100, 700, 110, 710))
        sheet.linkURL("https://example.invalid/other", (100, 600, 110, 610))
        sheet.showPage()
    sheet.save()
    return buffer.getvalue()


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) reads the stamped pages")
def test_number_pages_stamps_the_top_and_drops_the_marks():
    content = pdf_pages.number_pages(_pdf(5, {0, 3}))
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
    pages = text.stdout.decode().split("\f")[:5]
    tops = [next(line.strip() for line in page.splitlines() if line.strip()) for page in pages]
    assert tops == ["Trang 1", "2", "3", "Trang 4", "2"]
    reader = PdfReader(io.BytesIO(content))
    for page in reader.pages:
        uris = [a.get_object()["/A"]["/URI"] for a in page.get("/Annots", [])]
        # The marks are gone; the document's own links stay.
        assert uris == ["https://example.invalid/other"]
    # Centred in the top margin: the number's middle is the page's middle, in the first 20 mm.
    centre, top = _centre_of_number(content, 2)
    assert centre == pytest.approx(595 / 2, abs=2)
    assert top < 20 / 25.4 * 72


def _centre_of_number(content, page_number):
    """The middle of the number on the page, as pdftotext places its words, and the page's top edge distance."""
    boxes = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page_number), "-l", str(page_number), "-", "-"],
        input=content,
        capture_output=True,
        check=True,
    ).stdout.decode()
    match = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">2</word>', boxes)
    return (float(match[1]) + float(match[3])) / 2, float(match[2])


def test_a_pdf_without_marks_comes_back_unchanged():
    content = _pdf(2, set())
    assert pdf_pages.number_pages(content) == content
