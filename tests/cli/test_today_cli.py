"""`infointerview today` and `infointerview task`: the agenda from the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from infointerview.services import direct
from tests.cli.helpers import assert_one_error, assert_usage_error, run_checking_imports

if TYPE_CHECKING:
    from tests.cli.conftest import Cli


def _agenda(cli: Cli, *args: str) -> list[dict[str, Any]]:
    result = cli("today", "--json", *args)
    assert result.code == 0, result.output
    items: list[dict[str, Any]] = result.json
    return items


def test_an_empty_database_has_nothing_due(cli: Cli) -> None:
    result = cli("today")
    assert result.code == 0, result.output
    assert result.out.strip() == "Nothing is due. Well done."


def test_the_demo_agenda_has_reasons_seeds_and_stable_ids(cli: Cli) -> None:
    assert cli("demo").code == 0
    items = _agenda(cli, "--week")
    assert {"overdue", "today", "upcoming"} >= {i["status"] for i in items}
    thanks = next(i for i in items if i["kind"] == "thank_you" and i["person"] == "Chloé Martin")
    assert thanks["status"] == "overdue"
    assert (thanks["origin"], thanks["template"]) == ("002", "thank_you")
    assert set(thanks) == {
        "id", "kind", "status", "due_on", "person_id", "person", "reason", "origin", "quote",
        "priority", "template", "conversation_id", "referral_id",
    }  # fmt: skip
    assert _agenda(cli, "--week") == items  # run again: the same tasks, no new ones
    shown = cli("today")
    assert "Overdue" in shown.out
    assert "Chloé Martin" in shown.out


def test_today_and_stats_on_a_current_file_skip_sqlalchemy_and_agree_with_the_full_path(
    cli: Cli, db_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("demo").code == 0
    out, loaded = run_checking_imports("today", "--week", "--json", "--db", str(db_file))
    assert not loaded & {"sqlalchemy", "pydantic"}, loaded
    quick = json.loads(out)
    assert quick
    assert quick == _agenda(cli, "--week")
    out, loaded = run_checking_imports("stats", "--json", "--db", str(db_file))
    assert not loaded & {"sqlalchemy", "pydantic"}, loaded
    numbers = json.loads(out)
    assert numbers["requests"] > 0

    # The same commands through SQLAlchemy, as on PostgreSQL or a file to migrate.
    taken: list[bool] = []

    def full_path(*args: Any, **kwargs: Any) -> None:
        taken.append(True)

    monkeypatch.setattr(direct, "run_direct", full_path)
    assert _agenda(cli, "--week") == quick
    assert cli("stats", "--json").json == numbers
    assert taken == [True, True]


def test_done_snooze_and_dismiss_take_tasks_off_the_agenda(cli: Cli) -> None:
    assert cli("demo").code == 0
    first, second, third = (i["id"] for i in _agenda(cli, "--week")[:3])
    assert cli("task", "done", str(first)).out == f"Task #{first} is done.\n"
    assert cli("task", "snooze", str(second), "--until", "2099-01-01").code == 0
    assert cli("task", "dismiss", str(third)).code == 0
    left = {i["id"] for i in _agenda(cli, "--week")}
    assert not left & {first, second, third}
    assert_one_error(cli("task", "done", str(first)), f"task #{first} is already done")


def test_bad_task_arguments_are_clear_errors(cli: Cli, home: Path) -> None:
    assert cli("demo").code == 0
    task = _agenda(cli)[0]["id"]
    assert_one_error(cli("task", "done", "999999"), "no task matches '#999999'")
    assert_usage_error(cli("task", "snooze", str(task), "--until", "soon"), "--until")
    assert_one_error(
        cli("task", "snooze", str(task), "--until", "2000-01-01"), "is not after today"
    )
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text('[followup]\nholidays = "XX"\n', encoding="utf-8")
    assert_one_error(cli("today"), "'XX' is not a country code")
    (home / "config.toml").write_text('[followup]\ntimezone = "Mars/Olympus"\n', encoding="utf-8")
    assert_one_error(cli("today"), "followup.timezone")


def test_a_holiday_calendar_from_the_config_loads_and_the_rules_run(cli: Cli, home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(
        '[followup]\nholidays = "US"\ntimezone = "America/New_York"\n', encoding="utf-8"
    )
    assert cli("demo").code == 0
    assert _agenda(cli, "--week")  # how holidays move due dates: tests/domain/test_followup


def test_a_long_group_shows_its_first_tasks_and_says_how_many_more(cli: Cli, home: Path) -> None:
    for n in range(30):
        assert cli("person", "add", f"Keeper {n:02}", "--keep-in-touch").code == 0
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text("[followup]\nkeep_in_touch_days = 1\n", encoding="utf-8")
    items = _agenda(cli, "--week")
    assert len([i for i in items if i["kind"] == "keep_in_touch"]) == 30
    shown = cli("today", "--week").out
    assert "... and 5 more coming up (--all shows them)" in shown
    assert "more" not in cli("today", "--week", "--all").out
