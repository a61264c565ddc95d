"""Fixtures shared by the whole suite.

``sample_index`` ingests the shipped sample corpus once per session into a temporary folder
(never into index/), through the real pipeline: worker processes, twin merging, tagging.

Real-world files: a few small ones are vendored under ``tests/fixtures/realworld/`` and always
tested. The full sets in ``../shared/realworld/`` are tested too when ``../shared`` is beside
the repository: tests (or parameters) that need it carry the ``shared`` marker, and are
deselected, not skipped, when it is absent. ``realworld_files`` lists both.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import hypothesis
import pytest
from hypothesis.configuration import set_hypothesis_home_dir

from ingest.settings import PROJECT_ROOT, Settings, load_settings

SHARED = PROJECT_ROOT.parent / "shared"
REALWORLD = SHARED / "realworld"
HAS_SHARED = SHARED.is_dir()
CORPUS = PROJECT_ROOT / "corpus"
GOLDEN = PROJECT_ROOT / "tests" / "golden"
FIXTURES = PROJECT_ROOT / "tests" / "fixtures"
VENDORED = FIXTURES / "realworld"

# Hypothesis (ours and schemathesis') keeps no example database, and its other files go to
# the system's temporary folder: no test writes into the repository.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "healthsearch-hypothesis")
hypothesis.settings.register_profile("healthsearch", database=None)
hypothesis.settings.load_profile("healthsearch")


def realworld_files(folder: str, pattern: str) -> list[Any]:
    """Real-world files of ``folder`` (``pdf``, ``rtf``, ...) matching ``pattern``, as pytest
    params with the file name as id: the vendored copies, then every other file of
    ``../shared/realworld/<folder>`` marked ``shared``."""
    vendored = {p.name: p for p in (VENDORED / folder).glob(pattern)}
    shared = {p.name: p for p in (REALWORLD / folder).glob(pattern)} if HAS_SHARED else {}
    params = [pytest.param(path, id=name) for name, path in sorted(vendored.items())]
    params += [
        pytest.param(path, id=name, marks=pytest.mark.shared)
        for name, path in sorted(shared.items())
        if name not in vendored
    ]
    return params


def pytest_report_header(config: pytest.Config) -> str:
    if HAS_SHARED:
        return f"shared suite: running ({SHARED} found)"
    return f"shared suite: deselected (no {SHARED})"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without ``../shared``, tests marked ``shared`` are deselected: CI shows no skips."""
    if HAS_SHARED:
        return
    dropped = [item for item in items if item.get_closest_marker("shared")]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = [item for item in items if not item.get_closest_marker("shared")]


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
