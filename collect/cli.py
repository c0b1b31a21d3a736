"""The ``collect`` command: wires load → validate → compute → render. Nothing else."""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import sys
from pathlib import Path

import click

from collect import __version__
from collect.lifetime import outlive, run as _run_command
from collect.diagnostics import format_github, format_json, format_text, has_errors

EXIT_OK, EXIT_LEDGER, EXIT_USAGE = 0, 1, 2


class Context:
    def __init__(self, ledger: Path, as_of: dt.date):
        self.ledger = ledger
        self.as_of = as_of

    def _require_ledger(self) -> None:
        if not self.ledger.is_dir():
            raise click.UsageError(
                f"no ledger folder at {self.ledger} (give --ledger PATH, or run `collect init DIR`)")

    def load(self):
        """The validated ledger and every diagnostic; only changed notes are re-read when
        the cache holds the rest (collect.load.snapshot)."""
        from collect.load import load_cached

        self._require_ledger()
        return load_cached(self.ledger, self.as_of)

    def check(self):
        """Diagnostics only: may re-check just the changed notes (collect.load.snapshot)."""
        from collect.load import check_ledger

        self._require_ledger()
        return check_ledger(self.ledger, self.as_of)


def _restore_env(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value


def _parse_as_of(ctx, param, value):
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"`{value}` is not a date; write YYYY-MM-DD")


def _version_text() -> str:
    from collect.load.yamltree import LIBYAML

    yaml_state = "libyaml C loader" if LIBYAML else "WARNING: libyaml missing, pure-Python YAML (slow)"
    return f"collect {__version__} (Python {sys.version.split()[0]}, {yaml_state})"


def _override_ledger(ctx, param, value):
    if value is not None:
        ctx.find_object(Context).ledger = value


def _override_as_of(ctx, param, value):
    if value is not None:
        ctx.find_object(Context).as_of = _parse_as_of(ctx, param, value)


def ledger_options(command):
    """Let every command take --ledger and --as-of after its name too (SPEC §3)."""
    command = click.option("--as-of", "as_of_override", metavar="DATE", expose_value=False,
                           callback=_override_as_of, help="Compute as of this date (YYYY-MM-DD).")(command)
    command = click.option("--ledger", "ledger_override", type=click.Path(path_type=Path), expose_value=False,
                           callback=_override_ledger, help="The ledger folder.")(command)
    return command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--ledger", type=click.Path(path_type=Path), default=None,
              help="The ledger folder (default: ./ledger, or . when it holds company.yaml).")
@click.option("--as-of", "as_of", envvar="COLLECT_AS_OF", callback=_parse_as_of, metavar="DATE",
              help="Compute as of this date (YYYY-MM-DD; default today; env COLLECT_AS_OF).")
@click.option("--cache-dir", type=click.Path(path_type=Path), envvar="COLLECT_CACHE_DIR",
              help="Where the parse cache lives (default: $XDG_CACHE_HOME/collect; env COLLECT_CACHE_DIR).")
@click.option("--no-cache", is_flag=True, help="Read every file afresh and keep no cache (env COLLECT_CACHE=0).")
@click.option("--jobs", type=click.IntRange(min=1), envvar="COLLECT_JOBS",
              help="Processes that parse a large ledger (default: the number of CPUs; env COLLECT_JOBS).")
@click.version_option(__version__, message=_version_text())
@click.pass_context
def main(ctx: click.Context, ledger: Path | None, as_of: dt.date, cache_dir: Path | None, no_cache: bool,
         jobs: int | None) -> None:
    """collect: a plain-text receivables ledger.

    Validates the ledger, computes balances, aging, interest, limitation and the next
    collection step, and renders a report site and letter drafts.
    """
    # the loader reads these settings from the environment (also in its worker
    # processes); restored when the command ends, for callers that run it in-process
    settings = {"COLLECT_CACHE_DIR": str(cache_dir) if cache_dir is not None else None,
                "COLLECT_CACHE": "0" if no_cache else None,
                "COLLECT_JOBS": str(jobs) if jobs is not None else None}
    for name, value in settings.items():
        if value is not None:
            previous = os.environ.get(name)
            os.environ[name] = value
            ctx.call_on_close(functools.partial(_restore_env, name, previous))
    if ledger is None:
        ledger = Path("ledger")
        if not ledger.is_dir() and Path("company.yaml").is_file():
            ledger = Path(".")
    ctx.obj = Context(ledger, as_of)


@main.command()
@ledger_options
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True)
@click.pass_obj
def check(obj: Context, strict: bool, fmt: str) -> None:
    """Validate every file of the ledger."""
    diagnostics = obj.check()
    failed = has_errors(diagnostics) or (strict and bool(diagnostics))
    if fmt == "json":
        click.echo(format_json(diagnostics))
    else:
        if fmt == "github" or os.environ.get("GITHUB_ACTIONS") == "true":
            if diagnostics:
                click.echo(format_github(diagnostics))
        if fmt != "github":
            _print_report(diagnostics)
    sys.exit(EXIT_LEDGER if failed else EXIT_OK)


def _print_report(diagnostics) -> None:
    if diagnostics:
        click.echo(format_text(diagnostics), err=False)
        click.echo("")
    errors = sum(1 for d in diagnostics if d.is_error)
    warnings = len(diagnostics) - errors
    summary = f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
    click.echo(("ok: " if not errors else "") + summary)


@main.command()
@click.argument("kind", type=click.Choice(["company", "policy", "customer", "invoices", "payments", "note"]))
def schema(kind: str) -> None:
    """Print the JSON Schema (2020-12) of a ledger file kind."""
    from collect.model.schema import json_schema

    click.echo(json.dumps(json_schema(kind), ensure_ascii=False, indent=2))


@main.command()
@ledger_options
@click.option("--customer", metavar="ID", help="One customer's full picture.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_obj
def status(obj: Context, customer: str | None, fmt: str) -> None:
    """Totals, aging, today's worklist, top risks and limitation warnings."""
    state, ledger = _computed(obj)
    if customer is not None and state.customer(customer) is None:
        raise click.UsageError(f"there is no customer `{customer}`")
    if fmt == "json":
        from collect.render.status_json import write_status_json

        write_status_json(state, sys.stdout, customer)
        return
    from collect.render.status_table import customer_text, status_text

    if customer is not None:
        click.echo(customer_text(state.customer(customer), state.as_of))
    else:
        click.echo(status_text(state, ledger.policy.limitation_warn_days))


def _computed(obj: Context):
    """Load, validate and compute; a ledger with errors stops here with exit 1."""
    state, ledger, _, _ = _computed_with(obj, keep_going=False)
    return state, ledger


@main.command()
@ledger_options
@click.option("--out", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
              help="The folder to write the site into (replaced atomically).")
@click.option("--lang", type=click.Choice(["zh", "en"]), help="Language of the site (default: company.language).")
@click.option("--keep-going", is_flag=True, help="Build even when the ledger has errors (they get a page).")
@click.option("--redact", is_flag=True, help="Mask contacts' phone, e-mail and WeChat; omit private notes.")
@click.pass_obj
def build(obj: Context, out: Path, lang: str | None, keep_going: bool, redact: bool) -> None:
    """Render the report site and the due letter drafts into OUT."""
    import gc

    from collect.render.build import build_output
    from collect.render.progress import progress_line

    state, ledger, diagnostics, fingerprints = _computed_with(obj, keep_going)
    gc.freeze()  # the ledger and its state live to the end: no collection need walk them again
    progress = progress_line()
    try:
        result = build_output(state, ledger, diagnostics, out, lang=lang, redact=redact, progress=progress,
                              fingerprints=fingerprints)
    finally:
        gc.unfreeze()
        if progress is not None:
            progress.close()
    click.echo(f"built {result.pages} pages and {result.letters} letter draft{'s' if result.letters != 1 else ''} into {out}/ "
               f"(as of {obj.as_of}, {result.lang})")
    click.echo(f"rendered {result.rendered} of {result.pages} pages"
               + (f", {result.letters_rendered} of {result.letters} letter drafts" if result.letters else ""))
    if has_errors(diagnostics):
        click.echo("the ledger has errors: see data quality (quality.html)", err=True)
        sys.exit(EXIT_LEDGER)


def _computed_with(obj: Context, keep_going: bool):
    """The computed state, ledger, diagnostics and fingerprints; customers whose inputs did
    not change since the last run keep their computed state (collect.compute.reuse)."""
    from collect.compute.engine import compute
    from collect.compute.reuse import KeptStates
    from collect.render.fingerprint import Fingerprints

    ledger, diagnostics = obj.load()
    if has_errors(diagnostics) and not keep_going:
        click.echo(format_text([d for d in diagnostics if d.is_error]), err=True)
        click.echo("\nthe ledger has errors; nothing was written (fix them, or use --keep-going)", err=True)
        sys.exit(EXIT_LEDGER)
    outlive(ledger)
    fingerprints = Fingerprints(ledger, diagnostics, obj.as_of)
    kept = KeptStates(ledger, fingerprints.customer, fingerprints.without_notes())
    state = compute(ledger, obj.as_of, kept)
    outlive(state, fingerprints)
    kept.save()
    return state, ledger, diagnostics, fingerprints


@main.command()
@ledger_options
@click.option("--port", type=int, default=8000, show_default=True, help="Port on 127.0.0.1 (0: any free port).")
@click.option("--lang", type=click.Choice(["zh", "en"]), help="Language of the site (default: company.language).")
@click.pass_obj
def serve(obj: Context, port: int, lang: str | None) -> None:
    """Build the site, serve it on 127.0.0.1 and rebuild when the ledger changes."""
    import shutil
    import tempfile

    from collect.compute.engine import compute
    from collect.render.build import build_output
    from collect.serve import serve as run_server

    if not obj.ledger.is_dir():
        raise click.UsageError(f"no ledger folder at {obj.ledger}")
    out = Path(tempfile.mkdtemp(prefix="collect-serve-")) / "site"

    def build_once() -> str:
        from collect.load import load_ledger

        ledger, diagnostics = load_ledger(obj.ledger, obj.as_of)
        state = compute(ledger, obj.as_of)
        result = build_output(state, ledger, diagnostics, out, lang=lang)
        errors = sum(1 for d in diagnostics if d.is_error)
        return f"built {result.pages} pages" + (f", {errors} ledger errors (see data quality)" if errors else "")

    watch = [obj.ledger, obj.ledger.resolve().parent / "site_templates"]
    try:
        run_server(out, port, build_once, watch, click.echo)
    finally:
        shutil.rmtree(out.parent, ignore_errors=True)  # the private build folder


@main.command()
@click.argument("directory", metavar="DIR", type=click.Path(path_type=Path))
def init(directory: Path) -> None:
    """Create a new ledger repository in DIR (new or empty).

    It passes `collect check` and `collect build` at once: a commented company and policy,
    two example customers, CI for GitHub and GitLab, a pre-commit hook, editor schemas and
    a README for the team. Existing files are never overwritten.
    """
    from collect.init import InitError, next_steps, scaffold

    try:
        result = scaffold(directory)
    except InitError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(next_steps(result))


@main.command("diff")
@ledger_options
@click.argument("rev", metavar="REV")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True,
              help="markdown: a heading and tables for a merge-request comment.")
@click.pass_obj
def diff_command(obj: Context, rev: str, fmt: str) -> None:
    """What changed in the ledger since REV (a commit, branch or tag).

    New and removed invoices and payments, new notes, escalations that moved, promises
    newly broken, limitation warnings newly due, risk grades and totals; the ledger at REV
    is read from git (the work tree is not touched) and both sides are computed as of the
    same date.
    """
    from collect.changes.compare import Side
    from collect.changes.diff import diff_since, revision
    from collect.changes.git import GitError
    from collect.changes.report import markdown_report, text_report

    if not obj.ledger.is_dir():
        raise click.UsageError(f"no ledger folder at {obj.ledger} (give --ledger PATH)")
    try:
        repo, commit = revision(obj.ledger, rev)
    except GitError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    state, ledger, _, _ = _computed_with(obj, keep_going=False)
    try:
        changes = diff_since(repo, commit, Side(ledger, state, obj.ledger), obj.as_of)
    except GitError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    report = markdown_report if fmt == "markdown" else text_report
    click.echo(report(changes, rev, commit).rstrip("\n"))


@main.command("import")
@ledger_options
@click.argument("kind", type=click.Choice(["invoices", "payments"]))
@click.argument("csv_file", metavar="FILE.csv", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--map", "map_file", metavar="MAP.yaml", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="Which CSV column fills which field, date format, decimal mark, encoding, defaults "
                   "(default: the CSV's header names are the field names).")
@click.option("--dry-run", is_flag=True, help="Check every row and report what would be added; write nothing.")
@click.option("--create-customers", is_flag=True, help="Add a minimal customers/<id>.yaml for each unknown customer.")
@click.option("--out-file", type=click.Path(path_type=Path, dir_okay=False),
              help="A new file for the records (inside the ledger's invoices/ or payments/ folder).")
@click.pass_obj
def import_cmd(obj: Context, kind: str, csv_file: Path, map_file: Path | None, dry_run: bool,
               create_customers: bool, out_file: Path | None) -> None:
    """CSV from an accounting system or a bank export into new ledger files.

    Every row is checked like `collect check` checks a file, and nothing is written
    unless every row passes; rows already in the ledger (same invoice number, same
    payment ref for the customer) are skipped, so a re-run adds nothing. Records go to a
    new file <kind>/imported/<csv-stem>-<yyyymmdd>.yaml; existing files are never rewritten.
    """
    from collect.interop.csv_import import ImportUsageError, plan_import, write_plan
    from collect.interop.import_report import format_problems, summary_lines

    ledger, diagnostics = obj.load()
    if has_errors(diagnostics):
        click.echo(format_text([d for d in diagnostics if d.is_error]), err=True)
        click.echo("\nthe ledger has errors; fix them before importing (nothing was written)", err=True)
        sys.exit(EXIT_LEDGER)
    try:
        plan = plan_import(ledger, kind, csv_file, map_file, as_of=obj.as_of,
                           create_customers=create_customers, out_file=out_file)
        if plan.problems:
            click.echo(format_problems(plan.problems, plan.sources) + "\n", err=True)
        if not plan.ok:
            errors = sum(1 for d in plan.problems if d.is_error)
            click.echo(f"{errors} error{'s' if errors != 1 else ''}; nothing was written", err=True)
            sys.exit(EXIT_LEDGER if plan.rows_read else EXIT_USAGE)
        written = [] if dry_run else write_plan(plan)
    except ImportUsageError as exc:
        raise click.UsageError(str(exc))
    for line in summary_lines(plan, dry_run):
        click.echo(line)
    if written:
        _, after = obj.load()
        if has_errors(after):
            click.echo(format_text([d for d in after if d.is_error]), err=True)
            click.echo("\nthe ledger does not pass `collect check` after the import", err=True)
            sys.exit(EXIT_LEDGER)


@main.command()
@ledger_options
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "beancount"]), required=True,
              help="csv for spreadsheets (UTF-8 with BOM), json as `status --format json`, beancount for a GL.")
@click.option("--what", type=click.Choice(["invoices", "customers", "payments"]),
              help="The table to export as CSV (default: invoices).")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False),
              help="Write to this file (atomically) instead of standard output.")
@click.pass_obj
def export(obj: Context, fmt: str, what: str | None, out: Path | None) -> None:
    """The computed ledger for spreadsheets and general-ledger tools, as of --as-of."""
    if what is not None and fmt != "csv":
        raise click.UsageError("--what applies to --format csv only")
    if out is not None and obj.ledger.is_dir() and out.absolute().resolve().is_relative_to(obj.ledger.resolve()):
        raise click.UsageError(f"--out {out} is inside the ledger folder; export writes outside it")
    state, ledger = _computed(obj)
    if fmt == "json":
        from collect.render.status_json import status_json

        text = status_json(state) + "\n"
    elif fmt == "csv":
        from collect.interop.export_csv import export_csv

        text = export_csv(state, what or "invoices")
    else:
        from collect.interop.export_beancount import export_beancount

        text = export_beancount(state, ledger.company.full_name if ledger.company else "")
    if out is None:
        _write_utf8(text)
        return
    from collect.render.output import write_text as write_file

    write_file(out, text)
    click.echo(f"wrote {out}", err=True)


# ------------------------------------------------------------------ letters and case notes


@main.command()
@ledger_options
@click.option("--customer", "customers", metavar="ID", multiple=True,
              help="Only this customer (repeatable).")
@click.option("--type", "letter_type", metavar="TYPE",
              help="Draft this letter instead of the due ones: reminder, second_reminder, demand, final_notice, "
                   "legal, statement, acknowledgement or payment_plan.")
@click.option("--out", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
              help="The output folder; only its letters/ subfolder is replaced.")
@click.option("--pdf", is_flag=True, help="Also print each letter to PDF with headless Chromium.")
@click.pass_obj
def letters(obj: Context, customers: tuple[str, ...], letter_type: str | None, out: Path, pdf: bool) -> None:
    """Draft letters into OUT/letters/: the ones the escalation calls for, or --type TYPE."""
    from collect.model.records import LETTER_TYPES
    from collect.render.letters.drafts import Drafter, write_letters
    from collect.render.letters.pdf import PdfUnavailable, check_pdf, html_to_pdf
    from collect.render.letters.select import chosen_letters, due_letters
    from collect.render.output import atomic_output

    if letter_type is not None and letter_type not in LETTER_TYPES:
        raise click.BadParameter(f"`{letter_type}` is not a letter type; use one of {', '.join(LETTER_TYPES)}",
                                 param_hint="--type")
    if pdf:
        try:
            check_pdf()
        except PdfUnavailable as problem:
            click.echo(f"error: {problem}", err=True)
            sys.exit(EXIT_USAGE)
    state, ledger = _computed(obj)
    unknown = [c for c in customers if state.customer(c) is None]
    if unknown:
        raise click.UsageError(f"there is no customer `{unknown[0]}`")
    if letter_type is not None:
        requests = chosen_letters(state, letter_type, customers)
    else:
        requests = [(c, t) for c, t in due_letters(state) if not customers or c.id in customers]
    drafter = Drafter(state, ledger)
    drafts, skipped = drafter.drafts(requests)
    with atomic_output(out / "letters") as staging:
        links = write_letters(drafts, staging, drafter.css())
        if pdf and drafts:
            html_to_pdf([staging / link.html.split("/", 1)[1] for link in links])
    for link in links:
        click.echo(f"  {out / link.md}  {link.reference}  {link.total}")
    for s in skipped:
        click.echo(f"  skipped {s.customer}: nothing for a {s.type} letter (no overdue, undisputed invoice)",
                   err=True)
    click.echo(f"wrote {len(links)} letter draft{'s' if len(links) != 1 else ''} into {out / 'letters'}/ "
               f"(as of {obj.as_of}{', with PDFs' if pdf else ''})")


@main.command()
@ledger_options
@click.argument("customer")
@click.option("--letter", "letter_path", type=click.Path(path_type=Path, dir_okay=False), metavar="PATH",
              help="Record that this drafted letter (.md, .html or .eml from `collect letters`) was sent.")
@click.option("--channel", metavar="CHANNEL",
              help="phone, email, visit, letter, wechat, meeting, sms or other (default: other; letter with --letter).")
@click.option("--invoice", "invoices", metavar="NUMBER", multiple=True,
              help="An invoice the note concerns (repeatable; with --letter: instead of the letter's items).")
@click.pass_obj
def note(obj: Context, customer: str, letter_path: Path | None, channel: str | None,
         invoices: tuple[str, ...]) -> None:
    """Write a new case note for CUSTOMER under notes/ and check it."""
    from collect.model.records import NoteMeta
    from collect.render.letters.casenote import LetterMetaError, author_name, note_text, read_letter_meta, write_note

    channels = NoteMeta.model_fields["channel"].annotation.__args__
    if channel is not None and channel not in channels:
        raise click.BadParameter(f"`{channel}` is not a channel; use one of {', '.join(channels)}",
                                 param_hint="--channel")
    ledger, _ = obj.load()
    if customer not in ledger.customers:
        raise click.UsageError(f"there is no customer `{customer}`")
    letter = None
    if letter_path is not None:
        if channel not in (None, "letter"):
            raise click.UsageError("--letter records a letter: its channel is `letter`")
        try:
            letter = read_letter_meta(letter_path)
        except LetterMetaError as problem:
            raise click.UsageError(str(problem)) from None
        if letter["customer"] != customer:
            raise click.UsageError(f"{letter_path} is a letter to `{letter['customer']}`, not `{customer}`")
        channel = "letter"
    channel = channel or "other"
    numbers = list(invoices) or (list(letter["invoices"]) if letter else [])
    text = note_text(obj.as_of, customer, author_name(), channel, numbers, letter)
    stem = f"{obj.as_of.isoformat()}-{letter['type'] if letter else channel}"
    path = write_note(obj.ledger / "notes" / customer, stem, text)
    if letter is None and sys.stdin.isatty():
        click.edit(filename=str(path))
    click.echo(str(path))
    _, diagnostics = obj.load()
    mine = [d for d in diagnostics if Path(d.path).resolve() == path.resolve()]
    if mine:
        click.echo(format_text(mine), err=True)
    if has_errors(mine):
        click.echo(f"the new note does not validate: fix {path}", err=True)
        sys.exit(EXIT_LEDGER)


def _write_utf8(text: str) -> None:
    """``text`` to standard output as UTF-8 whatever the terminal's encoding (exports
    are read by other programs)."""
    sys.stdout.flush()
    binary = getattr(sys.stdout, "buffer", None)
    if binary is None:  # a text-only stream (an embedding program's)
        sys.stdout.write(text)
    else:
        binary.write(text.encode("utf-8"))
        binary.flush()


def run() -> None:
    """The ``collect`` command: ``main``, ending the process without freeing what it built
    (``collect.lifetime``)."""
    _run_command(main)
