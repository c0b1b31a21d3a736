"""The few git calls collect makes. Each reads; none writes to the repository.

Every call runs with settings that make its output the same on every machine, whatever
the user's configuration: no pager, no colour, no signature lines, no path quoting, no
rename detection.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

TIMEOUT_SECONDS = 120
_SAFE_CONFIG = (
    "--literal-pathspecs",  # a folder named `[2026]` or `*` is a name, not a pattern
    "-c", "core.quotePath=false",
    "-c", "log.showSignature=false",
    "-c", "color.ui=never",
    "-c", "diff.renames=false",
)
# fields of one commit in `git log --format`; \x1e starts a commit, \x1f separates fields
_LOG_FORMAT = "%x1e%H%x1f%aI%x1f%an%x1f%s"


class GitError(Exception):
    """git is missing, the folder is not in a repository, or a revision is unknown."""


@dataclass(frozen=True, slots=True)
class Repo:
    top: Path  # the work tree's top folder
    prefix: str  # the ledger folder inside it, POSIX, "" or ending in "/"


@dataclass(frozen=True, slots=True)
class LoggedCommit:
    commit: str
    date: str  # ISO date in the author's own timezone
    author: str
    summary: str
    files: tuple[str, ...]  # relative to the folder the log was run in


def run_git(args: list[str], cwd: Path, stdin: bytes | None = None) -> bytes:
    """git's standard output; GitError with git's own message when it fails."""
    env = dict(os.environ, GIT_PAGER="cat", PAGER="cat", GIT_TERMINAL_PROMPT="0", GIT_OPTIONAL_LOCKS="0")
    try:
        done = subprocess.run(["git", *_SAFE_CONFIG, *args], cwd=cwd, input=stdin, capture_output=True,
                              env=env, timeout=TIMEOUT_SECONDS)
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH)") from None
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(f"git could not be run: {exc}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed (exit {done.returncode})")
    return done.stdout


def locate(folder: Path) -> Repo:
    """The repository holding ``folder`` and where the folder sits in it."""
    try:
        out = run_git(["rev-parse", "--show-toplevel", "--show-prefix"], folder)
    except GitError as exc:
        if "not a git repository" in str(exc).lower():
            raise GitError(f"{folder} is not inside a git repository") from None
        raise
    lines = out.decode("utf-8", "surrogateescape").split("\n")
    if len(lines) < 2 or not lines[0]:
        raise GitError(f"{folder} is not inside a git work tree")
    return Repo(Path(lines[0]), lines[1])


def resolve_commit(repo: Repo, rev: str) -> str:
    """The full commit id ``rev`` names (a commit, branch, tag, ``HEAD~3`` …)."""
    if not rev or rev.startswith("-") or "\n" in rev:
        raise GitError(f"`{rev}` is not a revision")
    try:
        out = run_git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], repo.top)
    except GitError:
        raise GitError(f"unknown revision `{rev}` (try a commit id, a branch or a tag; "
                       "in a shallow CI clone fetch more history first)") from None
    return out.decode().strip()


def materialise(repo: Repo, commit: str, dest: Path) -> int:
    """Write the ledger folder as it was at ``commit`` into ``dest``; the number of files.

    Reads the tree and the blobs straight from the object store (``ls-tree`` and one
    ``cat-file --batch``): the work tree and the index are not touched, and
    ``.gitattributes`` export rules, which ``git archive`` would apply, do not drop files.
    """
    listing = run_git(["ls-tree", "-r", "-z", "--full-tree", commit, "--", repo.prefix or "."], repo.top)
    wanted: list[tuple[str, str]] = []  # (object id, path inside the ledger)
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        mode, kind, oid = meta.decode().split(" ")
        if kind != "blob" or mode == "120000":  # submodules and symbolic links are not ledger files
            continue
        path = name.decode("utf-8", "surrogateescape")
        inner = path[len(repo.prefix):] if path.startswith(repo.prefix) else None
        if inner and _safe(inner):
            wanted.append((oid, inner))
    dest.mkdir(parents=True, exist_ok=True)
    if not wanted:
        return 0
    blobs = run_git(["cat-file", "--batch"], repo.top, stdin="".join(f"{oid}\n" for oid, _ in wanted).encode())
    offset = 0
    for _oid, inner in wanted:
        header_end = blobs.index(b"\n", offset)
        header = blobs[offset:header_end].split(b" ")
        if len(header) != 3:  # "<oid> missing": a partial clone without this object
            raise GitError(f"the files of {commit[:12]} are not all in this clone (fetch them first)")
        size = int(header[2])
        start = header_end + 1
        target = dest.joinpath(*PurePosixPath(inner).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(blobs[start:start + size])
        offset = start + size + 1  # the blob is followed by a newline
    return len(wanted)


def log_files(folder: Path) -> list[LoggedCommit]:
    """Every commit that changed a file under ``folder``, newest first, in one ``git log``.

    File names are relative to ``folder``. Merge commits list no files (git shows no
    diff for them by default) and are left out.
    """
    out = run_git(["log", "-z", "--relative", "--no-renames", "--name-only", f"--format={_LOG_FORMAT}",
                   "--", "."], folder)
    commits = []
    for record in out.decode("utf-8", "replace").split("\x1e"):
        header, _, names = record.partition("\0")
        fields = header.split("\x1f")
        if len(fields) != 4:
            continue
        files = tuple(name for name in names.lstrip("\n").split("\0") if name)
        if files:
            commit, date, author, summary = fields
            commits.append(LoggedCommit(commit, date[:10], author, summary, files))
    return commits


def _safe(inner: str) -> bool:
    parts = PurePosixPath(inner).parts
    return bool(parts) and not inner.startswith("/") and ".." not in parts
