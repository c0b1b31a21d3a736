"""Writing the files of one build into its staging folder, and keeping count.

Every file goes through an :class:`OutputWriter`: rendered text, copied assets, and files
taken over unchanged from the previous build (see ``collect.render.manifest``). It records
each in the new manifest and reports progress. A file is always written as a new file
(any name already there is removed first), so a file hard-linked from the previous output
is never written through.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from collect.render.manifest import Entry, Manifest, Previous

Progress = Callable[[int, int], None]


class OutputWriter:
    def __init__(self, staging: Path, previous: Previous | None = None, progress: Progress | None = None):
        self.staging = staging
        self.previous = previous
        self.manifest = Manifest()
        self.progress = progress
        self.rendered_pages = 0  # HTML pages of the site rendered in this build
        self.taken_pages = 0  # … and taken over from the previous one
        self.pages_total = 0  # the site's pages, as announced before rendering them
        self.taken_letters = 0

    # ------------------------------------------------------------ writing

    def write_text(self, rel: str, text: str, inputs: str | None = None) -> Path:
        return self.write_bytes(rel, text.encode("utf-8"), inputs)

    def write_bytes(self, rel: str, data: bytes, inputs: str | None = None) -> Path:
        path = self.staging / rel
        write_file(path, data)
        self.manifest.add(rel, inputs, data)
        return path

    def record(self, rel: str, inputs: str | None, sha256: str) -> None:
        """A file another process wrote into the staging folder."""
        self.manifest.add_entry(rel, Entry(inputs, sha256))

    def copy(self, rel: str, source: Path, inputs: str | None = None) -> Path:
        return self.write_bytes(rel, source.read_bytes(), inputs)

    # ------------------------------------------------------------ taking over

    def vouched(self, rel: str, inputs: str | None) -> bool:
        """Whether the previous build recorded ``rel`` as made from ``inputs`` (a file
        ``take`` will most likely take over)."""
        return self.previous is not None and self.previous.vouches(rel, inputs)

    def take(self, rels: list[str], inputs: str | None) -> bool:
        """Take the previous build's files ``rels`` over, all of them or none."""
        previous = self.previous
        if previous is None or inputs is None or not all(previous.vouches(rel, inputs) for rel in rels):
            return False
        taken: list[str] = []
        for rel in rels:
            if not previous.take(rel, inputs, self.staging, self.manifest):
                for done in taken:  # all or none: render them all instead
                    (self.staging / done).unlink(missing_ok=True)
                    self.manifest.files.pop(done, None)
                return False
            taken.append(rel)
        return True

    # ------------------------------------------------------------ pages and progress

    def expect_pages(self, count: int) -> None:
        self.pages_total = count
        self._report()

    def page_done(self, rendered: bool) -> None:
        if rendered:
            self.rendered_pages += 1
        else:
            self.taken_pages += 1
        self._report()

    def _report(self) -> None:
        if self.progress is not None:
            self.progress(self.rendered_pages + self.taken_pages, self.pages_total)

    def finish(self) -> None:
        self.manifest.write(self.staging)


def write_file(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    path.write_bytes(data)
