"""The development set: reports made by producers other than the corpus generator
(LibreOffice from DOCX, Word-via-PostScript, Chromium print, groff), with hand-checked golden
outlines and metadata in tests/golden/devset/. Rebuild with ``python -m tools.devset.build``.
"""
