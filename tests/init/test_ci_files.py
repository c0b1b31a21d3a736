"""The CI, git and pre-commit files of a new ledger repository: each does what the team
README says, and every collect command they run exists."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml

from collect.cli import main
from collect.init import template_files

FILES = template_files()
REPO = Path(__file__).resolve().parents[2]


def workflow() -> dict:
    return yaml.safe_load(FILES[".github/workflows/collect.yml"])


def run_lines(steps) -> list[str]:
    return [step["run"] for step in steps if "run" in step]


def test_github_checks_builds_and_keeps_the_site():
    jobs = workflow()["jobs"]
    steps = jobs["build"]["steps"]
    uses = [step.get("uses", "") for step in steps]
    assert uses[0].startswith("actions/checkout@") and steps[0]["with"]["fetch-depth"] == 0
    assert any(u.startswith("actions/setup-python@") for u in uses)
    runs = run_lines(steps)
    assert runs.index("pip install collect-ledger") < runs.index("collect check --format github") \
        < runs.index("collect build")
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "output/"


def test_github_pages_is_off_unless_the_repository_variable_says_so():
    jobs = workflow()["jobs"]
    pages = jobs["pages"]
    assert pages["needs"] == "build"
    assert "vars.COLLECT_PAGES == 'true'" in pages["if"]
    assert pages["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert pages["permissions"] == {"pages": "write", "id-token": "write"}
    hand_over = next(s for s in jobs["build"]["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert hand_over["if"] == pages["if"]
    assert workflow()["permissions"] == {"contents": "read"}


def test_github_reports_what_a_pull_request_changes():
    step = next(s for s in workflow()["jobs"]["build"]["steps"] if "collect diff" in s.get("run", ""))
    assert step["if"] == "github.event_name == 'pull_request'"
    assert "--format markdown" in step["run"] and "$GITHUB_STEP_SUMMARY" in step["run"]


def test_the_ci_files_say_how_to_install_before_collect_is_on_pypi():
    for name in (".github/workflows/collect.yml", ".gitlab-ci.yml"):
        assert "pip install \"git+https://" in FILES[name]


def test_gitlab_checks_builds_keeps_and_optionally_publishes():
    config = yaml.safe_load(FILES[".gitlab-ci.yml"])
    assert config["default"]["before_script"] == ["pip install collect-ledger"]
    assert config["check"]["script"] == ["collect check"]
    assert config["build"]["script"] == ["collect build"]
    assert config["build"]["artifacts"]["paths"] == ["output/"]
    assert config["pages"]["stage"] == "deploy"
    assert config["pages"]["artifacts"]["paths"] == ["public"]
    assert "$COLLECT_PAGES == \"true\"" in config["pages"]["rules"][0]["if"]
    assert config["changes"]["rules"][0]["if"] == '$CI_PIPELINE_SOURCE == "merge_request_event"'
    assert config["variables"]["GIT_DEPTH"] == "0"


def test_every_collect_command_in_the_ci_files_exists():
    commands = []
    for name in (".github/workflows/collect.yml", ".gitlab-ci.yml", ".pre-commit-config.yaml", "README.md"):
        for match in re.finditer(r"(?<![\w-])collect ([a-z]+(?: [^\n|>#`]*)?)", FILES[name]):
            words = shlex.split(match.group(1).replace("$", ""))
            if words and words[0] in ("check", "build", "diff", "status", "schema", "init"):
                commands.append(words)
    assert {w[0] for w in commands} >= {"check", "build", "diff"}
    for words in commands:
        command = main.commands[words[0]]
        options = {opt for param in command.params for opt in getattr(param, "opts", [])}
        for word in words[1:]:
            if word.startswith("--"):
                assert word in options, f"collect {words[0]} has no option {word}"


def test_gitignore_keeps_build_output_and_caches_out():
    ignored = FILES[".gitignore"].splitlines()
    for pattern in ("output/", ".output.lock", "__pycache__/", ".cache/", "public/"):
        assert pattern in ignored


def test_pre_commit_config_uses_collects_hook():
    config = yaml.safe_load(FILES[".pre-commit-config.yaml"])
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert [hook["id"] for hook in hooks] == ["collect-check"]
    ours = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    for key in ("id", "entry", "pass_filenames", "files"):
        assert hooks[0][key] == ours[key]


def test_pre_commit_config_is_valid_for_pre_commit(tmp_path):
    from pre_commit import clientlib  # in the dev extras
    path = tmp_path / ".pre-commit-config.yaml"
    path.write_text(FILES[".pre-commit-config.yaml"], encoding="utf-8")
    clientlib.load_config(str(path))

