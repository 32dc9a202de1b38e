"""PDF for publication, rendered by WeasyPrint from the same templates as the plan page."""

from __future__ import annotations

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


def write(html: str, *, stylesheets: list[Path], base_url: str) -> bytes:
    """The PDF's bytes; ``stylesheets`` are the site's CSS files, read from disk."""
    from weasyprint import CSS, HTML

    sheets = [CSS(filename=str(path)) for path in stylesheets] + [CSS(string=PAGE_CSS)]
    return HTML(string=html, base_url=base_url).write_pdf(stylesheets=sheets)
