"""The documentation is tested (datasette's ``test_docs`` pattern): every command line in the
README's code blocks and every command's ``--help`` example runs against an index of the sample
corpus, every flag the README and the query-language page name exists in the ``--help`` of the
command it belongs to, and every example query of ``docs/query-language.md`` parses without a
notice and finds sections of the sample corpus.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from functools import cache
from pathlib import Path

import click
import pytest
import requests
from click.testing import CliRunner

from ingest.settings import PROJECT_ROOT, Settings
from search_app.cli import cli
from search_app.engine import Engine, close_searchers
from search_app.engine.query import parse
from tests.search_app.conftest import free_port

README = PROJECT_ROOT / "README.md"
QUERY_DOC = PROJECT_ROOT / "docs" / "query-language.md"
BIN = Path(sys.executable).parent
COMMANDS = tuple(cli.list_commands(click.Context(cli)))
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]*")


def fenced_lines(path: Path) -> list[str]:
    """Lines of the fenced shell blocks (```sh), without their comments."""
    lines, inside, shell = [], False, False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            inside, shell = not inside, line.strip() == "```sh"
        elif inside and shell and line.split("#")[0].strip():
            lines.append(line.split("  #")[0].strip())
    return lines


def code_spans(path: Path) -> list[str]:
    """Every inline code span and fenced line, a span broken over lines joined again."""
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.S)
    spans = [" ".join(s.split()) for s in re.findall(r"`([^`]+)`", text)]
    return spans + fenced_lines(path)


def help_examples() -> list[str]:
    out = []
    for name in COMMANDS:
        found = re.search(r"Example: (healthsearch .+)", _help(name))
        assert found, f"{name} --help has no example"
        out.append(found.group(1).strip())
    return out


@cache
def _help(name: str) -> str:
    result = CliRunner().invoke(cli, [name, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    return result.output


@cache
def _script_help(script: str) -> str:
    """``--help`` of a benchmark or tool named in the README (``bench/x.py``, ``tools.x``)."""
    target = ["-m", script] if script.startswith("tools.") else [script]
    done = subprocess.run(
        [sys.executable, *target, "--help"], cwd=PROJECT_ROOT, capture_output=True, text=True
    )
    return done.stdout + done.stderr


# ---------------------------------------------------------------------------------------------
# Command lines run


@pytest.fixture(scope="module")
def docs_index(sample_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample index: the commands may re-ingest into it."""
    folder = tmp_path_factory.mktemp("docs") / "index"
    shutil.copytree(sample_index, folder)
    return folder


@pytest.fixture()
def shell(docs_index: Path, tmp_path: Path) -> dict[str, object]:
    """Where a documented command runs: a scratch folder with ``corpus/`` in it (commands
    name files in it), the sample index as the default index."""
    (tmp_path / "corpus").symlink_to(PROJECT_ROOT / "corpus")
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "HEALTHSEARCH_INDEX": str(docs_index),
        "HEALTHSEARCH_CORPUS": str(PROJECT_ROOT / "corpus"),
    }
    return {"cwd": tmp_path, "env": env}


DOCUMENTED = sorted(
    {line for line in fenced_lines(README) if line.startswith("healthsearch ")}
    | set(help_examples())
)


def test_the_readme_shows_every_command() -> None:
    shown = {line.split()[1] for line in fenced_lines(README) if line.startswith("healthsearch ")}
    assert shown == set(COMMANDS)


@pytest.mark.parametrize("line", DOCUMENTED)
def test_documented_command_runs(line: str, shell: dict) -> None:
    if line.split()[1] == "serve":
        _serve(line, shell)
        return
    done = subprocess.run(line, shell=True, capture_output=True, text=True, timeout=300, **shell)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def _serve(line: str, shell: dict) -> None:
    """``serve`` runs until stopped: it must answer, then stop on SIGTERM."""
    port = free_port()
    args = re.sub(r"--port \d+", f"--port {port}", line)
    proc = subprocess.Popen(shlex.split(args), stdout=subprocess.DEVNULL, **shell)
    try:
        deadline = time.monotonic() + 30
        while True:
            assert proc.poll() is None, f"{line} exited"
            try:
                if requests.get(f"http://127.0.0.1:{port}/?q=health", timeout=5).ok:
                    break
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, f"{line} did not answer within 30 s"
            time.sleep(0.3)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert proc.returncode == 0


def test_run_verbs_in_the_readme_exist() -> None:
    """``./run`` lines are not run here (``serve`` never returns, ``test`` is this suite): the
    verbs they name must be verbs of the script."""
    script = (PROJECT_ROOT / "run").read_text(encoding="utf-8")
    verbs = {v for case in re.findall(r"^\s+([a-z|]+)\)$", script, re.M) for v in case.split("|")}
    named = {line.split()[1] for line in fenced_lines(README) if line.startswith("./run ")}
    assert named and named <= verbs
    for span in code_spans(README):
        if span.startswith("./run "):
            assert span.split()[1] in verbs, span


# ---------------------------------------------------------------------------------------------
# Flags named in the docs exist


def _all_help() -> str:
    return "\n".join(_help(name) for name in COMMANDS)


@pytest.mark.parametrize("doc", [README, QUERY_DOC], ids=lambda p: p.name)
def test_every_flag_named_exists_in_help(doc: Path) -> None:
    """A flag in a ``healthsearch CMD`` span must be in CMD's help; in a ``python bench/...`` or
    ``python -m tools...`` span, in that script's; on its own, in some command's."""
    missing = []
    for span in code_spans(doc):
        flags = FLAG.findall(span)
        if not flags:
            continue
        words = span.split()
        if words[0] == "healthsearch" and len(words) > 1 and words[1] in COMMANDS:
            helptext = _help(words[1])
        elif words[0] == "python":
            helptext = _script_help(words[2] if words[1] == "-m" else words[1])
        else:
            helptext = _all_help() + _script_help("bench/http_bench.py")
        missing += [(span, f) for f in flags if not re.search(rf"{f}(?![\w-])", helptext)]
    assert not missing


def test_choices_named_in_the_readme_are_accepted() -> None:
    """``--method a|b``, ``--format a|b``, ``--sort a|b``: every choice listed is valid."""
    for span in code_spans(README):
        for flag, choices in re.findall(r"(--[a-z-]+) ([\w-]+(?:\\?\|[\w-]+)+)", span):
            command = span.split()[1]
            for choice in choices.replace("\\", "").split("|"):
                assert re.search(rf"\b{re.escape(choice)}\b", _help(command)), (flag, choice)


# ---------------------------------------------------------------------------------------------
# The query language page


def _query_examples() -> list[str]:
    """The queries of the table's first column and of the indented examples block."""
    text = QUERY_DOC.read_text(encoding="utf-8")
    queries = []
    for row in re.findall(r"^\| (`.+?) \|", text, re.M):
        queries += re.findall(r"`([^`]+)`", row)
    queries += [line.strip() for line in text.splitlines() if line.startswith("    ")]
    queries += re.findall(r"Fields combine with words: `([^`]+)`", text)
    return queries


QUERIES = _query_examples()


@pytest.fixture(scope="module")
def engine(sample_index: Path) -> Engine:
    yield Engine(Settings(corpus_dir=PROJECT_ROOT / "corpus", index_dir=sample_index))
    close_searchers()


def test_the_query_page_has_examples() -> None:
    assert len(QUERIES) >= 20


@pytest.mark.parametrize("query", QUERIES)
def test_query_example_parses_and_finds_sections(query: str, engine: Engine) -> None:
    assert parse(query).notices == ()
    result = engine.search(query)
    assert result.notices == ()
    assert result.total > 0, f"{query!r} finds nothing in the sample corpus"


def test_the_stated_behaviours_hold(engine: Engine) -> None:
    text = QUERY_DOC.read_text(encoding="utf-8")
    typo, fixed = re.search(r"`(\w+)` -> \*(\w+)\*", text).groups()  # type: ignore[union-attr]
    assert engine.search(typo).corrected_query == fixed  # searched at once
    assert engine.search(typo, spell=False).suggestion == fixed  # did you mean
    found = re.search(r"completes itself.\*\* `([^`]+)` also finds \*(\w+)\*", text)
    query, word = found.groups()  # type: ignore[union-attr]
    completed = engine.search(query, synonyms=False)
    assert any(word in h.snippet_text.lower() for h in completed.hits)
    assert engine.search(query + " ", synonyms=False).total == 0  # not after a space
    for broken in ('"air pollution', "(obesity", "obesity OR", "year:20x0"):
        assert engine.search(broken).notices, broken  # "the search runs on its plain words"
    gp = engine.search("GP")
    assert {"general practice", "primary care"} <= set(gp.synonyms)
    assert engine.search("GP", synonyms=False).synonyms == ()
