"""PDF for publication: the official format laid out by Typst (plan_pdf.typ) as one tagged
PDF/UA-1 document, whatever the plan's length (docs/adr/0034).

Typst runs in a process of its own (this file run as an isolated script, no Django): its layout
caches stay in the process that compiled, about 1.5 GB after a plan of 5,000 activities, so a
web or task worker that compiled in itself would keep that memory; the process gives it back
when it exits."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

TEMPLATE = Path(__file__).with_name("plan_pdf.typ")
# The site's own Work Sans and Montserrat, as TrueType (Typst reads no WOFF2), and Noto Emoji for
# emojis and flags: the same glyphs on every machine. Text they lack (Arabic, CJK) falls back to
# the fonts built into Typst, never to the system's.
FONTS = Path(__file__).resolve().parents[2] / "static" / "vendor" / "fonts"


class PdfError(RuntimeError):
    """Typst could not lay out the document."""


def write(document: dict[str, Any]) -> bytes:
    """The PDF's bytes. ``document`` is plain data (followup.pdf.plan_document): it reaches the
    template as JSON, so no text in it is ever read as Typst markup."""
    data = json.dumps(document, ensure_ascii=False).encode()
    # This very file, run by this very interpreter: nothing of the input reaches the command.
    command = [sys.executable, "-I", __file__]
    done = subprocess.run(command, input=data, capture_output=True)  # noqa: S603
    if done.returncode != 0:
        raise PdfError(done.stderr.decode(errors="replace")[-2000:])
    return done.stdout


def _compile(data: str) -> bytes:
    """Tagged always; declared PDF/UA-1 (which Typst then checks) when every character of the
    document is one the site's fonts draw. PDF/UA-1 refuses a glyph from no font at all (an emoji
    Typst's fallback fonts lack), and a plan's text must never keep its PDF from being made: such
    a plan gets the same tagged document without the declaration."""
    import typst

    return typst.compile(
        TEMPLATE,
        font_paths=[FONTS],
        ignore_system_fonts=True,
        sys_inputs={"plan": data},
        pdf_standards=["ua-1"] if set(data) <= _drawn() else [],
    )


def _drawn() -> set[str]:
    """The characters both families draw (Montserrat sets the headings, Work Sans the rest),
    each with Noto Emoji behind it, and the line breaks and tabs the JSON escapes anyway."""
    from fontTools.ttLib import TTFont

    def codes(name: str) -> set[int]:
        return set().union(*(TTFont(path)["cmap"].getBestCmap() for path in FONTS.glob(name)))

    emoji = codes("noto-emoji-*.ttf")
    families = [codes(f"{name}-*.ttf") | emoji for name in ("montserrat", "work-sans")]
    return {chr(code) for code in set.intersection(*families)} | set("\n\t")


if __name__ == "__main__":
    sys.stdout.buffer.write(_compile(sys.stdin.buffer.read().decode()))
