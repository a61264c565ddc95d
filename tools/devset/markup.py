"""A tiny markup for report bodies, so one text file can feed several producers.

    # Heading 1 / ## Heading 2 / ### Heading 3
    **Lead.** rest of a paragraph        bold run-in lead-in
    - item                               bullet (glyph set by "@bullets symbol|wingdings|unicode")
    1. item                              numbered list
    (a) item                             lettered list
    Table: caption                       then "| a | b |" rows, the first is the header
    @pagebreak
    text[^a footnote]                    footnote
Paragraphs are separated by blank lines; lines of one paragraph are joined.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Item:
    kind: str  # heading | para | lead | bullets | numbered | alpha | table | pagebreak
    text: str = ""
    level: int = 0
    lead: str = ""
    items: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    glyph: str = "symbol"
    extra: dict[str, str] = field(default_factory=dict)


_LEAD = re.compile(r"^\*\*(.+?)\*\*\s+(.*)$", re.S)


def parse(text: str) -> list[Item]:
    items: list[Item] = []
    glyph = "symbol"
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line.rstrip() for line in block.strip().splitlines() if line.strip()]
        if not lines:
            continue
        first = lines[0]
        if first.startswith("@bullets"):
            glyph = first.split()[1]
            lines = lines[1:]
            if not lines:
                continue
            first = lines[0]
        if first == "@pagebreak":
            items.append(Item("pagebreak"))
        elif m := re.match(r"^(#{1,3})\s+(.*)$", first):
            items.append(Item("heading", m.group(2), level=len(m.group(1))))
            if len(lines) > 1:
                items.extend(parse("\n".join(lines[1:])))
        elif first.startswith("- "):
            items.append(Item("bullets", items=_list(lines, r"- "), glyph=glyph))
        elif re.match(r"^\d+\.\s", first):
            items.append(Item("numbered", items=_list(lines, r"\d+\.\s")))
        elif re.match(r"^\([a-z]\)\s", first):
            items.append(Item("alpha", items=_list(lines, r"\([a-z]\)\s")))
        elif first.startswith("Table:"):
            rows = tuple(
                tuple(c.strip() for c in line.strip().strip("|").split("|")) for line in lines[1:]
            )
            items.append(Item("table", first[len("Table:") :].strip(), rows=rows))
        else:
            joined = " ".join(lines)
            if m := _LEAD.match(joined):
                items.append(Item("lead", m.group(2), lead=m.group(1)))
            else:
                items.append(Item("para", joined))
    return items


def _list(lines: list[str], marker: str) -> tuple[str, ...]:
    out: list[str] = []
    for line in lines:
        if re.match(marker, line):
            out.append(re.sub("^" + marker, "", line).strip())
        else:
            out[-1] += " " + line.strip()
    return tuple(out)


def strip_notes(text: str) -> str:
    return re.sub(r"\[\^.+?\]", "", text)
