"""JSON Schema (draft 2020-12) of each ledger file kind, from the record models."""

from __future__ import annotations

from typing import Any

from pydantic.json_schema import GenerateJsonSchema

from collect.model.records import KIND_MODELS

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_KINDS = ("company", "policy", "customer", "invoices", "payments", "note")
_TITLES = {
    "company": "collect company.yaml",
    "policy": "collect policy.yaml",
    "customer": "collect customers/<id>.yaml",
    "invoices": "collect invoices/**/*.yaml (one invoice or a list)",
    "payments": "collect payments/**/*.yaml (one entry or a list)",
    "note": "collect notes/**/*.md front matter",
}


def json_schema(kind: str) -> dict[str, Any]:
    model = KIND_MODELS[kind]
    body = model.model_json_schema(schema_generator=GenerateJsonSchema, ref_template="#/$defs/{model}")
    defs = body.pop("$defs", {})
    name = model.__name__
    defs[name] = body
    schema: dict[str, Any] = {"$schema": DIALECT, "title": _TITLES[kind]}
    if kind in ("invoices", "payments"):
        ref = {"$ref": f"#/$defs/{name}"}
        schema["oneOf"] = [ref, {"type": "array", "items": ref}]
    else:
        schema["$ref"] = f"#/$defs/{name}"
    schema["$defs"] = dict(sorted(defs.items()))
    return schema
