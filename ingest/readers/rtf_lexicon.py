"""The RTF vocabulary the parser needs: which destinations to read, which control words matter.

The destination list is striprtf's, so both agree on what is not body text; this module adds
the few destinations whose text or structure the parser keeps (footnotes, the stylesheet, the
info group, field instructions, text boxes, nested table properties).
"""

from __future__ import annotations

import codecs
import re

from striprtf.striprtf import charset_map, destinations

__all__ = ["charset_map", "known_codec"]

INFO_FIELDS = frozenset(
    {"title", "author", "subject", "keywords", "company", "manager", "category", "doccomm"}
)
INFO_DATES = frozenset({"creatim", "revtim"})
INFO_ONLY = INFO_FIELDS | {"operator", "comment"}  # skipped wherever else they appear
# Destinations this parser reads instead of skipping (or reads through, such as \upr, whose
# first group is the ANSI text for readers that do not know \ud).
READ = INFO_ONLY | {"footnote", "info", "stylesheet", "fonttbl", "fldinst", "pntext", "upr"}
READ |= {"shp", "shpinst", "shptxt", "nesttableprops"} | INFO_DATES
SKIP = (destinations - READ) | {"nonshppict", "fldtype", "xmlopen", "pgdsctbl"}
# Every control word the parser acts on; the rest (most of a file) are passed over.
# fmt: off
CONTROLS = frozenset({
    "par", "sect", "page", "b", "fs", "f", "plain", "pard", "s", "outlinelevel", "intbl", "itap",
    "cell", "nestcell", "row", "nestrow", "ls", "sb", "v", "deleted", "uc", "chftn", "pntext",
    "listtext", "footnote", "shptxt", "fldrslt", "fldinst", "fonttbl", "fcharset", "cpg",
    "stylesheet", "cs", "ds", "ts", "info", "yr", "mo", "dy", "ansicpg", "ansi", "mac", "pc",
    "pca", "deff", "nesttableprops",
}) | INFO_FIELDS | INFO_DATES
# fmt: on
SPECIAL = {
    "tab": "\t",
    "line": "\n",
    "emdash": "\u2014",
    "endash": "\u2013",
    "emspace": "\u2003",
    "enspace": "\u2002",
    "qmspace": "\u2005",
    "bullet": "\u2022",
    "lquote": "\u2018",
    "rquote": "\u2019",
    "ldblquote": "\u201c",
    "rdblquote": "\u201d",
}
# Control symbols. The soft hyphen is dropped and the non-breaking hyphen becomes "-" so that a
# search for "health-related" finds the word however the author typed it.
SYMBOLS = {"~": "\xa0", "-": "", "_": "-", "\\": "\\", "{": "{", "}": "}", "\t": "\t"}

TOKEN = re.compile(
    r"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?"  # 1, 2: control word and its argument
    r"|\\'([0-9a-fA-F]{2})"  # 3: one byte in the current code page
    r"|\\(.)"  # 4: control symbol (\<newline> is a paragraph mark)
    r"|([{}])"  # 5: group
    r"|[\r\n]+"  # bare line ends mean nothing in RTF
    r"|([^\\{}\r\n]+)",  # 6: a run of plain text
    re.DOTALL,
)
BRACES = re.compile(r"\\[\\{}]|\\bin(\d+) ?|([{}])")  # what matters when skipping a group
CHARSETS = {"ansi": "cp1252", "mac": "mac_roman", "pc": "cp437", "pca": "cp850"}


def known_codec(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True
