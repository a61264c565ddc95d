"""Analysts' judgements on commitments and their follow-up links: ``corpus/commitment_links.toml``.

Keyed by the stable ids the ingest gives (``<doc>-c<hash>`` for a commitment, ``<doc>-p<hash>``
for a passage: hashes of the words, so they survive re-ingest), in the style of the tag
overrides::

    [commitments."his-2010-c1a2b3c4d"]
    confirm = ["one-year-on-2011-p9f8e7d6c"]   # keep these links whatever their score
    reject = ["delivery-plan-2015-p0a1b2c3"]   # never show these links
    not_a_commitment = true                     # the rules misread this sentence
    note = "Checked against the 2011 progress table."

    [commitments."his-2010-c1a2b3c4d".status]
    "one-year-on-2011-p9f8e7d6c" = "done"      # the status wording was misread
"""

from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ingest.errors import IngestError

log = logging.getLogger(__name__)

FILE_NAME = "commitment_links.toml"
STATUSES = frozenset({"done", "in progress", "changed", "dropped", "mentioned"})


@dataclass(frozen=True)
class Judgement:
    confirm: frozenset[str] = frozenset()
    reject: frozenset[str] = frozenset()
    not_a_commitment: bool = False
    status: dict[str, str] = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True)
class Judgements:
    commitments: dict[str, Judgement] = field(default_factory=dict)

    def for_commitment(self, commitment_id: str) -> Judgement | None:
        return self.commitments.get(commitment_id)

    def rejected_commitments(self) -> frozenset[str]:
        return frozenset(k for k, j in self.commitments.items() if j.not_a_commitment)


def links_file(corpus_dir: Path) -> Path:
    return Path(corpus_dir) / FILE_NAME


def load_judgements(path: Path | str) -> Judgements:
    """Read the judgements file; a missing file means none. Raises IngestError with the
    file's name when it is not valid TOML."""
    path = Path(path)
    if not path.exists():
        return Judgements()
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise IngestError(f"{path}: not valid TOML ({exc})") from exc
    out = {}
    for commitment_id, entry in data.get("commitments", {}).items():
        if not isinstance(entry, dict):
            log.warning("%s: [commitments.%s] is not a table; ignored", path, commitment_id)
            continue
        status = {}
        for passage, value in dict(entry.get("status", {})).items():
            if value in STATUSES:
                status[str(passage)] = str(value)
            else:
                log.warning("%s: status %r for %s is not one of %s", path, value, passage,
                            ", ".join(sorted(STATUSES)))  # fmt: skip
        out[str(commitment_id)] = Judgement(
            confirm=frozenset(str(x) for x in entry.get("confirm", ())),
            reject=frozenset(str(x) for x in entry.get("reject", ())),
            not_a_commitment=bool(entry.get("not_a_commitment", False)),
            status=status,
            note=str(entry.get("note", "")),
        )
    return Judgements(out)
