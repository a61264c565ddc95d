"""The engine's matching and BM25F scores on cached postings equal Whoosh's own, exactly.

The engine runs the Whoosh query objects it compiles on decoded postings, not through Whoosh's
matchers (bench/search_bench.py measures the difference); it reads Whoosh 2.7's private block
format, so these tests are what hold the pin below Whoosh 2.8.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ingest import search_index as si
from search_app.engine import postings as postings_module
from search_app.engine.compile import compile_query
from search_app.engine.query import Bool, Filter, Node, Text
from search_app.engine.search import run
from tests.search_app.engine.conftest import WORDS, doc, reader_on, varied

REL_TOL = 1e-9  # float summation order only; any offset or missed term fails


def whoosh_scores(index: Path, node: Node) -> dict[str, float] | None:
    """Every section matching ``node`` scored by Whoosh itself (no limit: no block-quality
    shortcuts), or None when the node compiles to nothing or only to exclusions."""
    reader = reader_on(index)
    compiled = compile_query(reader.postings, node)
    if not compiled.scored:
        return None
    assert compiled.query is not None
    results = reader.searcher.search(compiled.query, limit=None)
    return {
        si.stored_section(hit.fields()).id: hit.score for hit in results if hit["kind"] == "section"
    }


def engine_scores(index: Path, node: Node) -> dict[str, float]:
    ranked = run(reader_on(index), node, limit=1000)
    return {section.id: score for section, score in ranked.hits}


def assert_same_scores(index: Path, node: Node, expected: dict[str, float]) -> None:
    got = engine_scores(index, node)
    assert got.keys() == expected.keys()
    for section_id, score in expected.items():
        assert math.isclose(got[section_id], score, rel_tol=REL_TOL), (section_id, node)


words = st.sampled_from([*WORDS, "the"])  # "the": a stop word vanishes from the query
text = st.builds(
    Text,
    words=st.lists(words, min_size=1, max_size=3).map(tuple),
    field=st.sampled_from([None, None, "heading", "body", "title"]),
    phrase=st.booleans(),
    boost=st.sampled_from([1.0, 0.7]),
)
expansion = st.one_of(
    st.builds(lambda w: Text((w[:4],), prefix=True), st.sampled_from(WORDS)),
    st.builds(lambda w: Text((w[:-1] + "x",), fuzzy=1), st.sampled_from(WORDS)),
    st.builds(lambda w: Text((w[:3],), auto_prefix=True), st.sampled_from(WORDS)),
)
filters = st.one_of(
    st.builds(Filter, st.just("objective"), st.sampled_from(["1", "2", "3"])),
    st.builds(Filter, st.just("doc"), st.sampled_from(["a", "b"])),
    st.builds(Filter, st.just("type"), st.sampled_from(["strategy", "delivery plan"])),
    st.builds(Filter, st.just("year"), st.just("2011"), st.just("")),
)
leaf = st.one_of(text, text, expansion, filters)
# a positive word beside each NOT: exclusions only are listed unscored, not ranked
anchor = st.builds(Text, st.sampled_from(WORDS).map(lambda w: (w,)))


def _tree(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    return st.one_of(
        st.builds(
            Bool,
            st.sampled_from(["and", "or"]),
            st.lists(children, min_size=1, max_size=3).map(tuple),
        ),
        st.builds(lambda a, b: Bool("and", (a, Bool("not", (b,)))), anchor, children),
    )


queries = st.recursive(leaf, _tree, max_leaves=6)


@settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much],
)
@given(node=queries)
def test_scores_equal_whoosh_bm25f_on_generated_queries(two_commits: Path, node: Node) -> None:
    expected = whoosh_scores(two_commits, node)
    assume(expected)  # something to rank
    assert expected is not None
    assert_same_scores(two_commits, node, expected)


@pytest.mark.parametrize(
    "node",
    [
        Text(("obesity",)),
        Bool("and", (Text(("children",)), Text(("poverty",)))),
        Bool("or", (Text(("housing",), field="heading"), Text(("air", "pollution"), phrase=True))),
        Bool("and", (Text(("care",)), Bool("not", (Text(("london",)),)))),
        Text(("pollu",), prefix=True),
        # a nested AND scores only the documents it matches
        Bool("or", (Bool("and", (Text(("children",)), Text(("poverty",)))), Text(("housing",)))),
        # filters and exclusions add the constant Whoosh adds
        Bool("or", (Text(("air",)), Filter("objective", "2"))),
        Bool("and", (Text(("air",)), Filter("year", "2011", ""))),
    ],
)
def test_scores_equal_whoosh_bm25f(two_commits: Path, node: Node) -> None:
    expected = whoosh_scores(two_commits, node)
    assert expected
    assert_same_scores(two_commits, node, expected)


def test_results_do_not_depend_on_what_the_postings_cache_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    si.write_index(tmp_path, [doc("a")], varied("a", 80, 4), rebuild=True)
    node = Bool("or", (Text(("air", "pollution"), phrase=True), Text(("children",))))
    roomy = run(reader_on(tmp_path), node, limit=50)
    from search_app.engine import close_searchers

    close_searchers()
    for budget in ("POSTINGS_BUDGET", "POSITIONS_BUDGET", "SETS_BUDGET"):
        monkeypatch.setattr(postings_module, budget, 1)
    tight = run(reader_on(tmp_path), node, limit=50)
    assert tight == roomy


def test_phrase_on_a_field_without_positions_needs_all_words(tmp_path: Path) -> None:
    """title: searches document titles and heading paths, indexed without positions: a quoted
    title used to fail in Whoosh ("field has no positions"); now all its words must match."""
    si.write_index(tmp_path, [doc("a", title="Delivery plan")], varied("a", 2, 5), rebuild=True)
    node = Text(("delivery", "plan"), field="title", phrase=True)
    assert run(reader_on(tmp_path), node).total == 2
    assert run(reader_on(tmp_path), Text(("plan", "x"), field="title", phrase=True)).total == 0
