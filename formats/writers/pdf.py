"""PDF for publication, rendered by WeasyPrint from the same templates as the plan page."""

from __future__ import annotations

import io
from pathlib import Path

# Added to the page's own stylesheet: A4 landscape, the document-control block repeated at the
# top of every page, "Página n de m" at the bottom.
PAGE_CSS = """
@page {
  size: A4 landscape;
  margin: 34mm 10mm 14mm 10mm;
  @top-center { content: element(doc-control); width: 100%; }
  @bottom-right { content: "Página " counter(page) " de " counter(pages); font-size: 8pt; }
  @bottom-left { content: string(approval); font-size: 8pt; }
}
.doc-control { position: running(doc-control); }
.page-number { font-size: 0; }
.page-number::after { font-size: 7.5pt; content: counter(page) " de " counter(pages); }
.approval-line { string-set: approval content(); }
"""

# A document laid out in parts (write_parts) cannot know its page count while each part is laid
# out, so its pages say "Página n", numbered across the parts. A continued part sets the footer's
# approval line without showing it again.
PARTS_CSS = """
@page { @bottom-right { content: "Página " counter(page); } }
.page-number::after { content: counter(page); }
.pdf--continued .approval-line { font-size: 0; line-height: 0; margin: 0; }
"""


def _sheets(stylesheets: list[Path], *extra: str) -> list:
    from weasyprint import CSS

    return [CSS(filename=str(path)) for path in stylesheets] + [CSS(string=s) for s in extra]


def write(html: str, *, stylesheets: list[Path], base_url: str) -> bytes:
    """The PDF's bytes; ``stylesheets`` are the site's CSS files, read from disk."""
    from weasyprint import HTML

    sheets = _sheets(stylesheets, PAGE_CSS)
    return HTML(string=html, base_url=base_url).write_pdf(stylesheets=sheets)


def write_parts(parts, *, stylesheets: list[Path], base_url: str) -> bytes:
    """One PDF from HTML documents laid out one after the other (an iterable, so each part's
    HTML is made only when its turn comes) and joined.

    WeasyPrint keeps every laid-out page of a document in memory, about 1 MB per activity of a
    plan: laying out a long plan in parts bounds the memory by the part, and pages are numbered
    on across the parts."""
    from pypdf import PdfWriter
    from weasyprint import HTML

    joined = PdfWriter()
    pages = 0
    for html in parts:
        numbering = f"@page :first {{ counter-reset: page {pages + 1}; }}" if pages else ""
        sheets = _sheets(stylesheets, PAGE_CSS, PARTS_CSS, numbering)
        document = HTML(string=html, base_url=base_url).render(stylesheets=sheets)
        pages += len(document.pages)
        joined.append(io.BytesIO(document.write_pdf()))
        del document
    buffer = io.BytesIO()
    joined.write(buffer)
    return buffer.getvalue()
