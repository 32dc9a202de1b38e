"""Bulk work with Python's cyclic garbage collector paused.

Exporting or importing a plan of 5,000 activities builds a couple of hundred thousand objects
(model instances, the open-data records, openpyxl's cells) that all live until the work ends.
Every 700 of them set the collector going again, and its full passes look at everything the
process holds, so there is never anything to free. For such a plan that was a third of the
XLSX export and a quarter of the import, and more in a process that holds more
(docs/performance.md). Reference counting still frees what it can while the collector is
paused. The collector resumes when the work ends and deals with any cycles then.

The pause is for the whole process. A gunicorn sync worker serves one request at a time; in a
threaded server, other threads only see the collector run later.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """Pause the collector for the block (or, as a decorator, for the call). Nesting is
    safe: only the outermost pause resumes it."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
