"""Parse the sample-edition source format (see FORMAT.md) into a small typed document tree.

The tree is renderer-neutral: the PDF and RTF writers walk the same `SourceDocument`, so the
two formats of one document cannot drift apart in wording or structure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

FORMATS = frozenset({"pdf", "rtf"})


class MarkupError(ValueError):
    """A source file breaks the format; the message names the file and line."""


@dataclass(frozen=True)
class Span:
    """A run of inline text; a footnote reference is a Span with `note` set and no text."""

    text: str
    bold: bool = False
    italic: bool = False
    note: int | None = None


Inlines = tuple[Span, ...]


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    objectives: tuple[int, ...]
    line: int


@dataclass(frozen=True)
class Paragraph:
    inlines: Inlines


@dataclass(frozen=True)
class Bullets:
    items: tuple[Inlines, ...]


@dataclass(frozen=True)
class Box:
    blocks: tuple[Paragraph | Bullets, ...]


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[Inlines, ...], ...]
    caption: str | None = None


@dataclass(frozen=True)
class Columns:
    count: int


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Paragraph | Bullets | Box | Table | Columns | PageBreak


@dataclass(frozen=True)
class Note:
    number: int
    inlines: Inlines


@dataclass(frozen=True)
class Section:
    heading: Heading
    blocks: tuple[Block, ...]
    notes: tuple[Note, ...]


@dataclass(frozen=True)
class SourceDocument:
    doc_id: str
    title: str
    subtitle: str | None
    date: str | None
    formats: tuple[str, ...]
    sections: tuple[Section, ...]

    def word_count(self) -> int:
        return sum(len(text.split()) for text in iter_text(self))


InlineFn = Callable[[str, int], Inlines]

_HEADING = re.compile(r"^(#{1,3})\s+(.+?)\s*\{obj:\s*([^}]*)\}\s*$")
_BARE_HEADING = re.compile(r"^#{1,6}\s")
_NOTE_DEF = re.compile(r"^\[\^([A-Za-z0-9_-]+)\]:\s*(.*)$")
# Order matters: bold before italic so "**x**" is not read as two empty italics.
# Emphasis markers must not touch a letter on their outer side, so "A*-C" stays literal.
_INLINE = re.compile(
    r"(?<!\w)\*\*(?=\S)(.+?)(?<=\S)\*\*(?!\w)"
    r"|(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])"
    r"|\[\^([A-Za-z0-9_-]+)\]"
)
_BOX_TITLE = re.compile(r"^\*\*[^*]+\*\*$")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")


@dataclass
class _SectionBuilder:
    heading: Heading
    lines: list[tuple[int, str]] = field(default_factory=list)


def parse_file(path: Path) -> SourceDocument:
    return parse(path.read_text(encoding="utf-8"), doc_id=path.stem, origin=str(path))


def parse(text: str, doc_id: str, origin: str = "<source>") -> SourceDocument:
    meta: dict[str, str] = {}
    builders: list[_SectionBuilder] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        directive = _directive(line)
        if directive and directive[0] in {"title", "subtitle", "date", "formats"}:
            if builders:
                raise MarkupError(f"{origin}:{number}: @{directive[0]} after the first heading")
            meta[directive[0]] = directive[1]
            continue
        if _BARE_HEADING.match(line):
            builders.append(_SectionBuilder(_heading(line, number, origin)))
            continue
        if not builders:
            if line.strip():
                raise MarkupError(f"{origin}:{number}: text before the first heading")
            continue
        builders[-1].lines.append((number, line))

    if "title" not in meta:
        raise MarkupError(f"{origin}: missing @title")
    formats = tuple(meta.get("formats", "pdf").split())
    unknown = set(formats) - FORMATS
    if unknown or not formats:
        raise MarkupError(f"{origin}: @formats must name pdf and/or rtf, got {formats}")
    if not builders:
        raise MarkupError(f"{origin}: no headings")

    counter = _NoteCounter()
    sections = tuple(_build_section(b, counter, origin) for b in builders)
    return SourceDocument(
        doc_id=doc_id,
        title=meta["title"],
        subtitle=meta.get("subtitle"),
        date=meta.get("date"),
        formats=formats,
        sections=sections,
    )


def plain(inlines: Inlines) -> str:
    return "".join(span.text for span in inlines)


def iter_text(doc: SourceDocument) -> Iterator[str]:
    """Every printed string of the body, for word counts and tests."""
    for section in doc.sections:
        yield section.heading.text
        for block in section.blocks:
            yield from _block_text(block)
        for note in section.notes:
            yield plain(note.inlines)


def _block_text(block: Block) -> Iterator[str]:
    if isinstance(block, Paragraph):
        yield plain(block.inlines)
    elif isinstance(block, Bullets):
        yield from (plain(item) for item in block.items)
    elif isinstance(block, Box):
        for inner in block.blocks:
            yield from _block_text(inner)
    elif isinstance(block, Table):
        yield from (plain(cell) for row in block.rows for cell in row)
        if block.caption:
            yield block.caption


def _directive(line: str) -> tuple[str, str] | None:
    if not line.startswith("@"):
        return None
    name, _, rest = line[1:].partition(" ")
    return name.strip(), rest.strip()


def _heading(line: str, number: int, origin: str) -> Heading:
    match = _HEADING.match(line)
    if not match:
        raise MarkupError(
            f"{origin}:{number}: a heading needs level 1-3 and an {{obj: ...}} tag: {line!r}"
        )
    hashes, text, tag = match.groups()
    tag = tag.strip()
    objectives: tuple[int, ...] = ()
    if tag != "-":
        try:
            objectives = tuple(sorted({int(part) for part in tag.split(",")}))
        except ValueError as exc:
            raise MarkupError(f"{origin}:{number}: bad objective tag {{obj: {tag}}}") from exc
        if not objectives or any(o < 1 or o > 5 for o in objectives):
            raise MarkupError(f"{origin}:{number}: objectives must be 1-5 or '-'")
    return Heading(
        level=len(hashes), text=" ".join(text.split()), objectives=objectives, line=number
    )


class _NoteCounter:
    """Numbers footnotes through the whole document, as a word processor does."""

    def __init__(self) -> None:
        self.last = 0

    def next(self) -> int:
        self.last += 1
        return self.last


def _build_section(builder: _SectionBuilder, counter: _NoteCounter, origin: str) -> Section:
    # Definitions may follow their reference anywhere in the section, so collect them first.
    definitions: dict[str, tuple[int, str]] = {}
    body: list[tuple[int, str]] = []
    for number, line in builder.lines:
        match = _NOTE_DEF.match(line)
        if match:
            definitions[match.group(1)] = (number, match.group(2).strip())
        else:
            body.append((number, line))

    notes: dict[str, Note] = {}

    def inline(text: str, number: int) -> Inlines:
        return _inlines(text, number, origin, definitions, notes, counter)

    blocks = _blocks(body, inline, origin)
    unused = set(definitions) - set(notes)
    if unused:
        first = min(definitions[key][0] for key in unused)
        raise MarkupError(f"{origin}:{first}: footnote(s) {sorted(unused)} never referenced")
    return Section(builder.heading, tuple(blocks), tuple(notes.values()))


def _inlines(
    text: str,
    number: int,
    origin: str,
    definitions: dict[str, tuple[int, str]],
    notes: dict[str, Note],
    counter: _NoteCounter,
) -> Inlines:
    spans: list[Span] = []
    position = 0
    for match in _INLINE.finditer(text):
        if match.start() > position:
            spans.append(Span(text[position : match.start()]))
        bold, italic, ref = match.groups()
        if bold is not None:
            spans.append(Span(bold, bold=True))
        elif italic is not None:
            spans.append(Span(italic, italic=True))
        else:
            if ref not in definitions:
                raise MarkupError(f"{origin}:{number}: footnote [^{ref}] has no definition")
            if ref not in notes:
                def_line, def_text = definitions[ref]
                note_number = counter.next()
                # A definition's own text may use emphasis but not further notes.
                notes[ref] = Note(
                    note_number, _inlines(def_text, def_line, origin, {}, {}, counter)
                )
            spans.append(Span("", note=notes[ref].number))
        position = match.end()
    if position < len(text):
        spans.append(Span(text[position:]))
    return tuple(spans)


def _blocks(body: list[tuple[int, str]], inline: InlineFn, origin: str) -> list[Block]:
    blocks: list[Block] = []
    index = 0
    while index < len(body):
        number, line = body[index]
        stripped = line.strip()
        if not stripped:
            index += 1
            continue
        directive = _directive(stripped)
        if directive and directive[0] == "caption":
            previous = body[index - 1][1].strip() if index else ""
            if not blocks or not isinstance(blocks[-1], Table) or not previous.startswith("|"):
                raise MarkupError(f"{origin}:{number}: @caption must directly follow a table")
            blocks[-1] = Table(blocks[-1].rows, directive[1])
            index += 1
        elif directive:
            blocks.append(_layout_directive(directive, number, origin))
            index += 1
        elif stripped.startswith(">"):
            group, index = _take(body, index, lambda s: s.startswith(">"))
            blocks.append(_box(group, inline))
        elif stripped.startswith("|"):
            group, index = _take(body, index, lambda s: s.startswith("|"))
            blocks.append(_table(group, inline, origin))
        elif stripped.startswith("- "):
            group, index = _take(body, index, lambda s: s.startswith("- "))
            blocks.append(Bullets(tuple(inline(s[2:].strip(), n) for n, s in group)))
        else:
            group, index = _take(body, index, _is_paragraph_line)
            joined = " ".join(s for _, s in group)
            blocks.append(Paragraph(inline(joined, group[0][0])))
    return blocks


def _is_paragraph_line(stripped: str) -> bool:
    return bool(stripped) and not stripped.startswith((">", "|", "- ", "@"))


def _take(
    body: list[tuple[int, str]], index: int, accept: Callable[[str], bool]
) -> tuple[list[tuple[int, str]], int]:
    group: list[tuple[int, str]] = []
    while index < len(body) and accept(body[index][1].strip()):
        group.append((body[index][0], body[index][1].strip()))
        index += 1
    return group, index


def _layout_directive(directive: tuple[str, str], number: int, origin: str) -> Block:
    name, value = directive
    if name == "pagebreak":
        return PageBreak()
    if name == "columns" and value in {"1", "2"}:
        return Columns(int(value))
    raise MarkupError(f"{origin}:{number}: unknown directive @{name} {value}".rstrip())


def _box(group: list[tuple[int, str]], inline: InlineFn) -> Box:
    # Re-use the block parser on the box's inner lines: paragraphs and bullets.
    inner = [(n, s[1:].strip()) for n, s in group]
    if len(inner) > 1 and _BOX_TITLE.match(inner[0][1]) and inner[1][1]:
        # A wholly bold first line is the box's title, a paragraph of its own.
        inner.insert(1, (inner[0][0], ""))
    blocks: list[Paragraph | Bullets] = []
    for block in _blocks(inner, inline, "<box>"):
        if isinstance(block, Paragraph | Bullets):
            blocks.append(block)
    return Box(tuple(blocks))


def _table(group: list[tuple[int, str]], inline: InlineFn, origin: str) -> Table:
    rows: list[tuple[Inlines, ...]] = []
    for number, line in group:
        if _TABLE_RULE.match(line):
            continue  # a Markdown header rule; the first row is the header anyway
        cells = line.strip().strip("|").split("|")
        rows.append(tuple(inline(cell.strip(), number) for cell in cells))
    widths = {len(row) for row in rows}
    if len(widths) != 1:
        raise MarkupError(f"{origin}:{group[0][0]}: table rows have different cell counts")
    return Table(tuple(rows))
