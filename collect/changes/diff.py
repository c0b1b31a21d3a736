"""``collect diff REV``: the ledger as it was at a revision against the ledger as it is.

The old ledger is read from git's object store into a temporary folder (the work tree is
never touched), loaded and computed as of the same date as the current one, and the two
states are compared.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from collect.changes.compare import LedgerDiff, Side, compare
from collect.changes.git import Repo, locate, materialise, resolve_commit
from collect.compute.engine import compute
from collect.load import load_ledger


def revision(ledger_root: Path, rev: str) -> tuple[Repo, str]:
    """The repository of the ledger and the commit ``rev`` names; GitError if either is missing."""
    repo = locate(ledger_root)
    return repo, resolve_commit(repo, rev)


def diff_since(repo: Repo, commit: str, current: Side, as_of: dt.date) -> LedgerDiff:
    """What changed between the ledger at ``commit`` and ``current`` (both as of ``as_of``).

    A ledger folder that did not exist yet at ``commit`` compares as an empty ledger.
    Problems of the old ledger are not reported: it is history, and only the valid part
    of it is compared.
    """
    with tempfile.TemporaryDirectory(prefix="collect-diff-") as tmp:
        root = Path(tmp) / "ledger"
        materialise(repo, commit, root)
        old, _problems = load_ledger(root, as_of)
        return compare(Side(old, compute(old, as_of), root), current)
