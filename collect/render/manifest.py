"""``output/.collect-manifest.json``: what each output file was made from, and its digest.

Each build writes, next to the site, a manifest mapping every file it wrote to the
fingerprint of its inputs (``collect.render.fingerprint``) and the SHA-256 of its bytes.
The next build into the same folder reads it back: a file whose fingerprint is unchanged
is taken over from the previous output (hard-linked into the staging folder, or copied
across file systems) instead of being rendered again, once its bytes are checked against
the digest recorded for them.

Anything doubtful means rendering: no manifest, one that does not parse or has another
format or tool version, a missing entry, a file missing or changed since. The manifest is
written with sorted keys and holds no time or absolute path, so the same ledger and as-of
date still give the same bytes.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from collect import __version__

MANIFEST_NAME = ".collect-manifest.json"
FORMAT = 1


@dataclass(frozen=True, slots=True)
class Entry:
    inputs: str | None  # fingerprint of what the file is made from; None: not reusable
    sha256: str


@dataclass(slots=True)
class Manifest:
    files: dict[str, Entry] = field(default_factory=dict)

    def add(self, rel: str, inputs: str | None, data: bytes) -> None:
        self.files[rel] = Entry(inputs, hashlib.sha256(data).hexdigest())

    def add_entry(self, rel: str, entry: Entry) -> None:
        self.files[rel] = entry

    def to_json(self) -> str:
        files = {rel: {"inputs": e.inputs, "sha256": e.sha256} for rel, e in sorted(self.files.items())}
        return json.dumps({"format": FORMAT, "tool": __version__, "files": files},
                          sort_keys=True, indent=1, ensure_ascii=True) + "\n"

    def write(self, folder: Path) -> None:
        (folder / MANIFEST_NAME).write_text(self.to_json(), encoding="utf-8", newline="\n")


def read_manifest(out: Path) -> Manifest | None:
    """The manifest of a previous build in ``out``; None when there is none to trust."""
    try:
        data = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("tool") != __version__:
            return None
        files = {}
        for rel, entry in data["files"].items():
            inputs, sha = entry["inputs"], entry["sha256"]
            if not isinstance(rel, str) or not isinstance(sha, str) or not (inputs is None or isinstance(inputs, str)):
                return None
            files[rel] = Entry(inputs, sha)
        return Manifest(files)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


class Previous:
    """The previous output folder, as far as its manifest vouches for it."""

    def __init__(self, out: Path, manifest: Manifest | None):
        self.out = out
        self.manifest = manifest
        self._root: Path | None = None

    @classmethod
    def of(cls, out: Path) -> "Previous":
        out = out.absolute()
        return cls(out, read_manifest(out) if out.is_dir() else None)

    def _inside(self, path: Path) -> bool:
        """Not reached through a link out of the previous output folder."""
        if self._root is None:
            self._root = self.out.resolve()
        return path.resolve().is_relative_to(self._root)

    def vouches(self, rel: str, inputs: str | None) -> bool:
        """Whether the previous build recorded ``rel`` as made from ``inputs``."""
        if inputs is None or self.manifest is None:
            return False
        entry = self.manifest.files.get(rel)
        return entry is not None and entry.inputs == inputs and _safe(rel)

    def take(self, rel: str, inputs: str | None, staging: Path, manifest: Manifest) -> bool:
        """Put the previous build's ``rel`` into ``staging`` when it was made from the same
        ``inputs`` and is still the file it wrote; record it in ``manifest``."""
        if not self.vouches(rel, inputs):
            return False
        entry = self.manifest.files[rel]
        source = self.out / rel
        try:
            if source.is_symlink() or not source.is_file() or not self._inside(source):
                return False
            if hashlib.sha256(source.read_bytes()).hexdigest() != entry.sha256:
                return False
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            _link_or_copy(source, target)
        except OSError:
            return False
        manifest.add_entry(rel, entry)
        return True


def _safe(rel: str) -> bool:
    parts = rel.split("/")
    return bool(rel) and not rel.startswith("/") and ".." not in parts and "" not in parts and "\\" not in rel


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EACCES):
            raise
        shutil.copyfile(source, target)
