"""Page surgery the way designers insert landscape pages into a portrait report."""

from __future__ import annotations

from pathlib import Path

from pypdf import PageObject, PdfReader, PdfWriter, Transformation


def turned(page: PageObject, rotate_flag: bool) -> PageObject:
    """A landscape page redrawn a quarter turn anticlockwise onto a portrait page.

    With ``rotate_flag`` the page also gets /Rotate 90, so a viewer shows it landscape and
    upright (an inserted landscape page); without, it stays portrait and the reader turns
    the paper to read it (a table set sideways on an upright page)."""
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    page.add_transformation(Transformation().rotate(90).translate(tx=height, ty=0))
    page.mediabox.lower_left = (0, 0)
    page.mediabox.upper_right = (height, width)
    page.cropbox = page.mediabox
    if rotate_flag:
        page.rotation = 90
    return page


def append_turned(main: Path, extra: Path, out: Path, flags: list[bool]) -> Path:
    """``main`` followed by the pages of ``extra``, each turned (see :func:`turned`)."""
    writer = PdfWriter(clone_from=PdfReader(main))
    for page, flag in zip(PdfReader(extra).pages, flags, strict=True):
        turned(writer.add_page(page), flag)
    with out.open("wb") as fh:
        writer.write(fh)
    return out
