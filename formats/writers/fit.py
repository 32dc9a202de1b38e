"""How much room a cell's text takes in a spreadsheet, estimated without measuring any font.

Neither Excel nor LibreOffice sizes a row to its wrapped text when it opens a file written by a
program: LibreOffice keeps the default height and draws the lines over the next rows. So the
writer sets each row's height from the lines its cells need, estimated here from the column's
width and the text's length.

A column's width counts widths of the digit 0 of the workbook's font; both programs turn it into
points by measuring that digit in the font they show, so a width holds about the same number of
characters whichever font stands in for Calibri. Measured in Calibri (Excel), Carlito
(LibreOffice where Calibri is missing) and DejaVu Sans (a Linux without either, the widest), a
width holds at least 1.12 average characters of Spanish text, 0.97 in capitals, a tenth less in
bold. The factors below keep a margin of about 8 % on those, for lines heavier than the average;
words are wrapped whole, as both programs do, and a word longer than the column breaks.
"""

from __future__ import annotations

# Characters per unit of column width, 11-point text; bold, capitals and size scale them.
CHARACTERS_PER_WIDTH = 1.03
CAPITALS, BOLD = 0.87, 0.93
# A cell's border and margins take about half a digit of its width.
MARGIN = 0.5
# Points per line of 11-point text, and above them: Excel sizes rows of Calibri 11 to 15, 28.8,
# 43.2... points (LibreOffice's lines take 12.8 to 13.4 points).
LINE_HEIGHT, ROW_PADDING = 14.4, 0.6
# The tallest row Excel opens without repairing the file; longer text is cut on screen there.
MAX_ROW_HEIGHT = 409.0


def capacity(width: float, text: str, *, size: float = 11, bold: bool = False) -> float:
    """How many characters of ``text`` fit on one line of a column ``width`` wide."""
    per_width = CHARACTERS_PER_WIDTH * 11 / size
    if bold:
        per_width *= BOLD
    if text.isupper():
        per_width *= CAPITALS
    return max((width - MARGIN) * per_width, 1.0)


def text_lines(text: str, width: float, *, size: float = 11, bold: bool = False) -> int:
    """The lines ``text`` takes wrapped in a column ``width`` wide: its own line breaks count,
    each paragraph's words wrap whole, a word wider than the column breaks."""
    room = capacity(width, text, size=size, bold=bold)
    if len(text) <= room and "\n" not in text:
        return 1
    whole = int(room) or 1
    lines = 0
    for paragraph in text.split("\n"):
        if len(paragraph) <= room:
            lines += 1
            continue
        count, used = 0, room  # a full line: the first word opens one
        for word in paragraph.split():
            size_ = len(word)
            if used + 1 + size_ <= room:
                used += 1 + size_
            elif size_ <= room:
                count, used = count + 1, size_
            else:
                broken = -(-size_ // whole)
                count, used = count + broken, size_ - (broken - 1) * whole
        lines += max(count, 1)
    return lines


def height(lines: int, *, size: float = 11) -> float:
    """The row height in points that shows ``lines`` lines of text of ``size`` points, up to the
    tallest row a spreadsheet allows."""
    return min(round((lines * LINE_HEIGHT + ROW_PADDING) * size / 11, 2), MAX_ROW_HEIGHT)
