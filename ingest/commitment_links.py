"""Analysts' judgements on commitments and their follow-up links: ``corpus/commitment_links.toml``.

Keyed by the stable ids the ingest gives (``<doc>-c<hash>`` for a commitment, ``<doc>-p<hash>``
for a passage: hashes of the words, so they survive re-ingest). One table per judgement, so a
judgement is added by appending lines (the web page shows them; ``healthsearch commitments
confirm|reject`` appends them); a later table overrides an earlier one on the same link::

    [[link]]
    commitment = "his-2010-c1a2b3c4d"
    passage = "one-year-on-2011-p9f8e7d6c"
    verdict = "confirm"        # confirm: keep whatever its weight; reject: never show
    status = "done"            # optional: the status, where the wording was misread
    note = "Checked against the 2011 progress table."

    [[commitment]]
    id = "his-2010-c5e6f7a8b"
    verdict = "reject"         # the rules misread this sentence: not a commitment
"""

from __future__ import annotations

import json
import logging
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ingest.errors import IngestError

log = logging.getLogger(__name__)

FILE_NAME = "commitment_links.toml"
STATUSES = frozenset({"done", "in progress", "changed", "dropped", "mentioned"})
VERDICTS = frozenset({"confirm", "reject"})


@dataclass(frozen=True)
class Judgement:
    """What analysts said about one commitment and its links."""

    confirm: frozenset[str] = frozenset()
    reject: frozenset[str] = frozenset()
    not_a_commitment: bool = False
    status: dict[str, str] = field(default_factory=dict)  # passage id -> status
    notes: tuple[str, ...] = ()


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
    """Read the judgements file; a missing file means none. Raises IngestError naming the
    file when it is not valid TOML; an entry it cannot use is logged and skipped."""
    path = Path(path)
    if not path.exists():
        return Judgements()
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise IngestError(f"{path}: not valid TOML ({exc})") from exc
    verdicts: dict[str, dict[str, str]] = {}
    statuses: dict[str, dict[str, str]] = {}
    notes: dict[str, list[str]] = {}
    dropped: dict[str, bool] = {}
    for number, entry in enumerate(data.get("link", ()), start=1):
        if not _usable(path, "link", number, entry, ("commitment", "passage")):
            continue
        cid, pid = str(entry["commitment"]), str(entry["passage"])
        if entry.get("verdict") is not None:
            verdicts.setdefault(cid, {})[pid] = str(entry["verdict"])
        if entry.get("status") is not None:
            statuses.setdefault(cid, {})[pid] = str(entry["status"])
        if entry.get("note"):
            notes.setdefault(cid, []).append(str(entry["note"]))
    for number, entry in enumerate(data.get("commitment", ()), start=1):
        if _usable(path, "commitment", number, entry, ("id",)):
            dropped[str(entry["id"])] = entry.get("verdict") == "reject"
            if entry.get("note"):
                notes.setdefault(str(entry["id"]), []).append(str(entry["note"]))
    out = {}
    for cid in {*verdicts, *statuses, *dropped, *notes}:
        given = verdicts.get(cid, {})
        out[cid] = Judgement(
            confirm=frozenset(p for p, v in given.items() if v == "confirm"),
            reject=frozenset(p for p, v in given.items() if v == "reject"),
            not_a_commitment=dropped.get(cid, False),
            status=statuses.get(cid, {}),
            notes=tuple(notes.get(cid, ())),
        )
    return Judgements(out)


def _usable(path: Path, kind: str, number: int, entry: object, keys: tuple[str, ...]) -> bool:
    where = f"{path}: [[{kind}]] number {number}"
    if not isinstance(entry, dict) or any(not entry.get(k) for k in keys):
        log.warning("%s needs %s; ignored", where, " and ".join(keys))
        return False
    if entry.get("verdict") is not None and entry["verdict"] not in VERDICTS:
        log.warning("%s: verdict %r is not confirm or reject; ignored", where, entry["verdict"])
        return False
    if entry.get("status") is not None and entry["status"] not in STATUSES:
        log.warning("%s: status %r is not one of %s; ignored", where, entry["status"],
                    ", ".join(sorted(STATUSES)))  # fmt: skip
        return False
    return True


def judgement_lines(
    commitment_id: str,
    passage_id: str | None = None,
    verdict: str = "confirm",
    status: str | None = None,
    note: str = "",
) -> str:
    """The TOML lines that record one judgement (to append to the file)."""
    if verdict not in VERDICTS:
        raise ValueError(f"verdict must be confirm or reject, not {verdict!r}")
    if status is not None and status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(sorted(STATUSES))}")
    if passage_id is None:
        lines = ["[[commitment]]", f"id = {json.dumps(commitment_id)}"]
    else:
        lines = [
            "[[link]]",
            f"commitment = {json.dumps(commitment_id)}",
            f"passage = {json.dumps(passage_id)}",
        ]
    lines.append(f"verdict = {json.dumps(verdict)}")
    if status is not None:
        lines.append(f"status = {json.dumps(status)}")
    if note:
        lines.append(f"note = {json.dumps(note, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"
