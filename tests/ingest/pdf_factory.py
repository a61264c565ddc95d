"""Report-like test PDFs drawn with reportlab: cover, contents, running header and footer,
numbered headings, two-column pages, hyphenated lines, bullets and footnotes.

Drawn on a canvas (not platypus) so every line sits exactly where a test expects it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

WIDTH, HEIGHT = A4
MARGIN = 72.0
BODY = ("Helvetica", 10.5)
LEADING = 14.0
HEADING_STYLES = {
    1: ("Helvetica-Bold", 18.0),
    2: ("Helvetica-Bold", 14.0),
    3: ("Helvetica-Bold", 12.0),
}


class ReportWriter:
    """Writes a report top to bottom; body pages get a running header and a printed number.

    ``number_offset``: printed page number = physical page - number_offset (cover and
    contents are unnumbered).
    """

    def __init__(self, path: Path, header: str = "", number_offset: int = 2) -> None:
        self.path = path
        self.canvas = Canvas(str(path), pagesize=A4)
        self.canvas.setTitle("Test Report")
        self.canvas.setAuthor("Test Authority")
        self.canvas.setSubject("A report-like PDF for tests")
        self.header = header
        self.number_offset = number_offset
        self.page = 1
        self.y = HEIGHT - MARGIN
        self.body_page = False
        self.notes: list[str] = []

    # Page furniture -------------------------------------------------------------------
    def _furniture(self) -> None:
        if not self.body_page:
            return
        c = self.canvas
        if self.header:
            c.setFont("Helvetica", 8)
            c.drawString(MARGIN, HEIGHT - 40, self.header)
        c.setFont("Helvetica", 9)
        c.drawCentredString(WIDTH / 2, 30, str(self.page - self.number_offset))

    def _flush_notes(self) -> None:
        y = MARGIN + 10
        for note in reversed(self.notes):
            self.canvas.setFont("Helvetica", 7.5)
            self.canvas.drawString(MARGIN, y, note)
            y += 10
        self.notes = []

    def new_page(self, body: bool = True) -> None:
        self._flush_notes()
        self._furniture()
        self.canvas.showPage()
        self.page += 1
        self.y = HEIGHT - MARGIN
        self.body_page = body

    def _need(self, height: float) -> None:
        if self.y - height < MARGIN + 30:
            self.new_page()

    # Content ----------------------------------------------------------------------------
    def cover(self, title: str, subtitle: str) -> None:
        c = self.canvas
        c.setFont("Helvetica-Bold", 28)
        c.drawString(MARGIN, HEIGHT - 250, title)
        c.setFont("Helvetica", 15)
        c.drawString(MARGIN, HEIGHT - 290, subtitle)
        c.setFont("Helvetica", 10)
        c.drawString(MARGIN, 120, "Published by the Test Authority, London, 2010")

    def contents(self, entries: list[tuple[str, int]]) -> None:
        c = self.canvas
        c.setFont("Helvetica-Bold", 18)
        c.drawString(MARGIN, self.y, "Contents")
        self.y -= 36
        c.setFont("Helvetica", 10.5)
        for text, printed in entries:
            dots = "." * max(4, int((WIDTH - 2 * MARGIN - c.stringWidth(text, *BODY) - 30) / 3))
            c.drawString(MARGIN, self.y, f"{text} {dots}")
            c.drawRightString(WIDTH - MARGIN, self.y, str(printed))
            self.y -= 20

    def heading(self, text: str, level: int) -> None:
        font, size = HEADING_STYLES[level]
        self._need(size * 2 + 3 * LEADING)
        self.y -= size * 1.2 if self.y < HEIGHT - MARGIN - 1 else 0
        self.canvas.setFont(font, size)
        self.canvas.drawString(MARGIN, self.y - size, text)
        self.y -= size + 10

    def lines(self, lines: list[str], x: float = MARGIN, font: tuple[str, float] = BODY) -> None:
        """A paragraph set exactly as the given printed lines (for hyphenation tests)."""
        self.canvas.setFont(*font)
        for line in lines:
            self._need(LEADING)
            self.canvas.setFont(*font)
            self.canvas.drawString(x, self.y - font[1], line)
            self.y -= LEADING
        self.y -= 8

    def para(self, text: str) -> None:
        self.lines(simpleSplit(text, BODY[0], BODY[1], WIDTH - 2 * MARGIN))

    def bullets(self, items: list[str]) -> None:
        for item in items:
            wrapped = simpleSplit(item, BODY[0], BODY[1], WIDTH - 2 * MARGIN - 16)
            self._need(LEADING * len(wrapped))
            self.canvas.setFont(*BODY)
            self.canvas.drawString(MARGIN, self.y - BODY[1], "•")
            for line in wrapped:
                self.canvas.drawString(MARGIN + 16, self.y - BODY[1], line)
                self.y -= LEADING
            self.y -= 2
        self.y -= 6

    def footnote(self, text: str) -> None:
        self.notes.append(text)

    def two_columns(self, left: list[str], right: list[str]) -> None:
        """Two columns of paragraphs side by side from the current position."""
        col_w = (WIDTH - 2 * MARGIN - 24) / 2
        top = self.y
        bottom = top
        for x, paras in ((MARGIN, left), (MARGIN + col_w + 24, right)):
            y = top
            self.canvas.setFont(*BODY)
            for para in paras:
                for line in simpleSplit(para, BODY[0], BODY[1], col_w):
                    self.canvas.drawString(x, y - BODY[1], line)
                    y -= LEADING
                y -= 8
            bottom = min(bottom, y)
        self.y = bottom

    def save(self) -> Path:
        self._flush_notes()
        self._furniture()
        self.canvas.save()
        return self.path


LOREM = (
    "Health inequalities are systematic and avoidable differences in health between groups "
    "of people. In London they follow a social gradient: the lower a person's social and "
    "economic position, the worse their health is likely to be. This paragraph carries "
    "enough words to wrap over several printed lines so that paragraphs look like prose."
)


def _text(topic: str, n: int = 1) -> str:
    return " ".join(f"{LOREM} The discussion of {topic} continues here." for _ in range(n))


def strategy_report(path: Path) -> Path:
    """A 9-page strategy: cover, contents, three levels of numbered headings, a two-column
    chapter, running header, printed page numbers two behind the physical ones."""
    w = ReportWriter(path, header="Health Inequalities Test Strategy 2010", number_offset=2)
    w.cover("The Test Health Strategy", "A strategy for reducing health inequalities")
    w.new_page(body=False)
    w.contents(
        [
            ("1. Introduction", 1),
            ("1.1 Purpose of the strategy", 1),
            ("1.1.1 The statutory duty", 2),
            ("2. Objectives", 3),
            ("2.1 Objective One: Empowering communities", 3),
            ("3. Delivery in two columns", 5),
        ]
    )
    w.new_page()
    w.heading("1. Introduction", 1)
    w.para(_text("the introduction"))
    w.heading("1.1 Purpose of the strategy", 2)
    w.lines(
        [
            "The strategy sets out how the Mayor will reduce health inequal-",
            "ities across London and improve mental well-",
            "being for the Londoners whose health is poorest, with self-",
            "help groups and partners across the city.",
        ]
    )
    w.footnote("1 Greater London Authority Act 2007, section 309.")
    w.para(_text("purpose", 2))
    w.new_page()
    w.heading("1.1.1 The statutory duty", 3)
    w.para(_text("the statutory duty", 2))
    w.bullets(
        [
            "publish a strategy for reducing health inequalities between people living in "
            "Greater London;",
            "consult the London Assembly and the functional bodies;",
            "review the strategy from time to time.",
        ]
    )
    w.para(_text("consultation"))
    w.new_page()
    w.heading("2. Objectives", 1)
    w.para(_text("the objectives"))
    w.heading("2.1 Objective One: Empowering communities", 2)
    w.para(_text("empowerment", 3))
    w.new_page()
    w.para(_text("community engagement", 2))
    w.new_page()
    w.heading("3. Delivery in two columns", 1)
    w.two_columns(
        [_text("the left column about housing"), "Left column closing paragraph on transport."],
        [_text("the right column about employment"), "Right column closing paragraph on parks."],
    )
    w.new_page()
    w.heading("3.1 Measuring progress", 2)
    w.para(_text("indicators", 2))
    w.new_page()
    w.heading("References", 1)
    w.para("Marmot M (2010) Fair Society, Healthy Lives. London: The Marmot Review.")
    return w.save()


def progress_report(path: Path) -> Path:
    """A 5-page progress report with "Part" and "Annex" headings and bold run-in subheads."""
    w = ReportWriter(path, header="Progress Report One Year On", number_offset=1)
    w.cover("Progress Report", "One year on")
    w.new_page()
    w.heading("Part One: What has happened", 1)
    w.para(_text("progress", 2))
    w.heading("Healthy workplaces", 2)
    w.para(_text("workplaces"))
    w.new_page()
    w.heading("Part Two: What happens next", 1)
    w.para(_text("next steps", 2))
    w.new_page()
    w.heading("Annex A: Indicators", 1)
    w.bullets(["life expectancy at birth;", "healthy life expectancy;", "school readiness."])
    w.para(_text("the indicators"))
    w.new_page()
    w.heading("References", 1)
    w.para("Department of Health (2010) Healthy Lives, Healthy People. London: TSO.")
    return w.save()


FACTORIES: dict[str, Callable[[Path], Path]] = {
    "strategy_report": strategy_report,
    "progress_report": progress_report,
}
