"""Paragraph styles, colours and hyphenation for the sample-edition PDFs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from .markup import Inlines

BODY_SIZE = 10.5
HEADING_SIZES = {1: 18.0, 2: 14.0, 3: 12.0}
BRAND = colors.HexColor("#1f4e79")  # a dark civic blue for bands, rules and table headers
SHADE = colors.HexColor("#e8eef5")
RULE = colors.HexColor("#8a9bb0")
GREY = colors.HexColor("#555555")

Hyphenator = Callable[[str], Iterator[tuple[str, str]]]


@cache
def hyphenator() -> Hyphenator:
    """pyphen's British dictionary when installed, else a crude syllable splitter.

    Real reports break long words at line ends; ingestion has to re-join "inequali-" + "ties",
    so the sample editions must contain such breaks whether or not pyphen is present.
    """
    try:
        import pyphen
    except ImportError:
        return _fallback_hyphenate
    dictionary = pyphen.Pyphen(lang="en_GB")

    def pairs(word: str) -> Iterator[tuple[str, str]]:
        for left, right in dictionary.iterate(word):
            if right.startswith("-"):
                # Break a compound after its own hyphen: "better-" / "off", not "better-" / "-off".
                yield left + "-", right[1:]
            elif not left.endswith("-"):
                yield left, right

    return pairs


def _fallback_hyphenate(word: str) -> Iterator[tuple[str, str]]:
    # Break vowel-consonant | consonant-vowel ("popu-lation" is missed, "inequal-ities" is not).
    vowels = set("aeiouyAEIOUY")
    if not word.isalpha():
        return
    for i in range(len(word) - 3, 2, -1):
        if (
            word[i - 2] in vowels
            and word[i - 1] not in vowels
            and word[i] not in vowels
            and word[i + 1] in vowels
        ):
            yield word[:i], word[i:]


def make_styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle(
        "Body",
        fontName="Helvetica",
        fontSize=BODY_SIZE,
        leading=14.5,
        alignment=TA_JUSTIFY,
        spaceAfter=7,
        hyphenationLang=hyphenator(),
        embeddedHyphenation=1,
        uriWasteReduce=0.3,
    )
    styles: dict[str, ParagraphStyle] = {"body": body}
    for level, size in HEADING_SIZES.items():
        styles[f"h{level}"] = ParagraphStyle(
            f"Heading{level}",
            fontName="Helvetica-Bold",
            fontSize=size,
            leading=size * 1.25,
            textColor=BRAND if level == 1 else colors.black,
            spaceBefore={1: 0, 2: 14, 3: 10}[level],
            spaceAfter={1: 14, 2: 6, 3: 4}[level],
            # Not keepWithNext: reportlab would keep the heading with the WHOLE next paragraph
            # and leave half-empty columns; a CondPageBreak before the heading does the job.
            keepWithNext=0,
            alignment=TA_LEFT,
            hyphenationLang="",
        )
    styles["bullet"] = ParagraphStyle(
        "Bullet", parent=body, leftIndent=16, bulletIndent=5, spaceAfter=3, alignment=TA_LEFT
    )
    styles["box"] = ParagraphStyle("BoxText", parent=body, fontSize=10, leading=13.5, spaceAfter=0)
    styles["box_title"] = ParagraphStyle(
        "BoxTitle", parent=styles["box"], fontName="Helvetica-Bold", textColor=BRAND
    )
    styles["box_bullet"] = ParagraphStyle(
        "BoxBullet", parent=styles["box"], leftIndent=14, bulletIndent=3, alignment=TA_LEFT
    )
    styles["cell"] = ParagraphStyle(
        "Cell", fontName="Helvetica", fontSize=9, leading=11.5, hyphenationLang=""
    )
    styles["cell_head"] = ParagraphStyle(
        "CellHead", parent=styles["cell"], fontName="Helvetica-Bold", textColor=colors.white
    )
    styles["caption"] = ParagraphStyle(
        "Caption", fontName="Helvetica-Bold", fontSize=9, leading=12, spaceBefore=4, spaceAfter=4
    )
    styles["notes_head"] = ParagraphStyle(
        "NotesHead", fontName="Helvetica-Bold", fontSize=8.5, leading=11, spaceBefore=2
    )
    styles["note"] = ParagraphStyle(
        "Note", fontName="Helvetica", fontSize=8, leading=10.5, leftIndent=12, bulletIndent=0
    )
    styles["contents_title"] = ParagraphStyle("ContentsTitle", parent=styles["h1"], keepWithNext=0)
    styles["toc0"] = ParagraphStyle(
        "TOC0",
        fontName="Helvetica-Bold",
        fontSize=11,
        leading=15,
        spaceBefore=6,
        rightIndent=24,
    )
    styles["toc1"] = ParagraphStyle(
        "TOC1", fontName="Helvetica", fontSize=10, leading=13.5, leftIndent=16, rightIndent=24
    )
    styles["cover_title"] = ParagraphStyle(
        "CoverTitle", fontName="Helvetica-Bold", fontSize=28, leading=34, textColor=BRAND
    )
    styles["cover_sub"] = ParagraphStyle(
        "CoverSub", fontName="Helvetica", fontSize=15, leading=20, spaceBefore=14, textColor=GREY
    )
    styles["cover_date"] = ParagraphStyle(
        "CoverDate", fontName="Helvetica", fontSize=13, leading=18, spaceBefore=24
    )
    styles["imprint"] = ParagraphStyle(
        "Imprint", fontName="Helvetica", fontSize=9, leading=13, spaceAfter=6
    )
    styles["notice"] = ParagraphStyle(
        "Notice", fontName="Helvetica-Oblique", fontSize=10, leading=13, alignment=TA_CENTER
    )
    return styles


def inline_xml(inlines: Inlines) -> str:
    """Reportlab paragraph markup for a run of spans."""
    parts: list[str] = []
    for span in inlines:
        if span.note is not None:
            parts.append(f"<super>{span.note}</super>")
            continue
        text = escape(span.text)
        if span.bold:
            text = f"<b>{text}</b>"
        if span.italic:
            text = f"<i>{text}</i>"
        parts.append(text)
    return "".join(parts)
