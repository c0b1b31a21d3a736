"""Shell completion (README, "Team workflow"): Click prints the script for each shell
when ``_COLLECT_COMPLETE`` asks for it, and completes command names."""

from __future__ import annotations

import os
import subprocess

import pytest
from click.testing import CliRunner

from collect.cli import main


@pytest.mark.parametrize("shell, marker", [
    ("bash", "complete -o nosort -F _collect_completion collect"),
    ("zsh", "#compdef collect"),
    ("fish", "complete --no-files --command collect"),
])
def test_the_completion_script_of_each_shell(shell, marker):
    result = CliRunner().invoke(main, [], prog_name="collect", env={"_COLLECT_COMPLETE": f"{shell}_source"})
    assert result.exit_code == 0
    assert marker in result.output


def test_command_names_complete():
    env = {"_COLLECT_COMPLETE": "bash_complete", "COMP_WORDS": "collect di", "COMP_CWORD": "1"}
    result = CliRunner().invoke(main, [], prog_name="collect", env=env)
    assert result.output.splitlines() == ["plain,diff"]


def test_the_installed_command_prints_the_bash_script():
    done = subprocess.run(["collect"], env=dict(os.environ, _COLLECT_COMPLETE="bash_source"),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert "_collect_completion()" in done.stdout
