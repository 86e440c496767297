"""The command line build: progress per step, atomic publishing, refusals that write nothing,
one build at a time, and a data check that stops a build."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import duckdb
import pytest

from pipelines import cli
from pipelines.lock import LOCK_NAME
from tests.pipelines.hand_delivery import write_hand_delivery
from tests.pipelines.lock_holder import lock_held_by_child


@pytest.fixture()
def delivery(tmp_path):
    return write_hand_delivery(tmp_path / "delivery")


def _build(delivery, output, *extra) -> int:
    return cli.main(["build", "--input", str(delivery), "--output", str(output), *extra])


def test_build_reports_each_step_and_publishes(delivery, tmp_path, capsys):
    output = tmp_path / "data"
    assert _build(delivery, output) == 0
    printed = capsys.readouterr().out
    for step in ("[ingest] delivery:", "[model] marts/indicator_counts:", "[checks]", "[publish]"):
        assert step in printed
    assert "Build klaar in" in printed
    report = json.loads((output / "build_report.json").read_text(encoding="utf-8"))
    assert {s["step"] for s in report["steps"]} == {"ingest", "model", "checks", "publish"}
    assert all(c["failing_rows"] == 0 for c in report["checks"])
    assert report["published_checks"]
    assert all(c["failing_rows"] == 0 for c in report["published_checks"])
    assert [f["rows_read"] for f in report["ingest"]["files"]] == [6, 10, 6, 3, 8, 7]
    link = output / "dashboard.duckdb"
    assert link.is_symlink()
    assert os.path.realpath(link).startswith(str(output / "published"))
    with duckdb.connect(str(output / "warehouse.duckdb"), read_only=True) as con:
        steps = con.execute("select count(*) from build_report").fetchall()[0][0]
    # The publish step and the checks on the published tables are recorded after the table.
    assert steps == len(report["steps"]) - 2


def test_a_new_build_switches_atomically_and_old_readers_keep_working(delivery, tmp_path):
    output = tmp_path / "data"
    assert _build(delivery, output) == 0
    first = os.path.realpath(output / "dashboard.duckdb")
    reader = duckdb.connect(first, read_only=True)
    assert _build(delivery, output) == 0
    second = os.path.realpath(output / "dashboard.duckdb")
    assert second != first
    assert reader.execute("select count(*) from indicator_values").fetchall()[0][0] > 0
    reader.close()
    for _ in range(3):
        assert _build(delivery, output) == 0
    kept = sorted((output / "published").glob("dashboard-*.duckdb"))
    assert len(kept) == 3  # the current build and the two before it


def test_refused_delivery_writes_nothing(delivery, tmp_path, capsys):
    (delivery / "opnames.csv").unlink()
    output = tmp_path / "data"
    assert _build(delivery, output) == 2
    assert "opnames" in capsys.readouterr().err
    assert not output.exists()


def test_refused_delivery_leaves_the_previous_build_in_place(delivery, tmp_path, capsys):
    output = tmp_path / "data"
    assert _build(delivery, output) == 0
    before = sorted(p.name for p in output.rglob("*"))
    target = os.path.realpath(output / "dashboard.duckdb")
    (delivery / "so_consulten.csv").write_text("consult_id;bsn\n1;2\n", encoding="utf-8")
    assert _build(delivery, output) == 2
    err = capsys.readouterr().err
    assert "so_consulten" in err and "bsn" in err
    assert sorted(p.name for p in output.rglob("*")) == before
    assert os.path.realpath(output / "dashboard.duckdb") == target


def test_a_failing_data_check_stops_the_build(delivery, tmp_path, capsys):
    # One wijk of gemeente GM9901 moved to RESV R2: the areas no longer form a tree.
    gebieden = (delivery / "gebieden.csv").read_text(encoding="utf-8")
    gebieden = gebieden.replace(
        "WK990102,Zuid,GM9901,Eerstedorp,R1,RESV Een",
        "WK990102,Zuid,GM9901,Eerstedorp,R2,RESV Twee",
    )
    (delivery / "gebieden.csv").write_text(gebieden, encoding="utf-8")
    output = tmp_path / "data"
    assert _build(delivery, output) == 2
    assert "wijken_form_a_tree" in capsys.readouterr().err
    assert not (output / "dashboard.duckdb").exists()
    assert not (output / "warehouse.duckdb").exists()


def test_a_second_build_is_refused_while_one_runs(delivery, tmp_path, capsys):
    output = tmp_path / "data"
    with lock_held_by_child(output) as holder:
        assert _build(delivery, output) == 2
        assert f"er loopt al een build (proces {holder.pid}, " in capsys.readouterr().err
        assert not (output / "dashboard.duckdb").exists()
    # The holder has let go: the next build runs.
    assert _build(delivery, output) == 0
    assert not (output / LOCK_NAME).exists()


def test_validate_writes_nothing_but_its_quarantine_list(delivery, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    assert cli.main(["validate", "--input", str(delivery)]) == 0
    printed = capsys.readouterr().out
    assert "so_consulten.csv" in printed
    added = {"data", "validatie", "quarantaine.csv"}
    assert sorted(p.name for p in tmp_path.rglob("*")) == sorted([*before, *added])


def test_every_option_is_explained_in_help(capsys):
    parser = cli._parser()
    commands = parser._subparsers._group_actions[0].choices
    for name, sub in commands.items():
        for action in sub._actions:
            if action.option_strings and action.dest != "help":
                assert action.help and len(action.help) > 10, f"{name} {action.option_strings}"
    with pytest.raises(SystemExit):
        cli.main(["build", "--help"])
    assert "--allow-quarantine" in capsys.readouterr().out


def test_bad_option_value_is_a_message_not_a_traceback(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["build", "--max-quarantine-share", "veel"])
    assert exit_info.value.code == 2
    assert "'veel' is geen getal" in capsys.readouterr().err


def test_module_entry_point_runs(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pipelines", "synth", "--scale", "0.2", "--seed", "3",
         "--output", str(tmp_path / "synth")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "synth" / "so_consulten.csv").is_file()


def test_synth_out_of_range_scale_is_a_message(tmp_path, capsys):
    assert cli.main(["synth", "--scale", "500", "--output", str(tmp_path / "x")]) == 2
    assert "schaal moet groter dan 0" in capsys.readouterr().err
