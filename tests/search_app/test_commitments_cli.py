"""`healthsearch commitments`: the list, its filters and formats, and recording judgements."""

from __future__ import annotations

import csv
import io
import json
import tomllib
from pathlib import Path

from click.testing import CliRunner, Result

from search_app.cli import cli


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["commitments", *args])


def test_filters_pick_commitments_by_objective_document_and_status(sample_index: Path) -> None:
    result = run("--index", str(sample_index), "--objective", "3", "--json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    assert items and all(3 in i["commitment"]["objectives"] for i in items)
    dropped = json.loads(run("--index", str(sample_index), "--status", "dropped", "--json").output)
    assert dropped and {i["status"] for i in dropped} == {"dropped"}
    assert any("health equity audit" in i["commitment"]["text"] for i in dropped)
    first = json.loads(
        run("--index", str(sample_index), "--doc", "first-steps-2010", "--json").output
    )
    assert len(first) == 57 and {i["commitment"]["doc_id"] for i in first} == {"first-steps-2010"}


def test_csv_has_one_row_per_commitment_with_its_newest_follow_up(sample_index: Path) -> None:
    result = run("--index", str(sample_index), "--doc", "his-2010", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == 116
    wage = next(r for r in rows if r["commitment"].startswith("continue to calculate and publish"))
    assert wage["status"] == "in progress" and wage["status_issued"] == "2015-09"
    assert wage["latest_followup_page"].startswith("delivery-plan-2015 p.")


def test_confirm_appends_the_toml_lines_and_reject_checks_the_link(
    sample_index: Path, tmp_path: Path
) -> None:
    items = json.loads(run("--index", str(sample_index), "--status", "done", "--json").output)
    cid = items[0]["commitment"]["id"]
    pid = items[0]["followups"][0]["id"]
    index = ("--index", str(sample_index), "--corpus", str(tmp_path))
    result = run("confirm", cid, pid, "--status", "done", "--note", 'Seen in "Table 1"', *index)
    assert result.exit_code == 0, result.output
    assert "run `healthsearch ingest` to apply" in result.output
    data = tomllib.loads((tmp_path / "commitment_links.toml").read_text("utf-8"))
    assert data["link"] == [
        {"commitment": cid, "passage": pid, "verdict": "confirm", "status": "done",
         "note": 'Seen in "Table 1"'}
    ]  # fmt: skip
    missing = run("reject", cid, "one-year-on-2011-p00000000", *index)
    assert missing.exit_code == 1 and "has no follow-up" in missing.output
    unknown = run("reject", "his-2010-c00000000", *index)
    assert unknown.exit_code == 1 and "no commitment his-2010-c00000000" in unknown.output
    assert run("reject", cid, *index).exit_code == 0
    data = tomllib.loads((tmp_path / "commitment_links.toml").read_text("utf-8"))
    assert data["commitment"] == [{"id": cid, "verdict": "reject"}]
