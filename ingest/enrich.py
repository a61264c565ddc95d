"""The one step the pipeline calls after sectioning: tags, evidence, key terms, overrides.

Runtime tagging uses the vocabulary scorer only: it needs nothing but ``objectives.toml``,
so it works on a user's corpus that has no golden labels and on another framework. (The
learned Naive Bayes model scored lower in leave-one-document-out evaluation; see
``ingest.tagging.evaluate``.)
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ingest.evidence import find_evidence
from ingest.keyterms import (
    CorpusStats,
    Counted,
    Terms,
    combine,
    document_key_terms,
    section_key_terms,
    section_terms,
)
from ingest.model import Document, Objective, ObjectiveTag, Reference, Section
from ingest.notes import attach_notes, note_entries
from ingest.references import document_references
from ingest.settings import Settings
from ingest.tagging import DEFAULT_RELATIVE, DEFAULT_THRESHOLD, load_framework, tag_section

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Override:
    """An analyst's judgement on one section's objectives."""

    confirm: tuple[int, ...] = ()
    remove: tuple[int, ...] = ()
    add: tuple[int, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Overrides:
    """``corpus/overrides.toml``: section id -> Override."""

    sections: dict[str, Override] = field(default_factory=dict)

    def get(self, section_id: str) -> Override | None:
        return self.sections.get(section_id)


def load_overrides(path: Path | str) -> Overrides:
    """Read an overrides file; a missing file means no overrides."""
    path = Path(path)
    if not path.exists():
        return Overrides()
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    sections = {}
    for section_id, entry in data.get("sections", {}).items():
        sections[section_id] = Override(
            confirm=tuple(int(n) for n in entry.get("confirm", ())),
            remove=tuple(int(n) for n in entry.get("remove", ())),
            add=tuple(int(n) for n in entry.get("add", ())),
            note=str(entry.get("note", "")),
        )
    return Overrides(sections)


def apply_override(
    tags: Sequence[ObjectiveTag], override: Override, known: set[int]
) -> tuple[ObjectiveTag, ...]:
    """Tags after an analyst's confirm/remove/add; judged tags get ``confirmed=True``."""
    for n in (*override.confirm, *override.remove, *override.add):
        if n not in known:
            log.warning("override names objective %s, which the framework does not have", n)
    by_number = {t.number: t for t in tags if t.number not in override.remove}
    for n in override.confirm:
        if n in by_number:
            by_number[n] = replace(by_number[n], confirmed=True)
        elif n in known and n not in override.remove:
            by_number[n] = ObjectiveTag(n, 1.0, ("confirmed by analyst override",), True)
    for n in override.add:
        if n in known and n not in override.remove:
            old = by_number.get(n)
            reasons = (*(old.reasons if old else ()), "added by analyst override")
            by_number[n] = ObjectiveTag(n, old.score if old else 1.0, reasons, True)
    return tuple(sorted(by_number.values(), key=lambda t: (-t.score, t.number)))


@dataclass(frozen=True)
class Context:
    """What every section of one document is enriched against: the framework, the analysts'
    overrides and the works the document cites. Sent with each batch of its sections to a
    worker process (:mod:`ingest.enrich_pool`)."""

    objectives: tuple[Objective, ...]
    overrides: Overrides | None
    threshold: float
    relative: float
    references: tuple[Reference, ...]  # the document's reference list
    noted: tuple[Reference, ...]  # works named in its notes

    @property
    def cited(self) -> tuple[Reference, ...]:
        """What mentions in the text are matched against."""
        return (*self.references, *self.noted)


@dataclass(frozen=True)
class Enriched:
    """A run of sections tagged and with their evidence; the counts of each section's terms,
    and the terms of the run as a whole (for the document's key terms)."""

    sections: list[tuple[Section, Counted]]
    terms: Terms


def enrich_sections(context: Context, sections: Sequence[Section]) -> Enriched:
    """Objective tags and evidence of each section, and its terms (key terms come after, when
    the terms of every section of the document are known)."""
    known = {o.number for o in context.objectives}
    out = []
    read = []
    for section in sections:
        tags = tag_section(section, context.objectives, context.threshold, context.relative)
        override = context.overrides.get(section.id) if context.overrides else None
        if override:
            tags = apply_override(tags, override, known)
        evidence = find_evidence(section, context.cited)
        terms = section_terms(section)
        read.append(terms)
        out.append((replace(section, objectives=tags, evidence=evidence), terms.ranked()))
    return Enriched(out, combine(read, collocations=False))


def batches(sections: Sequence[Section], count: int) -> list[Sequence[Section]]:
    """``sections`` in ``count`` (or fewer) consecutive runs of about equal text."""
    sizes = [len(s.text) + len(s.heading) for s in sections]
    share = sum(sizes) / max(count, 1)
    out: list[Sequence[Section]] = []
    start = size = 0
    for i, n in enumerate(sizes):
        size += n
        if size >= share * (len(out) + 1) and len(out) < count - 1:
            out.append(sections[start : i + 1])
            start = i + 1
    out.append(sections[start:])
    return [run for run in out if run] or out[:1]


def enrich(
    document: Document,
    sections: Sequence[Section],
    objectives: Sequence[Objective],
    overrides: Overrides | None = None,
    corpus_stats: CorpusStats | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    relative: float = DEFAULT_RELATIVE,
) -> tuple[Document, list[Section]]:
    """New document and sections with objective tags, evidence statements and key terms.

    ``corpus_stats`` is the idf background for key terms; build it once per ingest with
    ``CorpusStats.from_sections(all sections of all documents)``. Without it the document's
    own sections are the background. (:mod:`ingest.enrich_pool` does the same on several
    processes.)
    """
    sections, context = document_context(sections, objectives, overrides, threshold, relative)
    done = [enrich_sections(context, sections)]
    return finish(document, done, context, corpus_stats)


def document_context(
    sections: Sequence[Section],
    objectives: Sequence[Objective],
    overrides: Overrides | None,
    threshold: float,
    relative: float,
) -> tuple[list[Section], Context]:
    """The sections with their notes where they are called, and the context to enrich them."""
    sections = attach_notes(sections)
    references = document_references(sections)
    context = Context(
        tuple(objectives), overrides, threshold, relative, references, note_entries(sections)
    )
    return sections, context


def finish(
    document: Document,
    enriched: Sequence[Enriched],
    context: Context,
    corpus_stats: CorpusStats | None = None,
) -> tuple[Document, list[Section]]:
    """Key terms of each section and of the document, from the terms each section was read for
    (once: the idf background, its own and the document's)."""
    sections = [s for run in enriched for s, _terms in run.sections]
    terms = [t for run in enriched for _s, t in run.sections]
    stats = corpus_stats or CorpusStats.from_terms(sections, terms)
    out = [
        replace(s, key_terms=section_key_terms(s, stats, terms=t))
        for s, t in zip(sections, terms, strict=True)
    ]
    document = replace(
        document,
        key_terms=document_key_terms(out, stats, terms=[run.terms for run in enriched]),
        references=context.references,
    )
    return document, out


@dataclass(frozen=True)
class Enricher:
    """:func:`enrich` with the framework and overrides loaded once per ingest."""

    objectives: tuple[Objective, ...]
    overrides: Overrides = field(default_factory=Overrides)
    corpus_stats: CorpusStats | None = None
    threshold: float = DEFAULT_THRESHOLD
    relative: float = DEFAULT_RELATIVE

    @classmethod
    def from_settings(cls, settings: Settings, corpus_stats: CorpusStats | None = None) -> Enricher:
        framework = load_framework(settings.objectives_file)
        return cls(
            objectives=framework.objectives,
            overrides=load_overrides(settings.overrides_file),
            corpus_stats=corpus_stats,
            threshold=framework.threshold,
            relative=framework.relative,
        )

    def context(self, sections: Sequence[Section]) -> tuple[list[Section], Context]:
        """:func:`document_context` with this framework and these overrides."""
        return document_context(
            sections, self.objectives, self.overrides, self.threshold, self.relative
        )

    def finish(
        self, document: Document, enriched: Sequence[Enriched], context: Context
    ) -> tuple[Document, list[Section]]:
        """:func:`finish` against this enricher's idf background."""
        return finish(document, enriched, context, self.corpus_stats)

    def enrich(
        self, document: Document, sections: Sequence[Section]
    ) -> tuple[Document, list[Section]]:
        return enrich(
            document,
            sections,
            self.objectives,
            self.overrides,
            self.corpus_stats,
            self.threshold,
            self.relative,
        )
