"""The forms of a page as a browser would submit them untouched, for tests that post what a
page offers (and a little more) rather than a body written by hand."""

from __future__ import annotations

from html.parser import HTMLParser

FormValues = dict[str, list[str]]


class FormReader(HTMLParser):
    """The POST forms of a page, each as (action, values) filled as the browser would send it
    untouched: text and hidden inputs, checked boxes, selected options, textareas."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, FormValues]] = []
        self._values: FormValues | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._values = {}
            self.forms.append((a.get("action") or "", self._values))
        if self._values is None:
            return
        if tag == "option" and self._select and "selected" in a:
            self._values.setdefault(self._select, []).append(a.get("value") or "")
        name = a.get("name")
        if not name:
            return
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._values.setdefault(name, []).append(a.get("value") or "on")
            elif kind not in ("submit", "button", "file"):
                self._values.setdefault(name, []).append(a.get("value") or "")
        elif tag == "select":
            self._select = name
        elif tag == "textarea":
            self._textarea = name
            self._values.setdefault(name, []).append("")

    def handle_data(self, data):
        if self._values is not None and self._textarea:
            self._values[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._values = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def page_forms(html: str) -> list[tuple[str, FormValues]]:
    reader = FormReader()
    reader.feed(html)
    return reader.forms


def form_values(html: str, action: str = "") -> FormValues:
    """The values of the page's first POST form sent to ``action`` (its own URL by default)."""
    for target, values in page_forms(html):
        if target == action:
            return {name: list(items) for name, items in values.items()}
    raise AssertionError(f"no POST form for «{action}» in the page")
