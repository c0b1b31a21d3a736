"""YAML text → plain data with a source mark for every key and value.

PyYAML's C composer (``CSafeLoader``) builds the node graph; we turn nodes into data
ourselves instead of letting YAML 1.1 guess types, so that:

* every scalar keeps the text as written (``0000611365`` stays a string, ``NO`` is not
  ``False``, ``10.10`` never passes through a float); the typed model decides what a
  field's text means;
* duplicate keys, anchors/aliases, merge keys and language tags (``!!python/object``)
  are errors instead of silent surprises;
* nesting depth and scalar length are bounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from collect.diagnostics import Diagnostic, Mark, error

try:
    from yaml import CSafeLoader as _Loader
    from yaml._yaml import CParser as _Parser

    LIBYAML = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]
    from yaml.parser import Parser as _Parser  # type: ignore[assignment]

    LIBYAML = False

MAX_DEPTH = 32
MAX_NODES = 1_000_000  # values in one file: a 5 MiB file of real records holds about 600,000
MAX_ITEMS = 100_000  # records in one file that is a list
MAX_KEYS = 1_000  # fields in one mapping
MAX_SCALAR = 100_000
MAX_FLOW_BRACKETS = 64
# A line starting with this many spaces or block indicators may nest deeper than
# MAX_DEPTH (each level takes one or two columns).
_DEEP_LINE = re.compile(r"^[ ?:-]{%d}" % (MAX_DEPTH // 2), re.MULTILINE)

_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_NULL = _STD + "null"

Loc = tuple  # a path into the data: ("lines", 0, "unit_price")
_MERGE = _STD + "merge"
_STR = _STD + "str"
_SEQ = _STD + "seq"
_MAP = _STD + "map"
_NULL_WORDS = frozenset(("", "~", "null", "Null", "NULL"))
_new_mark = tuple.__new__


class _TextLoader(_Parser, yaml.constructor.BaseConstructor, yaml.resolver.BaseResolver):
    """libyaml's composer with a resolver that guesses nothing: a plain scalar is text
    unless it is YAML's null. We read every value from its text ourselves, so YAML 1.1's
    int/float/bool/timestamp guessing would only cost time (a quarter of composing)."""

    def __init__(self, stream):
        _Parser.__init__(self, stream)
        yaml.constructor.BaseConstructor.__init__(self)
        yaml.resolver.BaseResolver.__init__(self)
        self.nodes = 0

    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass

    def resolve(self, kind, value, implicit):
        # the composer asks once per node: stop before a hostile file's node tree fills memory
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooManyNodes
        if kind is yaml.ScalarNode:
            if implicit[0]:
                if value in _NULL_WORDS:
                    return _NULL
                if value == "<<":
                    return _MERGE
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


class _TooManyNodes(Exception):
    pass


# Any node takes at least half a character of text ("?\n" is a key and a value), so text
# shorter than this cannot hold MAX_NODES nodes and needs no counting resolver.
_COUNT_ABOVE = MAX_NODES // 2
# What the composer is told for every node of such text: one string object, so that
# ``tag is _IMPLICIT`` tells "no tag written" from any tag written out (``!!str``).
_IMPLICIT = "".join((_STD, "str"))


class _QuickLoader(_TextLoader):
    """``_TextLoader`` for text too short to need counting: the composer's callbacks are
    C-level no-ops (``str.format`` of a string without fields returns it and ignores its
    arguments) instead of a Python call per node. ``_tag`` works out afterwards what
    ``_TextLoader.resolve`` would have said."""

    def __init__(self, stream):
        super().__init__(stream)
        self.resolve = _IMPLICIT.format
        self.descend_resolver = self.ascend_resolver = "".format


def _tag(node: yaml.Node) -> str:
    """The node's tag as ``_TextLoader`` resolves it, for either loader."""
    tag = node.tag
    if tag is not _IMPLICIT:
        return tag
    cls = node.__class__
    if cls is yaml.ScalarNode:
        if not node.style:  # plain: the resolver's implicit[0]
            if node.value in _NULL_WORDS:
                return _NULL
            if node.value == "<<":
                return _MERGE
        return _STR
    return _SEQ if cls is yaml.SequenceNode else _MAP


@dataclass(slots=True)
class Marks:
    """Where each value (and each mapping key) of one record came from.

    ``values`` and ``keys`` hold ``(line, col)`` pairs in the root's file — a full
    ``Mark`` is made only when a message needs one — or a ``Mark`` where a record was
    put together from several files (an imported CSV row and its map)."""

    root: Mark
    values: dict[Loc, tuple] = field(default_factory=dict)
    keys: dict[Loc, tuple] = field(default_factory=dict)
    # values dropped for an error already reported (alias, tag, too deep, too long):
    # typing must not report them again as missing or of the wrong type
    dropped: set[Loc] = field(default_factory=set)
    # mappings with a merge key (<<): their fields are reported as not written out,
    # not as missing one by one
    merged: set[Loc] = field(default_factory=set)
    # marks inside the record are left out when a ledger is loaded in bulk (most records
    # never need one); ``(function, args)`` re-reads the file for them on the first
    # question. None: ``values`` and ``keys`` are complete.
    source: tuple | None = None

    def _complete(self) -> None:
        source, self.source = self.source, None
        full = source[0](*source[1]) if source else None
        if full is not None:
            self.values.update(full.values)
            self.keys.update(full.keys)

    def has(self, loc: Loc) -> bool:
        """Whether the record wrote a value at ``loc`` (not a default)."""
        if self.source is not None:
            self._complete()
        return tuple(loc) in self.values

    def _mark(self, place: tuple) -> Mark:
        if len(place) == 2:
            return _new_mark(Mark, (self.root.path, place[0], place[1]))
        return place  # already a Mark

    def value(self, loc: Loc) -> Mark:
        """The mark of the value at ``loc``, or of its nearest enclosing value."""
        loc = tuple(loc)
        if loc and self.source is not None:
            self._complete()
        while loc:
            place = self.values.get(loc)
            if place is not None:
                return self._mark(place)
            loc = loc[:-1]
        return self.root

    def key(self, loc: Loc) -> Mark:
        """The mark of the key at ``loc`` (falls back to the value)."""
        if self.source is not None:
            self._complete()
        place = self.keys.get(tuple(loc))
        return self._mark(place) if place is not None else self.value(loc)

    def child(self, prefix: Loc, root: Mark) -> "Marks":
        """The marks of one item of a list, re-rooted so that its locs start at the item."""
        n = len(prefix)
        sub = Marks(root)
        for loc, mark in self.values.items():
            if loc[:n] == prefix:
                sub.values[loc[n:]] = mark
        for loc, mark in self.keys.items():
            if loc[:n] == prefix:
                sub.keys[loc[n:]] = mark
        sub.dropped = {loc[n:] for loc in self.dropped if loc[:n] == prefix}
        sub.merged = {loc[n:] for loc in self.merged if loc[:n] == prefix}
        return sub

    def split_items(self) -> dict[int, "Marks"]:
        """The marks of every item of a top-level list, re-rooted at the item, in one pass
        (calling ``child`` per item would be quadratic in the length of the list)."""
        parts: dict[int, Marks] = {}

        def part(first) -> "Marks | None":
            if not isinstance(first, int):
                return None
            sub = parts.get(first)
            if sub is None:
                place = self.values.get((first,))
                sub = parts[first] = Marks(self._mark(place) if place is not None else self.root)
            return sub

        for store in ("values", "keys"):
            for loc, mark in getattr(self, store).items():
                sub = part(loc[0]) if loc else None
                if sub is not None:
                    getattr(sub, store)[loc[1:]] = mark
        for store in ("dropped", "merged"):
            for loc in getattr(self, store):
                sub = part(loc[0]) if loc else None
                if sub is not None:
                    getattr(sub, store).add(loc[1:])
        return parts

    def compact(self):
        """These marks as a small tuple ``(make, args)`` when they are only a start and a way
        to re-read the rest, as bulk loading leaves them: typed records keep them so (a
        tenth of the memory, pickled without a Python call) and make ``Marks`` on first
        use (``SourcedRecord.origin``). Complete marks are returned as they are."""
        if self.values or self.keys or self.source is None:
            return self
        root = self.root
        return bulk_marks, (root.path, root.line, root.col, tuple(self.dropped) or None,
                            tuple(self.merged) or None, *self.source)

    def was_dropped(self, loc: Loc) -> bool:
        return any(tuple(loc[:i]) in self.dropped for i in range(len(loc) + 1))


def bulk_marks(path: str, line: int, col: int, dropped: tuple | None, merged: tuple | None,
               reread, args: tuple) -> Marks:
    """``Marks.compact`` undone."""
    return Marks(_new_mark(Mark, (path, line, col)), dropped=set(dropped or ()), merged=set(merged or ()),
                 source=(reread, args))


@dataclass(slots=True)
class Parsed:
    data: Any
    marks: Marks
    problems: list[Diagnostic]
    # for a file that is a list: each item's marks, rooted at the item
    items: list[Marks] | None = None


def parse(text: str, path: str, line_offset: int = 0, with_marks: bool = True) -> Parsed:
    """Parse one YAML document. ``line_offset`` shifts marks (front matter in a note);
    ``with_marks=False`` records only where each record starts (bulk loading)."""
    root = Mark(path, 1 + line_offset, 1)
    marks = Marks(root)
    guard = _depth_guard(text, path, line_offset)
    if guard:
        return Parsed(None, marks, [guard])
    try:
        node = yaml.compose(text, Loader=_QuickLoader if len(text) < _COUNT_ABOVE else _TextLoader)
    except _TooManyNodes:
        return Parsed(None, marks, [error(
            "E007", root, f"the file holds more than {MAX_NODES:,} values",
            "split it into several files (invoices and payments may be spread over any number of files)")])
    except yaml.MarkedYAMLError as exc:
        return Parsed(None, marks, [_syntax_error(exc, text, path, line_offset)])
    except yaml.reader.ReaderError as exc:
        return Parsed(None, marks, [_reader_error(exc, text, path, line_offset)])
    except yaml.YAMLError as exc:  # unmarked: rare, e.g. a reader error
        return Parsed(None, marks, [error("E002", root, f"the YAML cannot be read: {exc}",
                                          "check the file's syntax")])
    if node is None:
        return Parsed(None, marks, [])
    if not with_marks and len(text) < _COUNT_ABOVE and "&" not in text:  # no anchor, so no alias
        try:
            return _quick(node, path, line_offset, marks)
        except _Unusual:
            pass  # the careful builder below says what is wrong
    builder = _Builder(path, line_offset, marks, with_marks)
    if isinstance(node, yaml.SequenceNode) and _tag(node) == _SEQ:
        if len(node.value) > MAX_ITEMS:
            return Parsed(None, marks, [error(
                "E007", root, f"the file holds {len(node.value):,} items, over the limit of {MAX_ITEMS:,}",
                "split it into several files (invoices and payments may be spread over any number of files)")])
        data, items = builder.build_items(node)
        return Parsed(data, marks, builder.problems, items)
    data = builder.build(node, (), 0)
    return Parsed(data, marks, builder.problems)


class _Unusual(Exception):
    """Something ``_quick`` leaves to ``_Builder``: a tag, a limit, a duplicate or merge key."""


def _quick(node: yaml.Node, path: str, offset: int, marks: Marks) -> Parsed:
    """``_Builder``'s result for the common file in bulk loading (composed by
    ``_QuickLoader``, no anchors, no marks inside records, nothing to report), in a
    third of the time; raises ``_Unusual`` on anything else."""
    if node.__class__ is not yaml.SequenceNode:
        return Parsed(_plain(node, 0), marks, [])
    if node.tag is not _IMPLICIT or len(node.value) > MAX_ITEMS:
        raise _Unusual
    data, items, places = [], [], {}
    for index, item in enumerate(node.value):
        start = item.start_mark
        here = _new_mark(Mark, (path, start.line + 1 + offset, start.column + 1))
        places[(index,)] = here
        data.append(_plain(item, 1))
        items.append(Marks(here))
    marks.values.update(places)
    return Parsed(data, marks, [], items)


def _plain(node: yaml.Node, depth: int) -> Any:
    if node.tag is not _IMPLICIT or depth > MAX_DEPTH:
        raise _Unusual
    cls = node.__class__
    if cls is yaml.ScalarNode:
        value = node.value
        if not node.style:
            if value in _NULL_WORDS:
                return None
            if value == "<<":
                raise _Unusual
        if len(value) > MAX_SCALAR:
            raise _Unusual
        return value
    if cls is yaml.SequenceNode:
        return [_plain(item, depth + 1) for item in node.value]
    pairs = node.value
    if len(pairs) > MAX_KEYS:
        raise _Unusual
    out: dict[str, Any] = {}
    inner = depth + 1
    for key_node, value_node in pairs:
        key = key_node.value
        if key_node.__class__ is not yaml.ScalarNode or key_node.tag is not _IMPLICIT or key in out \
                or (key == "<<" and not key_node.style):
            raise _Unusual
        if value_node.__class__ is yaml.ScalarNode and value_node.tag is _IMPLICIT and inner <= MAX_DEPTH:
            # _plain's scalar case, written out: one call fewer for most values of a ledger
            value = value_node.value
            if not value_node.style and value in _NULL_WORDS:
                value = None
            elif len(value) > MAX_SCALAR or (value == "<<" and not value_node.style):
                raise _Unusual
            out[key] = value
        else:
            out[key] = _plain(value_node, inner)
    return out


class _Builder:
    def __init__(self, path: str, line_offset: int, marks: Marks, with_marks: bool = True):
        self.path = path
        self.offset = line_offset
        self.record = with_marks
        self.key_node: yaml.Node | None = None  # the key whose value is being built
        self.marks = marks
        self.problems: list[Diagnostic] = []
        self.seen: set[int] = set()

    def mark(self, node: yaml.Node) -> Mark:
        m = node.start_mark
        return _new_mark(Mark, (self.path, m.line + 1 + self.offset, m.column + 1))

    def build_items(self, node: yaml.SequenceNode) -> tuple[list, list[Marks]]:
        """A top-level list: each item built into marks of its own, rooted at the item
        (one pass; re-rooting the marks of the whole file per item would be quadratic)."""
        root = self.marks
        self.seen.add(id(node))
        data, items = [], []
        for index, item in enumerate(node.value):
            here = self.mark(item)
            root.values[(index,)] = here
            self.marks = Marks(here)
            data.append(self.build(item, (), 1))
            items.append(self.marks)
        self.marks = root
        return data, items

    # build, scalar and mapping run once per node of every file: marks are stored as
    # (line, col) pairs and a Mark is made only for a message

    def build(self, node: yaml.Node, loc: Loc, depth: int) -> Any:
        start = node.start_mark
        place = (start.line + 1 + self.offset, start.column + 1)
        if id(node) in self.seen:
            # an alias has no mark of its own: point at its key, not at the anchor
            if loc and isinstance(loc[-1], str) and self.key_node is not None:
                where = self.mark(self.key_node)
            else:
                where = self.marks.key(loc) if loc else self.mark(node)
            self.marks.values[loc] = where
            self.drop(loc, error(
                "E005", where,
                f"an alias (*name) refers to the anchor defined at line {place[0]}; "
                "anchors and aliases are not supported",
                "write the value out in full where it is used",
            ))
            return None
        if self.record:
            self.marks.values[loc] = place
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            self.drop(loc, error(
                "E007", self.mark(node), f"the data is nested more than {MAX_DEPTH} levels deep",
                "ledger records are shallow; check the indentation",
            ))
            return None
        cls = node.__class__
        if cls is yaml.ScalarNode:
            return self.scalar(node, loc)
        tag = _tag(node)
        if cls is yaml.MappingNode and tag == _MAP:
            return self.mapping(node, loc, depth)
        if cls is yaml.SequenceNode and tag == _SEQ:
            return [self.build(item, loc + (i,), depth + 1) for i, item in enumerate(node.value)]
        self.tag_problem(node, loc, self.mark(node))
        return None

    def drop(self, loc: Loc, problem: Diagnostic) -> None:
        self.problems.append(problem)
        self.marks.dropped.add(loc)

    def scalar(self, node: yaml.ScalarNode, loc: Loc) -> str | None:
        tag = _tag(node)
        if tag is not _STR and tag not in _SCALAR_TAGS:
            self.tag_problem(node, loc, self.mark(node))
            return None
        value = node.value
        if len(value) > MAX_SCALAR:
            self.drop(loc, error(
                "E007", self.mark(node), f"a value of {len(value):,} characters is over the limit of {MAX_SCALAR:,}",
                "keep long texts in a note's Markdown body",
            ))
            return None
        if tag == _NULL and not node.style:
            return None
        return value

    def mapping(self, node: yaml.MappingNode, loc: Loc, depth: int) -> dict | None:
        if len(node.value) > MAX_KEYS:
            self.drop(loc, error(
                "E007", self.mark(node), f"{len(node.value):,} keys in one place, over the limit of {MAX_KEYS:,}",
                "ledger records have a few dozen fields; check the indentation"))
            return None
        out: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        keys = self.marks.keys
        offset = self.offset
        record = self.record
        for key_node, value_node in node.value:
            tag = _tag(key_node)
            if tag is not _STR and (tag == _MERGE or key_node.__class__ is not yaml.ScalarNode
                                    or tag not in _SCALAR_TAGS):
                self.key_problem(key_node, loc)
                continue
            start = key_node.start_mark
            line = start.line + 1 + offset
            key = key_node.value
            if key in first_line:
                self.problems.append(error(
                    "E004", self.mark(key_node), f"duplicate key `{key}` (first given at line {first_line[key]})",
                    "keep one of the two; YAML would silently use the last",
                ))
                continue
            first_line[key] = line
            sub = loc + (key,)
            if record:
                keys[sub] = (line, start.column + 1)
            self.key_node = key_node
            out[key] = self.build(value_node, sub, depth + 1)
        return out

    def key_problem(self, key_node: yaml.Node, loc: Loc) -> None:
        if _tag(key_node) == _MERGE:
            self.marks.merged.add(loc)
            self.problems.append(error(
                "E005", self.mark(key_node), "merge keys (<<) are not supported",
                "write the fields out in full in this record",
            ))
            return
        self.problems.append(error(
            "E010", self.mark(key_node), "a key must be a plain name",
            "write `name: value` with a simple word as the name",
        ))

    def tag_problem(self, node: yaml.Node, loc: Loc, here: Mark) -> None:
        tag = _tag(node).replace(_STD, "!!")
        self.drop(loc, error(
            "E006", here, f"the YAML tag `{tag}` is not allowed in a ledger",
            "remove the tag; write plain values (text, numbers, dates, lists, mappings)",
        ))


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, path: str, offset: int) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line = (mark.line if mark else 0)
    col = (mark.column if mark else 0)
    lines = text.splitlines()
    # libyaml reports a tab in the indentation as an odd token error; say what it is.
    for probe in (line, line - 1):
        if 0 <= probe < len(lines):
            stripped = lines[probe].lstrip(" ")
            if stripped.startswith("\t"):
                tab_col = len(lines[probe]) - len(stripped) + 1
                return error(
                    "E003", Mark(path, probe + 1 + offset, tab_col),
                    "a tab is used for indentation; YAML allows only spaces",
                    "replace the tab with spaces (set your editor to insert spaces for YAML)",
                )
    problem = (exc.problem or "invalid YAML").strip()
    context = f" {exc.context}" if exc.context else ""
    started = exc.context_mark
    if context and started is not None and started.line != line:
        context += f" (started at line {started.line + 1 + offset})"
    hint = "check indentation, colons after keys and quotes around values with `: ` or `#` in them"
    if "single document" in f"{exc.context} {problem}":
        hint = "a file holds one YAML document: remove the `---` line (several invoices or payments go in one list)"
    return error(
        "E002", Mark(path, line + 1 + offset, col + 1),
        f"the YAML cannot be read:{context} {problem}".replace("  ", " "),
        hint,
    )


def _reader_error(exc: yaml.reader.ReaderError, text: str, path: str, offset: int) -> Diagnostic:
    """A character YAML refuses (a control character): locate it; libyaml counts in UTF-8 bytes."""
    before = (text.encode("utf-8")[:exc.position].decode("utf-8", errors="replace") if LIBYAML
              else text[:exc.position])
    line = before.count("\n") + 1
    col = len(before) - (before.rfind("\n") + 1) + 1
    return error(
        "E002", Mark(path, line + offset, col),
        f"the file contains the character U+{exc.character:04X}, which YAML does not allow",
        "remove it (most editors do not show it; it often comes from copying out of another program)",
    )


def _depth_guard(text: str, path: str, offset: int) -> Diagnostic | None:
    """libyaml's composer recurses once per nesting level and crashes the process on
    deep input (``[[[…`` or ``- - - …``): refuse absurd nesting before composing.

    Reading the events costs a second pass, so it runs only on text that could nest
    deeper than a record ever does: many brackets, or a line indented far.
    """
    if text.count("[") + text.count("{") <= MAX_FLOW_BRACKETS and not _DEEP_LINE.search(text):
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    m = event.start_mark
                    what, fix = (("brackets are", "the brackets") if event.flow_style
                                 else ("the data is", "the indentation"))
                    return error(
                        "E007", Mark(path, m.line + 1 + offset, m.column + 1),
                        f"{what} nested more than {MAX_DEPTH} levels deep",
                        f"ledger records are shallow; check {fix}",
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None  # composing reports it, located
    return None
