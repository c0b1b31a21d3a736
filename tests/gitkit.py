"""Temporary git repositories for the tests of init, history and diff.

Real ``git``, with a fixed author, committer and dates, and the user's own git
configuration shut out, so every commit id and date is the same on every machine.
(Imported by name, like checkkit: ``tests/compute/conftest.py`` makes ``from conftest
import …`` ambiguous.)
"""

from __future__ import annotations

import os
import subprocess
import textwrap
from pathlib import Path



BASE_ENV = {
    "GIT_AUTHOR_NAME": "Wang Jing",
    "GIT_AUTHOR_EMAIL": "wang.jing@example.cn",
    "GIT_COMMITTER_NAME": "Wang Jing",
    "GIT_COMMITTER_EMAIL": "wang.jing@example.cn",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}

COMPANY = """\
name: 上海澄远贸易有限公司
currency: CNY
language: zh
jurisdiction: cn
"""


def git(repo: Path, *args: str, date: str = "2026-11-01T10:00:00+08:00", author: str | None = None) -> str:
    """Run git in ``repo`` with fixed identities and dates; its output, stripped."""
    env = dict(os.environ, **BASE_ENV, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    if author is not None:
        env["GIT_AUTHOR_NAME"] = author
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def new_repo(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    return path


def write(root: Path, files: dict[str, str | None]) -> None:
    """Write (dedented) files under ``root``; ``None`` deletes the file."""
    for name, text in files.items():
        path = root / name
        if text is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def commit(repo: Path, message: str, date: str = "2026-11-01T10:00:00+08:00", author: str | None = None) -> str:
    """Stage everything and commit it; the new commit's id."""
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=date, author=author)
    return git(repo, "rev-parse", "HEAD")
