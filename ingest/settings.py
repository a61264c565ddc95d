"""One frozen settings object: defaults, then environment variables, then explicit overrides."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path = PROJECT_ROOT / "corpus"
    index_dir: Path = PROJECT_ROOT / "index"
    parse_timeout: float = 300.0  # seconds per file; a 500-page report takes about 40 s
    parse_memory_mb: int = 2048  # address-space limit per parsing worker
    workers: int = max(1, min(2, os.cpu_count() or 1))
    dask_scheduler: str | None = None  # parse on this Dask cluster instead of local workers
    query_timeout_ms: float = 3000.0  # a search returns what it has after this (0: no limit)

    @property
    def catalogue_file(self) -> Path:
        return self.corpus_dir / "catalogue.toml"

    @property
    def objectives_file(self) -> Path:
        return self.corpus_dir / "objectives.toml"

    @property
    def overrides_file(self) -> Path:
        return self.corpus_dir / "overrides.toml"

    @property
    def synonyms_file(self) -> Path:
        return self.corpus_dir / "synonyms.toml"


_ENV = {
    "HEALTHSEARCH_CORPUS": ("corpus_dir", Path),
    "HEALTHSEARCH_INDEX": ("index_dir", Path),
    "HEALTHSEARCH_PARSE_TIMEOUT": ("parse_timeout", float),
    "HEALTHSEARCH_PARSE_MEMORY_MB": ("parse_memory_mb", int),
    "HEALTHSEARCH_WORKERS": ("workers", int),
    "HEALTHSEARCH_DASK_SCHEDULER": ("dask_scheduler", str),
    "HEALTHSEARCH_QUERY_TIMEOUT_MS": ("query_timeout_ms", float),
}


def load_settings(**overrides: Any) -> Settings:
    """Defaults, then ``HEALTHSEARCH_*`` environment variables, then non-None ``overrides``."""
    values: dict[str, Any] = {}
    for var, (name, kind) in _ENV.items():
        if os.environ.get(var):
            values[name] = kind(os.environ[var])
    values.update({k: v for k, v in overrides.items() if v is not None})
    for key in ("corpus_dir", "index_dir"):
        if key in values:
            values[key] = Path(values[key])
    return replace(Settings(), **values)
