"""Tables ruled between rows only (Word's horizontal borders, booktabs): the columns a reader
sees are the gutters no word crosses, not every place where word edges happen to line up."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from ingest.readers.pdf import read_pdf

COLUMNS = (72, 165, 385)  # x of each column's left edge
ROWS = [  # each cell with its line breaks as printed
    ("Source type", "Examples", "Main use in this review"),
    (
        "National\nreviews",
        "Black (1980); Acheson (1998); Marmot (2010)",
        "Framework and\noverall conclusions",
    ),
    (
        "Systematic\nreviews",
        "NICE public health guidance; Cochrane\nreviews",
        "Effectiveness of\ninterventions",
    ),
    (
        "Grey literature",
        "Local evaluations; consultation responses",
        "Practice experience and gaps",
    ),
]


def draw(path: Path) -> Path:
    canvas = Canvas(str(path), pagesize=A4, invariant=True)
    canvas.setFont("Helvetica", 10.5)
    for n in range(8):
        canvas.drawString(
            72, 780 - 14 * n, "Running text of the report that comes before the table."
        )
    top = 640.0
    canvas.line(66, top + 14, 540, top + 14)
    for row in ROWS:
        depth = max(len(cell.splitlines()) for cell in row)
        for x, cell in zip(COLUMNS, row, strict=True):
            for k, line in enumerate(cell.splitlines()):
                canvas.drawString(x, top - 13 * k, line)
        top -= 13 * depth + 10
        canvas.line(66, top + 14, 540, top + 14)
    canvas.drawString(72, top - 20, "Running text after the table goes on for a line or two more.")
    canvas.showPage()
    canvas.save()
    return path


def test_a_table_ruled_between_rows_reads_as_its_three_columns(tmp_path: Path) -> None:
    raw = read_pdf(draw(tmp_path / "review.pdf"))
    (table,) = [b.table for b in raw.blocks if b.kind == "table" and b.table is not None]
    assert [tuple(row) for row in table.rows] == [
        tuple(cell.replace("\n", " ") for cell in row) for row in ROWS
    ]


def test_underlined_links_are_running_text_not_a_table(tmp_path: Path) -> None:
    """A list of underlined links has a rule under every line, but the rules end where their
    text ends; a table's row rules start and end together."""
    links = [
        "Goto Page 2: Line Tool",
        "Goto Page 3: Arrow Tool",
        "Goto Page 4: Tool for Rectangle, Square and Rounded Corner",
        "Goto Page 5: Tool for Circle, Ellipse, Arc, Pie",
        "Goto Page 6: Tool for Basic Shapes",
    ]
    canvas = Canvas(str(tmp_path / "links.pdf"), pagesize=A4, invariant=True)
    canvas.setFont("Helvetica", 12)
    for n, link in enumerate(links):
        y = 700 - 24 * n
        canvas.drawString(72, y, link)
        canvas.line(72, y - 2, 72 + canvas.stringWidth(link, "Helvetica", 12), y - 2)
    canvas.showPage()
    canvas.save()
    raw = read_pdf(tmp_path / "links.pdf")
    assert not [b for b in raw.blocks if b.kind == "table"]
    text = "\n".join(b.text for b in raw.blocks)
    assert all(link in text for link in links)
