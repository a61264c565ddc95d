"""Which of two documents came out first, from their issued dates and, failing those, kinds.

Issued dates are given to the precision known: "2015-09", "2011-01-14", "2010". Two dates are
compared as far as both go; when they agree that far ("2010" and "2010-04") the documents'
kinds decide, in the order ``[order] kinds`` of ``ingest/data/commitments.toml`` lists them
(First Steps to Delivery, a delivery plan, follows the Strategy it delivers; an evidence review
comes before the strategy it informs).
"""

from __future__ import annotations

from ingest.commitments import load_cues
from ingest.followup_status import date_parts
from ingest.model import Document


def is_later(issued: str, than: str) -> bool:
    """True when ``issued`` is after ``than`` at the precision both give ("2011" is later
    than "2010-04"; "2010" is not, nor is "2011-01" later than "2011")."""
    a, b = date_parts(issued), date_parts(than)
    n = min(len(a), len(b))
    return n > 0 and a[:n] > b[:n]


def follows(document: Document, other: Document) -> bool:
    """True when ``document`` came out after ``other``: by date where the dates tell
    (:func:`is_later`); when they agree as far as both go ("2010" and "2010-04"), by kind, as
    ``[order] kinds`` lists them (a delivery plan follows the strategy it delivers)."""
    if is_later(document.issued, other.issued):
        return True
    if is_later(other.issued, document.issued):
        return False
    if not date_parts(document.issued) or not date_parts(other.issued):
        return False
    kinds = {k: n for n, k in enumerate(load_cues()["order"]["kinds"])}
    mine, theirs = kinds.get(document.doc_type), kinds.get(other.doc_type)
    return mine is not None and theirs is not None and mine > theirs
