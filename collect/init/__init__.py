"""``collect init DIR``: a new ledger repository that passes ``collect check`` and
``collect build`` as it is.

The files of the new repository sit under ``template/`` as real files (a commented
company and policy, two example customers, CI for GitHub and GitLab, pre-commit, editor
settings, a team README) and ship in the wheel. Only the editor schemas are generated,
by ``json_schema()``, so that they always match the installed collect.

Nothing is ever overwritten: the folder must be new or empty (a lone ``.git`` is allowed,
as in a freshly cloned empty repository). The tree is written into a staging folder
(beside a new folder, inside an empty one) and moved into place at the end, so an
interrupted run leaves no half-written file.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from collect.model.schema import SCHEMA_KINDS, json_schema
from collect.render.output import write_text

TEMPLATE = Path(__file__).resolve().parent / "template"
SCHEMA_FOLDER = ".schemas"
# entries a folder may hold and still count as empty
IGNORED_ENTRIES = frozenset({".git"})


class InitError(Exception):
    """The folder cannot take a new ledger repository (one sentence: what and what to do)."""


@dataclass(frozen=True, slots=True)
class Scaffold:
    root: Path
    files: tuple[str, ...]  # POSIX paths relative to root, sorted
    in_git: bool  # the folder already was a git repository


def template_files() -> dict[str, str]:
    """Every file of a new ledger repository: POSIX path → text."""
    files = {}
    for path in sorted(TEMPLATE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            files[path.relative_to(TEMPLATE).as_posix()] = path.read_text(encoding="utf-8")
    for kind in SCHEMA_KINDS:
        files[f"{SCHEMA_FOLDER}/{kind}.json"] = json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n"
    return dict(sorted(files.items()))


def scaffold(target: Path) -> Scaffold:
    """Write a new ledger repository into ``target`` (created if missing)."""
    folder = target.absolute()
    in_git = _check_empty(folder, target)
    files = template_files()
    try:
        if folder.exists():  # stage inside it: its parent may not be ours to write
            staging = Path(tempfile.mkdtemp(prefix=".collect-init-", dir=folder))
        else:
            folder.parent.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.init-", dir=folder.parent))
    except OSError as exc:
        raise InitError(f"cannot create {target}: {exc.strerror}") from None
    try:
        mode = _file_mode()
        for name, text in files.items():
            path = staging.joinpath(*name.split("/"))
            write_text(path, text)
            os.chmod(path, mode)
        for path in [staging, *(p for p in staging.rglob("*") if p.is_dir())]:
            os.chmod(path, mode | 0o111)
        _move_into(staging, folder)
    except OSError as exc:
        raise InitError(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Scaffold(target, tuple(files), in_git)


def next_steps(result: Scaffold) -> str:
    """What to do after ``collect init``, for the terminal."""
    where = str(result.root)
    lines = [
        f"Created a ledger repository in {where}/:",
        "  ledger/                      company, policy, two example customers (invoice, payment, note each)",
        "  README.md                    how the team records invoices, payments and notes",
        "  .github/workflows/collect.yml, .gitlab-ci.yml",
        "                               CI: check, changes of a pull request, build the site",
        "  .pre-commit-config.yaml      collect check before each commit",
        "  .vscode/, .schemas/          completion and checking in the editor",
        "",
        "Next:",
    ]
    if result.root.absolute() != Path.cwd():
        lines.append(f"  cd {_quote(where)}")
    if not result.in_git:
        lines.append('  git init && git add -A && git commit -m "New receivables ledger"')
    lines += [
        "  collect check",
        "  collect build              # then open output/index.html",
        "",
        "Then put your company into ledger/company.yaml, review ledger/policy.yaml, and replace",
        "the example customers with yours (README.md shows how).",
    ]
    return "\n".join(lines)


def _check_empty(folder: Path, shown: Path) -> bool:
    """Whether the folder already is a git repository; InitError if it cannot be used."""
    if not folder.exists():
        if folder.is_symlink():
            raise InitError(f"{shown} is a link to nothing; remove it or choose another folder")
        return False
    if not folder.is_dir():
        raise InitError(f"{shown} exists and is not a folder; choose a new folder name")
    try:
        entries = sorted(e.name for e in folder.iterdir() if e.name not in IGNORED_ENTRIES)
    except OSError as exc:
        raise InitError(f"cannot read {shown}: {exc.strerror}") from None
    if entries:
        listed = ", ".join(entries[:3]) + (", …" if len(entries) > 3 else "")
        raise InitError(f"{shown} is not empty (it holds {listed}); collect init never overwrites files: "
                        "choose a new or empty folder")
    return (folder / ".git").exists()


def _move_into(staging: Path, folder: Path) -> None:
    """Move the staged tree into place: one rename for a new folder; entry by entry into
    an existing empty one, moving back what was moved if one rename fails or is
    interrupted, so the folder is left as empty as it was."""
    if not folder.exists():
        staging.rename(folder)
        return
    moved: list[str] = []
    try:
        for entry in sorted(staging.iterdir()):
            entry.rename(folder / entry.name)
            moved.append(entry.name)
    except BaseException:
        for name in reversed(moved):
            with contextlib.suppress(OSError):
                (folder / name).rename(staging / name)
        raise


def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _quote(path: str) -> str:
    import shlex

    return shlex.quote(path)
