"""A single pass over RTF control words that keeps the structure striprtf throws away.

striprtf's rules decide the characters (``\\uN`` with ``\\ucN`` fallback skipping, ``\\'hh`` in
the font's ``\\fcharset`` or the document's ``\\ansicpg``, its destination list); this pass adds
what a sectioner needs: paragraph boundaries, the paragraph's style number and outline level,
how much of it is bold and at what size, table rows, list items, footnotes and text boxes.

The file is tokenised once with one regular expression. Group state (character and paragraph
properties, destination) is pushed on ``{`` and popped on ``}``, as the RTF spec describes.
Destinations whose text is never wanted (pictures, headers, footers, ``\\*`` groups) are
skipped by scanning for the matching brace, which is where most of a large file's bytes are.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.readers import rtf_lexicon as words
from ingest.readers.rtf_output import (
    BODY,
    DROP,
    FLDINST,
    FONTTBL,
    INFO,
    INFO_DATE,
    INFO_FIELD,
    STYLE,
    STYLESHEET,
    Group,
    Output,
    Paragraph,
)

SYMBOL_CODEC = "symbol"  # Symbol/Wingdings bytes map to U+F0xx, as Word does when it converts


@dataclass(frozen=True)
class Style:
    number: int
    name: str
    outline: int | None = None
    bold: bool | None = None
    half_points: int | None = None


@dataclass(frozen=True)
class ParsedRtf:
    paragraphs: tuple[Paragraph, ...]
    styles: dict[int, Style]
    metadata: dict[str, str]
    truncated: bool  # the file ended inside an open group
    replaced: int  # bytes that could not be decoded in their code page


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.codec = "cp1252"
        self.default_font: int | None = None
        self.fonts: dict[int, list[str]] = {}  # number -> [charset, cpg, name]
        self.font_codec: dict[int | None, str] = {}
        self.font_def: int | None = None
        self.styles: dict[int, Style] = {}
        self.entry: dict[str, object] = {}
        self.metadata: dict[str, str] = {}
        self.collect: list[str] = []  # text of the current stylesheet entry / info field
        self.info_name = ""
        self.date: dict[str, int] = {}
        self.fldinst = ""
        self.out = Output()
        self.footnotes = 0
        self.truncated = False
        self.replaced = 0

    # ---- decoding -----------------------------------------------------------------------
    def decode(self, data: bytes, st: Group) -> str:
        # Body text is in its font's charset; names in the info group and stylesheet are in
        # the document's code page whatever font happens to be current.
        codec = self.font_codec.get(st.font, self.codec) if st.dest == BODY else self.codec
        if codec == SYMBOL_CODEC:
            return "".join(chr(0xF000 + b) for b in data)
        text = data.decode(codec, errors="replace")
        self.replaced += text.count("\ufffd")
        return text

    def finish_fonts(self) -> None:
        for number, (charset, cpg, name) in self.fonts.items():
            lowered = name.lower()
            if charset == "2" or lowered.startswith(("symbol", "wingdings", "webdings")):
                self.font_codec[number] = SYMBOL_CODEC
            elif cpg and words.known_codec(f"cp{cpg}"):
                self.font_codec[number] = f"cp{cpg}"
            elif charset:
                self.font_codec[number] = words.charset_map.get(int(charset), self.codec)

    def add(self, st: Group, text: str) -> None:
        if not text or st.hidden:
            return
        if st.dest == BODY:
            self.out.add(st, text)
        elif st.dest in (STYLE, INFO_FIELD, FLDINST):
            self.collect.append(text)
        elif st.dest == FONTTBL and self.font_def is not None:
            self.fonts[self.font_def][2] += text

    # ---- the pass -----------------------------------------------------------------------
    def skip_group(self, pos: int) -> int:
        """Index just after the brace closing the group that is open at ``pos``."""
        depth = 1
        text = self.text
        found = words.BRACES.finditer(text, pos)
        while (m := next(found, None)) is not None:
            if m.group(2) == "{":
                depth += 1
            elif m.group(2) == "}":
                depth -= 1
                if depth == 0:
                    return m.end()
            elif m.group(1) is not None:
                found = words.BRACES.finditer(text, m.end() + int(m.group(1)))
        self.truncated = True
        return len(text)

    def run(self) -> None:
        text = self.text
        stack: list[Group] = []
        st = Group()
        hexes = bytearray()
        skip = 0  # fallback characters still to drop after a \uN
        star = False
        tokens = words.TOKEN.finditer(text)
        while (m := next(tokens, None)) is not None:
            word, arg, hexed, symbol, brace, plain = m.groups()
            if hexes and hexed is None:
                self.add(st, self.decode(bytes(hexes), st))
                hexes.clear()
            if plain is not None:
                star = False
                if skip:
                    dropped = min(skip, len(plain))
                    plain = plain[dropped:]
                    skip -= dropped
                if not plain.isascii():
                    # Raw 8-bit bytes (the file is read as Latin-1) are in the code page.
                    plain = self.decode(plain.encode("latin-1"), st)
                self.add(st, plain)
            elif word is not None:
                if (
                    word in words.SKIP
                    or (star and word not in words.READ)
                    or (word in words.INFO_ONLY and st.dest not in (INFO, INFO_FIELD))
                ):
                    # Jump over the rest of this group; it closes as if "}" had been read.
                    tokens = words.TOKEN.finditer(text, self.skip_group(m.end()))
                    skip, star = 0, False
                    if not stack:
                        break
                    parent = stack.pop()
                    self.close_group(st, parent, len(stack) + 1)
                    st = parent
                    if not stack:
                        break
                    continue
                star = False
                skip = 0
                if word == "bin":
                    # \binN: N bytes of binary data (an embedded object), never text.
                    tokens = words.TOKEN.finditer(text, m.end() + max(0, int(arg or 0)))
                    if m.end() + int(arg or 0) > len(text):
                        self.truncated = True
                elif word == "u" and arg is not None:
                    # \uN is a signed 16-bit number; anything outside it is damage.
                    code = int(arg)
                    if -32768 <= code <= 65535:
                        self.add(st, chr(code + 0x10000 if code < 0 else code))
                    skip = st.uc
                elif word in words.SPECIAL:
                    self.add(st, words.SPECIAL[word])
                elif word in words.CONTROLS:
                    self.control(st, word, arg, len(stack))
            elif hexed is not None:
                star = False
                if skip:
                    skip -= 1
                else:
                    hexes.append(int(hexed, 16))
            elif brace == "{":
                stack.append(st)
                st = st.copy()
                skip = 0
                if st.dest == STYLESHEET:
                    st.dest, self.collect, self.entry = STYLE, [], {}
            elif brace == "}":
                skip, star = 0, False
                if not stack:
                    break
                parent = stack.pop()
                self.close_group(st, parent, len(stack) + 1)
                st = parent
                if not stack:
                    break  # the document group closed: Word ignores whatever follows
            elif symbol is not None:
                skip = 0
                if symbol == "*":
                    star = True
                    continue
                star = False
                if symbol in "\r\n":
                    self.out.end_paragraph(st)
                elif symbol in words.SYMBOLS:
                    self.add(st, words.SYMBOLS[symbol])
        if stack:
            self.truncated = True
        if hexes:
            self.add(st, self.decode(bytes(hexes), st))
        if not self.font_codec:
            self.finish_fonts()
        self.out.finish(st)

    def close_group(self, closing: Group, parent: Group, depth: int) -> None:
        """Act on the end of a group at ``depth``: close its frame or file what it collected."""
        if len(self.out.frames) > 1 and self.out.frames[-1].depth == depth:
            self.out.close_frame(closing)
        if closing.dest == parent.dest:
            return
        if closing.dest == STYLE and parent.dest == STYLESHEET:
            self.add_style()
        elif closing.dest == INFO_FIELD:
            value = "".join(self.collect).strip()
            if value:
                self.metadata[self.info_name] = value
        elif closing.dest == INFO_DATE and "yr" in self.date:
            d = self.date
            key = "created" if self.info_name == "creatim" else "revised"
            self.metadata[key] = f"{d['yr']:04d}-{d.get('mo', 1):02d}-{d.get('dy', 1):02d}"
        elif closing.dest == FLDINST:
            self.fldinst = "".join(self.collect).strip()
        elif closing.dest == FONTTBL:
            self.finish_fonts()
        self.collect = []

    def add_style(self) -> None:
        entry = self.entry
        if entry.get("char"):
            return
        number = entry.get("s", 0)
        outline, bold, half_points = entry.get("outline"), entry.get("b"), entry.get("fs")
        self.styles[int(number) if isinstance(number, int) else 0] = Style(
            number=int(number) if isinstance(number, int) else 0,
            name="".join(self.collect).split(";")[0].strip(),
            outline=outline if isinstance(outline, int) else None,
            bold=bold if isinstance(bold, bool) else None,
            half_points=half_points if isinstance(half_points, int) else None,
        )

    def control(self, st: Group, word: str, arg: str | None, depth: int) -> None:
        """Apply one control word that is not a skipped destination."""
        number = int(arg) if arg is not None else None
        dest = st.dest
        if word == "par" or word == "sect" or word == "page":
            self.out.end_paragraph(st)
        elif word == "b":
            st.bold = number != 0
            if dest == STYLE:
                self.entry["b"] = st.bold
        elif word == "fs":
            st.fs = number if number else 24
            if dest == STYLE:
                self.entry["fs"] = st.fs
        elif word == "f":
            st.font = number
            if dest == FONTTBL and number is not None:
                self.font_def = number
                self.fonts.setdefault(number, ["", "", ""])
        elif word == "plain":
            st.bold, st.fs, st.font, st.hidden = False, 24, self.default_font, False
        elif word == "pard":
            st.style, st.outline, st.intbl, st.ls, st.sb = 0, None, False, False, 0
        elif word == "s":
            st.style = number or 0
            if dest == STYLE:
                self.entry["s"] = st.style
            elif (style := self.styles.get(st.style)) is not None:
                # Writers normally repeat the style's formatting; some rely on the style.
                st.bold = style.bold if style.bold is not None else st.bold
                st.fs = style.half_points or st.fs
        elif word == "outlinelevel":
            level = number if number is not None and 0 <= number <= 8 else None
            st.outline = level
            if dest == STYLE:
                self.entry["outline"] = level
        elif word == "intbl":
            st.intbl = True
        elif word == "itap":
            st.intbl = bool(number)
        elif word == "cell" or word == "nestcell":
            self.out.end_cell(nested=word == "nestcell")
        elif word == "row" or word == "nestrow":
            self.out.end_row(st, nested=word == "nestrow")
        elif word == "ls":
            st.ls = bool(number)
        elif word == "sb":
            st.sb = number or 0
        elif word == "v" or word == "deleted":
            st.hidden = number != 0
        elif word == "uc":
            st.uc = number if number is not None and number >= 0 else 1
        elif word == "chftn":
            if self.out.frames[-1].kind == "footnote":
                self.add(st, f"{self.footnotes} ")
            else:
                self.footnotes += 1
                self.out.anchor(str(self.footnotes))
        elif word == "pntext" or word == "listtext":
            self.out.frames[-1].list_item = True
        elif word == "footnote":
            self.out.open_frame(st, "footnote", depth)
        elif word == "shptxt":
            self.out.open_frame(st, "box", depth)
        elif word == "nesttableprops":
            st.dest = DROP  # row properties of a nested table, and the \nestrow that ends it
        elif word == "fldrslt":
            st.toc = st.toc or self.fldinst.upper().startswith("TOC")
        elif word == "fldinst":
            st.dest, self.collect = FLDINST, []
        elif word == "fonttbl":
            st.dest = FONTTBL
        elif word == "fcharset" and dest == FONTTBL and self.font_def is not None:
            self.fonts[self.font_def][0] = arg or ""
        elif word == "cpg" and dest == FONTTBL and self.font_def is not None:
            self.fonts[self.font_def][1] = arg or ""
        elif word == "stylesheet":
            st.dest = STYLESHEET
        elif word in ("cs", "ds", "ts") and dest == STYLE:
            self.entry["char"] = True
        elif word == "info":
            st.dest = INFO
        elif dest == INFO and word in words.INFO_FIELDS:
            st.dest, self.collect, self.info_name = INFO_FIELD, [], word
        elif dest == INFO and word in words.INFO_DATES:
            st.dest, self.date, self.info_name = INFO_DATE, {}, word
        elif dest == INFO_DATE and word in ("yr", "mo", "dy") and number is not None:
            self.date[word] = number
        elif word == "ansicpg" and number is not None:
            candidate = f"cp{number}"
            self.codec = candidate if words.known_codec(candidate) else "cp1252"
        elif word in words.CHARSETS:
            self.codec = words.CHARSETS[word]
        elif word == "deff":
            self.default_font = number
            st.font = number


def parse(text: str) -> ParsedRtf:
    """Parse RTF given as one character per byte (the file decoded as Latin-1)."""
    parser = _Parser(text)
    parser.run()
    return ParsedRtf(
        paragraphs=tuple(parser.out.body.out),
        styles=parser.styles,
        metadata=parser.metadata,
        truncated=parser.truncated,
        replaced=parser.replaced,
    )
