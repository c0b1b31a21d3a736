"""Raw records → typed records, with pydantic's errors turned into located diagnostics."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from collect.diagnostics import Diagnostic, error
from collect.load.files import RawRecord
from collect.load.yamltree import Marks
from collect.model.types import describe_value
from collect.model.records import KIND_MODELS, Note, NoteMeta, Record


def build_record(raw: RawRecord) -> tuple[Record | Note | None, list[Diagnostic]]:
    model = KIND_MODELS[raw.kind]
    try:
        record = model.model_validate(raw.data)
    except ValidationError as exc:
        return None, errors_to_diagnostics(exc, model, raw.marks)
    record.located(raw.marks.compact())
    if isinstance(record, NoteMeta):
        return Note(meta=record, body=raw.body or "", path=raw.path, body_line=raw.body_line), []
    return record, []


def errors_to_diagnostics(exc: ValidationError, model: type[BaseModel], marks: Marks) -> list[Diagnostic]:
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(part for part in err["loc"] if not (isinstance(part, str) and part.startswith("~")))
        if marks.was_dropped(loc) or (err["type"] == "missing" and loc[:-1] in marks.merged):
            continue  # the loader has said why this value is missing
        out.append(_diagnostic(err, loc, model, marks))
    return out


def _diagnostic(err: dict, loc: tuple, model: type[BaseModel], marks: Marks) -> Diagnostic:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    field = _dotted(loc)
    if kind[:1] == "E" and kind[1:].isdigit():
        return error(kind, marks.value(loc), f"{field}: {err['msg']}" if field else err["msg"],
                     ctx.get("hint", ""))
    if kind == "missing":
        name = loc[-1]
        parent = _dotted(loc[:-1])
        return error("E102", marks.value(loc[:-1]), f"missing required field `{_dotted(loc)}`",
                     f"add `{name}: …` to " + (f"`{parent}`" if parent else "this record"))
    if kind == "extra_forbidden":
        name = str(loc[-1])
        known = _fields_at(model, loc[:-1])
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = f"did you mean `{close[0]}`?" if close else (
            "known fields here: " + ", ".join(sorted(known)) if known else "remove it")
        return error("E101", marks.key(loc), f"unknown field `{_dotted(loc)}`", hint)
    if kind in ("literal_error", "enum"):
        value = err.get("input")
        expected = ctx.get("expected", "")
        options = [o.strip().strip("'") for o in expected.replace(" or ", ", ").split(",") if o.strip()]
        close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.5)
        hint = f"did you mean `{close[0]}`?" if close else f"use one of: {', '.join(options)}"
        return error("E109", marks.value(loc), f"{field}: `{value}` is not one of {', '.join(options)}", hint)
    if kind in ("list_type",):
        return error("E110", marks.value(loc), f"{field}: expected a list",
                     "write each item on its own line starting with `- `")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return error("E110", marks.value(loc), f"{field or 'record'}: expected `key: value` lines, found {describe_value(err.get('input'))}",
                     "see `collect schema` for the fields this record takes")
    if kind in ("string_type",):
        return error("E110", marks.value(loc), f"{field}: expected text, found {describe_value(err.get('input'))}",
                     "write a single value on this line")
    return error("E110", marks.value(loc), f"{field}: {err['msg']}", "see `collect schema` for the fields and their types")


def _dotted(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """Field names (as written in files) of the record type at ``loc`` in ``model``."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        target = _model_in(current)
        if target is None or part not in _by_alias(target):
            return []
        current = _by_alias(target)[part].annotation
    target = _model_in(current)
    return list(_by_alias(target)) if target else []


def _by_alias(model: type[BaseModel]) -> dict:
    return {info.alias or name: info for name, info in model.model_fields.items()}


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _model_in(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list, tuple):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found:
                return found
    return None
