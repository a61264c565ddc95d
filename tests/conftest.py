"""Fixtures shared by the whole suite.

``sample_index`` ingests the shipped sample corpus once per session into a temporary folder
(never into index/), through the real pipeline: worker processes, twin merging, tagging.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.settings import PROJECT_ROOT, Settings, load_settings

SHARED = PROJECT_ROOT.parent / "shared"
REALWORLD = SHARED / "realworld"
CORPUS = PROJECT_ROOT / "corpus"
GOLDEN = PROJECT_ROOT / "tests" / "golden"


@pytest.fixture(scope="session")
def sample_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return load_settings(corpus_dir=CORPUS, index_dir=tmp_path_factory.mktemp("sample-index"))


@pytest.fixture(scope="session")
def sample_index(sample_settings: Settings) -> Path:
    """An index of the shipped corpus; the path of its folder."""
    from ingest.pipeline import ingest

    report = ingest(sample_settings)
    assert report.documents, f"the sample corpus did not ingest: {report.rejected}"
    return sample_settings.index_dir
