"""The README's commands are the ones that work: CI runs its test command verbatim,
its quick start (the web app on a demo network) serves pages, and its usage runs."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

from tests.serving import fetch, free_port

ROOT = Path(__file__).resolve().parents[1]


def _quick_start_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section, flags=re.DOTALL)


def test_the_quick_start_has_exactly_two_commands() -> None:
    commands = _quick_start_commands()
    assert len(commands) == 2
    assert all("\n" not in command for command in commands)
    assert commands[0].endswith("infointerview serve --demo")
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    test_command = _quick_start_commands()[1]
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert any(line.startswith(test_command) for line in ci_lines)


def test_the_quick_start_serves_the_demo_network_on_a_fresh_data_folder(home: Path) -> None:
    words = shlex.split(_quick_start_commands()[0].split("&&")[-1])
    assert words[0].endswith("infointerview")
    port = free_port()
    # BROWSER=true makes "open the browser" run `true URL`: nothing opens on a test machine.
    env = {**os.environ, "INFOINTERVIEW_HOME": str(home), "INFOINTERVIEW_PORT": str(port)}
    env["BROWSER"] = "true"
    server = subprocess.Popen(
        [sys.executable, "-m", "infointerview", *words[1:]],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        today = fetch(f"http://127.0.0.1:{port}/", server)
        page = fetch(f"http://127.0.0.1:{port}/overview", server)
    finally:
        server.terminate()
        out, err = server.communicate(timeout=30)
    assert "<h1>Today</h1>" in today
    assert "Overview" in page
    assert "40 people in your network" in page
    assert f"http://localhost:{port}/" in out, err
    assert not (home / "infointerview.db").exists(), "the demo must not touch the user's data"


def test_the_cli_overview_works_on_a_fresh_data_folder(home: Path) -> None:
    env = {**os.environ, "INFOINTERVIEW_HOME": str(home)}
    for args in (["demo"], ["overview"]):
        result = subprocess.run(
            [sys.executable, "-m", "infointerview", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
    assert "Pipeline (40 people)" in result.stdout
    assert (home / "infointerview.db").exists()


def _usage_commands() -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    usage = text.split("## Usage", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.+?)\n```", usage, flags=re.DOTALL)
    assert block is not None
    joined = re.sub(r"\\\n\s*", " ", block.group(1))
    return [shlex.split(line.split("  #")[0]) for line in joined.splitlines() if line.strip()]


def test_the_usage_section_runs_as_written_on_a_fresh_data_folder(home: Path) -> None:
    env = {**os.environ, "INFOINTERVIEW_HOME": str(home)}
    commands = _usage_commands()
    assert len(commands) >= 10
    for words in commands:
        assert words[0] == "infointerview"
        result = subprocess.run(
            [sys.executable, "-m", "infointerview", *words[1:]],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, f"{' '.join(words)}: {result.stderr}"
    assert "Omar Haddad" in result.stdout or "Pipeline" in result.stdout
