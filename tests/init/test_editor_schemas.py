"""The editor settings of a new ledger: each folder glob mapped to the JSON Schema of its
kind, and those schemas accept the files the ledger starts with (as the YAML language
server reads them: YAML 1.2, so dates stay text)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from collect.load.files import LAYOUT, SINGLE_FILES
from collect.model.schema import SCHEMA_KINDS, json_schema


class Yaml12Loader(yaml.SafeLoader):
    """YAML as yaml-language-server reads it: ``2026-10-31`` is a string, not a date."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    from click.testing import CliRunner

    from collect.cli import main

    root = tmp_path_factory.mktemp("init") / "books"
    result = CliRunner().invoke(main, ["init", str(root)])
    assert result.exit_code == 0, result.output
    return root


def settings(root: Path) -> dict[str, list[str]]:
    mapping = json.loads((root / ".vscode" / "settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    return {schema: [globs] if isinstance(globs, str) else globs for schema, globs in mapping.items()}


def settings_from_text(text: str) -> dict[str, list[str]]:
    return json.loads(text)["yaml.schemas"]


def front_matter(path: Path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return yaml.load(text.split("---\n")[1], Loader=Yaml12Loader)


def test_each_kind_is_mapped_to_its_folder():
    """The globs follow the loader's layout, so an editor checks exactly the files `check` reads."""
    from collect.init import template_files

    mapping = settings_from_text(template_files()[".vscode/settings.json"])
    expected = {f".schemas/{kind}.json": [f"ledger/{name}"] for kind, name in SINGLE_FILES.items()}
    for kind, (folder, suffixes, many) in LAYOUT.items():
        if kind == "note":
            continue  # front matter inside Markdown: no YAML editor schema applies
        pattern = f"ledger/{folder}/**/*" if many else f"ledger/{folder}/*"
        expected[f".schemas/{kind}.json"] = [pattern + suffix for suffix in suffixes]
    assert mapping == expected


def test_the_schemas_are_those_of_the_installed_collect(books):
    for kind in SCHEMA_KINDS:
        written = json.loads((books / ".schemas" / f"{kind}.json").read_text(encoding="utf-8"))
        assert written == json_schema(kind)
        Draft202012Validator.check_schema(written)


def test_the_schemas_accept_every_file_of_the_new_ledger(books):
    checked = 0
    for schema_path, globs in settings(books).items():
        validator = Draft202012Validator(json.loads((books / schema_path).read_text(encoding="utf-8")))
        for pattern in globs:
            for path in sorted(books.glob(pattern)):
                data = yaml.load(path.read_text(encoding="utf-8"), Loader=Yaml12Loader)
                errors = [e.message for e in validator.iter_errors(data)]
                assert not errors, f"{path.relative_to(books)}: {errors}"
                checked += 1
    assert checked == 8  # company, policy, 2 customers, 2 invoice files, 2 payment files


def test_the_note_schema_accepts_the_example_notes(books):
    validator = Draft202012Validator(json.loads((books / ".schemas" / "note.json").read_text(encoding="utf-8")))
    notes = sorted((books / "ledger" / "notes").rglob("*.md"))
    assert len(notes) == 2
    for path in notes:
        assert not [e.message for e in validator.iter_errors(front_matter(path))]


def test_the_schemas_reject_a_mistake(books):
    """Not vacuous: a misspelt field in a customer file is an error in the editor too."""
    validator = Draft202012Validator(json.loads((books / ".schemas" / "customer.json").read_text(encoding="utf-8")))
    data = yaml.load((books / "ledger/customers/northwind-traders.yaml").read_text(encoding="utf-8"),
                     Loader=Yaml12Loader)
    data["credit_limt"] = 100
    assert list(validator.iter_errors(data))
