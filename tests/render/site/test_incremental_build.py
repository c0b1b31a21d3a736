"""Rebuilding into an existing output: unchanged customer pages and letters are taken over.

Each build leaves ``output/.collect-manifest.json`` (file → fingerprint of its inputs and
digest of its bytes). The next build renders only the pages whose inputs changed and
hard-links the others from the previous output; the result must be byte for byte what a
build from scratch gives. Which files were rendered shows in their inode numbers: a file
taken over is the previous file itself.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from sitekit import build, sample_copy, tree_hashes

from collect.render.manifest import MANIFEST_NAME

GLOBAL_PAGES = {"index.html", "customers.html", "worklist.html", "aging.html", "disputes.html", "promises.html",
                "limitation.html", "provision.html", "letters.html", "quality.html"}


def inodes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_ino for p in root.rglob("*") if p.is_file()}


def counts(output: str) -> tuple[int, int]:
    match = re.search(r"rendered (\d+) of (\d+) pages", output)
    assert match, output
    return int(match.group(1)), int(match.group(2))


def rendered_since(before: dict[str, int], out: Path) -> set[str]:
    """The files of ``out`` that are not the very files of the previous build."""
    return {rel for rel, ino in inodes(out).items() if before.get(rel) != ino}


def ok(result):
    assert result.exit_code == 0, result.output
    return result


def scratch(ledger: Path, folder: Path, *args: str, as_of: str = "2026-11-22") -> dict[str, str]:
    ok(build(ledger, folder, *args, as_of=as_of))
    return tree_hashes(folder)


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


@pytest.fixture
def sample(tmp_path):
    """A copy of the sample ledger, built once into ``out``."""
    ledger = sample_copy(tmp_path)
    out = tmp_path / "out"
    first = ok(build(ledger, out))
    rendered, total = counts(first.output)
    assert rendered == total
    return ledger, out


def test_editing_one_note_renders_that_customers_page_and_the_global_pages(sample, tmp_path):
    ledger, out = sample
    before = inodes(out)
    append(ledger / "notes" / "haiyue-logistics" / "2026-11-03-call.md", "\nCalled again: no answer.\n")

    result = ok(build(ledger, out))

    rendered, total = counts(result.output)
    assert (rendered, total) == (len(GLOBAL_PAGES) + 1, total)
    changed = rendered_since(before, out)
    pages = {p for p in changed if p.endswith(".html") and not p.startswith("letters/")}
    assert pages == GLOBAL_PAGES | {"customers/haiyue-logistics.html"}
    # its letter is drafted again (the note is one of its inputs); the others are taken over
    letters = {p for p in changed if p.startswith("letters/") and p != "letters/letter.css"}
    assert letters == {f"letters/haiyue-logistics/2026-11-22-final_notice.{ext}" for ext in ("md", "html", "eml")}
    assert "1 of 6 letter drafts" in result.output
    # and the whole output is what a build from scratch of the edited ledger gives
    assert tree_hashes(out) == scratch(ledger, tmp_path / "fresh")


def test_a_rebuild_with_nothing_changed_renders_nothing_and_changes_no_byte(sample):
    ledger, out = sample
    before, hashes = inodes(out), tree_hashes(out)

    result = ok(build(ledger, out))

    assert counts(result.output)[0] == 0
    assert tree_hashes(out) == hashes
    assert {p for p in rendered_since(before, out) if p.endswith(".html")} == set()


def test_the_manifest_maps_every_file_to_its_inputs_and_bytes(sample):
    _ledger, out = sample
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.name != MANIFEST_NAME}
    assert set(manifest["files"]) == files
    assert list(manifest["files"]) == sorted(manifest["files"])
    entry = manifest["files"]["customers/haiyue-logistics.html"]
    assert re.fullmatch(r"[0-9a-f]{64}", entry["inputs"]) and re.fullmatch(r"[0-9a-f]{64}", entry["sha256"])
    # customers' pages have inputs of their own; the pages about the whole ledger share one
    assert entry["inputs"] != manifest["files"]["customers/kaida-electric.html"]["inputs"]
    assert manifest["files"]["index.html"]["inputs"] == manifest["files"]["aging.html"]["inputs"]


@pytest.mark.parametrize("edit", ["company", "policy", "letter_override", "static_override"])
def test_editing_company_policy_or_a_template_override_renders_everything(tmp_path, edit):
    ledger = sample_copy(tmp_path)
    own = tmp_path / "site_templates"
    (own / "letters").mkdir(parents=True)
    (own / "static").mkdir()
    shutil.copyfile(Path(__file__).resolve().parents[3] / "site_templates" / "letters" / "reminder.jinja",
                    own / "letters" / "reminder.jinja")
    (own / "static" / "extra.css").write_text("body { margin: 0 }\n", encoding="utf-8")
    out = tmp_path / "out"
    ok(build(ledger, out))
    assert counts(ok(build(ledger, out)).output)[0] == 0  # overrides of letters and assets keep reuse

    if edit == "company":
        append(ledger / "company.yaml", "\n# a comment changes the file\n")
    elif edit == "policy":
        append(ledger / "policy.yaml", "\n# a comment changes the file\n")
    elif edit == "letter_override":
        append(own / "letters" / "reminder.jinja", "{# edited #}\n")
    else:
        append(own / "static" / "extra.css", "p { margin: 0 }\n")
    result = ok(build(ledger, out))

    rendered, total = counts(result.output)
    assert rendered == total
    assert "6 of 6 letter drafts" in result.output
    assert tree_hashes(out) == scratch(ledger, tmp_path / "fresh")


@pytest.mark.parametrize("args, as_of", [
    (("--lang", "en"), "2026-11-22"),
    (("--redact",), "2026-11-22"),
    ((), "2026-11-23"),
])
def test_another_language_date_or_redaction_renders_everything(sample, tmp_path, args, as_of):
    ledger, out = sample

    result = ok(build(ledger, out, *args, as_of=as_of))

    rendered, total = counts(result.output)
    assert rendered == total
    assert tree_hashes(out) == scratch(ledger, tmp_path / "fresh", *args, as_of=as_of)


def test_a_page_template_override_means_no_customer_page_is_taken_over(tmp_path):
    """An overriding page may show anything of the whole ledger: reuse would be a guess."""
    ledger = sample_copy(tmp_path)
    site = tmp_path / "site_templates" / "site"
    site.mkdir(parents=True)
    shutil.copyfile(Path(__file__).resolve().parents[3] / "site_templates" / "site" / "customer.html",
                    site / "customer.html")
    out = tmp_path / "out"
    ok(build(ledger, out))

    result = ok(build(ledger, out))

    rendered, total = counts(result.output)
    assert rendered == total - len(GLOBAL_PAGES)  # the global pages, unchanged as a whole, are taken over


@pytest.mark.parametrize("damage", ["garbage", "empty", "wrong_tool", "not_an_object", "bad_entry"])
def test_a_corrupt_manifest_means_a_full_build_and_no_crash(sample, tmp_path, damage):
    ledger, out = sample
    path = out / MANIFEST_NAME
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if damage == "garbage":
        path.write_bytes(b"\x00\xff{not json")
    elif damage == "empty":
        path.write_text("", encoding="utf-8")
    elif damage == "wrong_tool":
        manifest["tool"] = "0.0.0-other"
        path.write_text(json.dumps(manifest), encoding="utf-8")
    elif damage == "not_an_object":
        path.write_text("[1, 2, 3]", encoding="utf-8")
    else:
        manifest["files"]["index.html"] = {"inputs": 42}
        path.write_text(json.dumps(manifest), encoding="utf-8")

    result = ok(build(ledger, out))

    rendered, total = counts(result.output)
    assert rendered == total
    assert tree_hashes(out) == scratch(ledger, tmp_path / "fresh")


def test_a_page_changed_in_the_output_is_rendered_again_not_taken_over(sample, tmp_path):
    ledger, out = sample
    page = out / "customers" / "kaida-electric.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</main>", "<p>tampered</p></main>"), encoding="utf-8")
    (out / "customers" / "xinhe-food.html").unlink()

    result = ok(build(ledger, out))

    assert counts(result.output)[0] == 2  # nothing else changed: only the two damaged pages
    assert tree_hashes(out) == scratch(ledger, tmp_path / "fresh")


def test_a_file_shared_by_two_customers_renders_both_pages_when_it_changes(ledger_dir, tmp_path):
    customer = "id: {id}\nname: {name}\n"
    ledger = ledger_dir({
        "customers/acme.yaml": customer.format(id="acme", name="Acme"),
        "customers/bolt.yaml": customer.format(id="bolt", name="Bolt"),
        "customers/corda.yaml": customer.format(id="corda", name="Corda"),
        "invoices/shared.yaml": """\
            - {number: A-1, customer: acme, issued: 2026-08-01, amount: 1000.00}
            - {number: B-1, customer: bolt, issued: 2026-08-01, amount: 2000.00}
        """,
        "invoices/corda.yaml": """\
            - {number: C-1, customer: corda, issued: 2026-08-01, amount: 3000.00}
        """,
    })
    out = tmp_path / "out"
    ok(build(ledger, out))
    before = inodes(out)

    shared = ledger / "invoices" / "shared.yaml"
    shared.write_text(shared.read_text(encoding="utf-8").replace("1000.00", "1500.00"), encoding="utf-8")
    result = ok(build(ledger, out))

    pages = {p for p in rendered_since(before, out) if p.startswith("customers/")}
    assert pages == {"customers/acme.html", "customers/bolt.html"}  # bolt's own invoice did not change
    assert counts(result.output)[0] == len(GLOBAL_PAGES) + 2
    assert tree_hashes(out) == scratch(ledger, tmp_path / "fresh")


def test_a_record_moved_to_another_file_renders_its_customers_page(ledger_dir, tmp_path):
    customer = "id: {id}\nname: {name}\n"
    ledger = ledger_dir({
        "customers/acme.yaml": customer.format(id="acme", name="Acme"),
        "customers/bolt.yaml": customer.format(id="bolt", name="Bolt"),
        "invoices/a.yaml": "- {number: A-1, customer: acme, issued: 2026-08-01, amount: 1000.00}\n",
        "invoices/b.yaml": "- {number: B-1, customer: bolt, issued: 2026-08-01, amount: 2000.00}\n",
    })
    out = tmp_path / "out"
    ok(build(ledger, out))
    before = inodes(out)

    (ledger / "invoices" / "a.yaml").rename(ledger / "invoices" / "a2.yaml")
    ok(build(ledger, out))

    assert {p for p in rendered_since(before, out) if p.startswith("customers/")} == {"customers/acme.html"}
    assert tree_hashes(out) == scratch(ledger, tmp_path / "fresh")


def test_a_build_into_a_new_folder_next_to_an_old_one_takes_nothing_from_it(sample, tmp_path):
    ledger, _out = sample
    result = ok(build(ledger, tmp_path / "other"))
    rendered, total = counts(result.output)
    assert rendered == total


def test_pages_reached_through_a_link_out_of_the_output_are_not_taken_over(sample, tmp_path):
    ledger, out = sample
    elsewhere = tmp_path / "elsewhere"
    (out / "customers").rename(elsewhere)
    (out / "customers").symlink_to(elsewhere, target_is_directory=True)

    result = ok(build(ledger, out))

    rendered, total = counts(result.output)
    # nothing changed: the pages about the whole ledger are taken over, no customer page is
    assert rendered == total - len(GLOBAL_PAGES)
    assert not (out / "customers").is_symlink()
    assert tree_hashes(out) == scratch(ledger, tmp_path / "fresh")
