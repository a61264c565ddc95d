"""What the words of a block say about it being a heading: numbering, list markers, captions,
callout figures, pull quotes, listings and sentences.

Pure functions of the text (and font name), shared by the sectioner and the contents-page
reader; nothing here knows about pages or typography.
"""

from __future__ import annotations

import re

_WORDNUM = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
)
NAMED = re.compile(
    rf"^(?:part|chapter|section|objective|annex|appendix|indicator|theme|priority|schedule|"
    rf"module|unit|volume|book|article)"
    rf"\s+(?:\d{{1,3}}|[A-Z]|[IVX]{{1,5}}|{_WORDNUM})\b\s*[:.–—-]?",
    re.IGNORECASE,
)
# Named numbering that sits above chapters ("Part Two") and beside them ("Appendix A").
_OUTER = re.compile(r"^(?:part|volume|book)\b", re.IGNORECASE)
_BESIDE = re.compile(r"^(?:annex|appendix|schedule)\b", re.IGNORECASE)
_CHAPTER = re.compile(r"^chapter\b", re.IGNORECASE)
# "1.", "2.3", "2.3.1", "A.1", "A1.2" at the start, followed by a space and a word.
_DOTTED = re.compile(r"^((?:\d{1,2}|[A-Z])(?:\.\d{1,2}){0,4})(\.?)\s+\S")
# List item markers: bullets of every kind, "(a)", "a)", "i)", "(iv)", "1)", "-".
_LIST_MARK = re.compile(
    r"^(?:[•●○◦▪▫■□◆◇➢➤►▸▶✓✔❱❯›»\-–—*·]\s*|\(?[a-z]\)\s+|\((?:[ivx]{1,5}|\d{1,2})\)\s+|"
    r"(?:[ivx]{1,5})\)\s+|\d{1,2}\)\s+)"
)
CAPTION = re.compile(
    r"^(?:figure|fig\.|table|chart|graph|map|exhibit|diagram|image|photo|source|sources|"
    r"note|notes|key|base)\s*(?:\d+(?:[.\-–]\d+)*[a-z]?|[A-Z]\d*|[ivx]+)?\s*[:.–—-]?(?:\s|$)",
    re.IGNORECASE,
)
_CAPTION_NUMBERED = re.compile(
    r"^(?:figure|fig\.|table|chart|graph|map|exhibit|diagram)\s*(?:\d|[A-Z]\d|[ivx]+\b)",
    re.IGNORECASE,
)
# A figure set large for effect: "73%", "£8.3bn", "1 in 5", "2,400 homes".
_CALLOUT = re.compile(
    r"^(?:[£$€]\s?\d|\d[\d,.]*\s?(?:%|per ?cent|bn|m\b|k\b|million|billion|thousand|x\b)|"
    r"\d+\s+(?:in|out of)\s+\d+\b|\d{1,3}(?:,\d{3})+\b)",
    re.IGNORECASE,
)
# The title of a contents page, in the words reports use for it.
CONTENTS_TITLE = re.compile(
    r"^(?:table of contents|contents(?: page)?|in this (?:report|document|publication|plan|"
    r"strategy|issue|edition|guide|booklet)|inside this (?:report|issue)|what'?s inside|"
    r"inhalt|inhaltsverzeichnis|sommaire|table des matières|índice|indice|sommario|inhoud)$",
    re.IGNORECASE,
)
_QUOTE_OPEN = "\"“‘'«„"
_MONO = re.compile(r"courier|mono|consol|menlo|typewriter|cmtt|sfmono|lucidaconsole|code", re.I)
_FUNCTION_WORDS = frozenset(
    re.findall(
        r"\w+",
        "a an the and or but of to in on for with by from at as is are was were be been has "
        "have had will would should could can may must this that these those it its their our "
        "we they which who whom whose there than then so not no",
    )
)
_SENTENCE_VERBS = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|should|could|can|may|must|do|does|did)\b",
    re.IGNORECASE,
)


def numbering_depth(text: str) -> int | None:
    """Depth of a heading's dotted numbering: "2." 1, "2.3" 2, "2.3.1" 3, "A.1" 2; else None."""
    match = _DOTTED.match(text)
    if not match:
        return None
    number, dot = match.group(1), match.group(2)
    depth = number.count(".") + 1
    if depth == 1 and not number.isdigit():
        return None  # "A word" is a sentence, not an annex number
    words = text.split()
    if depth == 1 and not dot and len(words) > 1 and not _title_start(words[1]):
        return None  # "3 people said" is prose; "3 Healthy places" is a heading
    if depth >= 2 and len(words) > 1 and words[1][:1].islower():
        return None  # "8.3 billion pounds", "2.5 times more": a figure in prose
    return depth


def _title_start(word: str) -> bool:
    """Starts like a title word: a capital, or a letter of a script without case."""
    first = word[:1]
    return first.isupper() or (first.isalpha() and not first.islower())


_ROMAN_HEAD = re.compile(r"^(?=[IVXL])L?X{0,3}(?:IX|IV|V?I{0,3})[.)]\s+\S")
_LETTER_HEAD = re.compile(r"^[A-Z][.)]\s+\S")


def numbering_scheme(text: str) -> tuple[str, int] | None:
    """The numbering a heading starts with and its depth within that scheme:
    ("arabic", 2) for "2.3 Housing", ("roman", 1) for "IV. Results", ("letter", 1) for
    "B. Diagnosis"; None when unnumbered. "I." reads as roman (a letter outline rarely
    reaches I)."""
    depth = numbering_depth(text)
    if depth is not None and text[:1].isdigit():
        return "arabic", depth
    if _ROMAN_HEAD.match(text):
        return "roman", 1
    if _LETTER_HEAD.match(text):
        return "letter", 1
    if depth is not None:
        return "letter", depth  # "A.1 Sources": an appendix's numbered sections
    return None


def named_kind(text: str) -> str | None:
    """ "outer" for Part/Volume, "beside" for Appendix/Annex, "chapter", "named" for other
    named numbering (Objective 3, Indicator 4, Section 2), None when not named."""
    if not NAMED.match(text):
        return None
    if _OUTER.match(text):
        return "outer"
    if _BESIDE.match(text):
        return "beside"
    if _CHAPTER.match(text):
        return "chapter"
    return "named"


def is_numbered(text: str) -> bool:
    """Does ``text`` start with a heading number ("2.3", "Part Two", "Annex A", "Indicator 4:")?"""
    return bool(NAMED.match(text)) or numbering_depth(text) is not None


def leading_number(text: str) -> tuple[int, ...] | None:
    """The dotted number a block starts with, as integers ("2.3 Housing" -> (2, 3))."""
    match = _DOTTED.match(text)
    if not match or not match.group(1)[:1].isdigit():
        return None
    return tuple(int(p) for p in match.group(1).split("."))


def is_list_marker(text: str) -> bool:
    """Starts with a bullet or a list label ("(a)", "ii)", "3)") rather than a section number."""
    return bool(_LIST_MARK.match(text))


def is_caption(text: str) -> bool:
    """ "Figure 3: ...", "Table 2.1 ...", "Source: ONS": a caption or a note on a figure."""
    return bool(_CAPTION_NUMBERED.match(text)) or bool(
        re.match(r"^(?:source|sources|note|notes|base)\s*:", text, re.IGNORECASE)
    )


_FIGURE_WORDS = re.compile(r"^[£$€]?\d[\d,.]*%?(?:\s+[a-z]\S*){0,2}$")


def is_callout(text: str) -> bool:
    """A figure set large for effect ("73%", "£8.3bn", "1 in 5 children", "17 years") and not
    a heading."""
    if numbering_depth(text) is not None:
        return False
    return bool(_CALLOUT.match(text)) or bool(_FIGURE_WORDS.match(text))


def is_quote(text: str) -> bool:
    """A pull quote: text in quotation marks."""
    return text[:1] in _QUOTE_OPEN and len(text.split()) >= 3


def is_monospaced(font: str) -> bool:
    """A typewriter font: code listings and commands, not headings."""
    return bool(_MONO.search(font))


def is_sentence(text: str) -> bool:
    """Prose rather than a title: long, ending like a sentence, or built like one."""
    words = text.split()
    short_number = is_numbered(text) and len(words) <= 2
    question = text.endswith("?") and len(words) <= 12  # "What is cancer?" may be a heading
    if text.endswith((".", ";", ",", "?", "!")) and not short_number and not question:
        return True
    if len(words) >= 14:
        function = sum(1 for w in words if w.lower() in _FUNCTION_WORDS)
        if function >= 0.35 * len(words) or _SENTENCE_VERBS.search(text):
            return True
    return False


_ITALIC = re.compile(r"italic|oblique|[-,]it\b|ital\b|cmti|sfti|lmri", re.IGNORECASE)
_italic_cache: dict[str, bool] = {}


def is_italic_font(fontname: str) -> bool:
    """Italic by font name (``Times-Italic``, ``Calibri,Italic``, TeX's ``CMTI10``)."""
    italic = _italic_cache.get(fontname)
    if italic is None:
        name = fontname.partition("+")[2] or fontname
        italic = _italic_cache[fontname] = bool(_ITALIC.search(name))
    return italic
