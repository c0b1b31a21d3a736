"""The ``collect`` command: wires load → validate → compute → render. Nothing else."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

import click

from collect import __version__
from collect.diagnostics import format_github, format_json, format_text, has_errors

EXIT_OK, EXIT_LEDGER, EXIT_USAGE = 0, 1, 2


class Context:
    def __init__(self, ledger: Path, as_of: dt.date):
        self.ledger = ledger
        self.as_of = as_of

    def load(self):
        from collect.load import load_ledger

        if not self.ledger.is_dir():
            raise click.UsageError(
                f"no ledger folder at {self.ledger} (give --ledger PATH, or run `collect init DIR`)")
        return load_ledger(self.ledger, self.as_of)


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
@click.version_option(__version__, message=_version_text())
@click.pass_context
def main(ctx: click.Context, ledger: Path | None, as_of: dt.date) -> None:
    """collect: a plain-text receivables ledger.

    Validates the ledger, computes balances, aging, interest, limitation and the next
    collection step, and renders a report site and letter drafts.
    """
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
    _, diagnostics = obj.load()
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
        from collect.render.status_json import status_json

        click.echo(status_json(state, customer))
        return
    from collect.render.status_table import customer_text, status_text

    if customer is not None:
        click.echo(customer_text(state.customer(customer), state.as_of))
    else:
        click.echo(status_text(state, ledger.policy.limitation_warn_days))


def _computed(obj: Context):
    """Load, validate and compute; a ledger with errors stops here with exit 1."""
    state, ledger, _ = _computed_with(obj, keep_going=False)
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
    from collect.render.build import build_output

    state, ledger, diagnostics = _computed_with(obj, keep_going)
    result = build_output(state, ledger, diagnostics, out, lang=lang, redact=redact)
    click.echo(f"built {result.pages} pages and {result.letters} letter drafts into {out}/ "
               f"(as of {obj.as_of}, {result.lang})")
    if has_errors(diagnostics):
        click.echo("the ledger has errors: see data quality (quality.html)", err=True)
        sys.exit(EXIT_LEDGER)


def _computed_with(obj: Context, keep_going: bool):
    from collect.compute.engine import compute

    ledger, diagnostics = obj.load()
    if has_errors(diagnostics) and not keep_going:
        click.echo(format_text([d for d in diagnostics if d.is_error]), err=True)
        click.echo("\nthe ledger has errors; nothing was written (fix them, or use --keep-going)", err=True)
        sys.exit(EXIT_LEDGER)
    return compute(ledger, obj.as_of), ledger, diagnostics


@main.command()
@ledger_options
@click.option("--port", type=int, default=8000, show_default=True, help="Port on 127.0.0.1 (0: any free port).")
@click.option("--lang", type=click.Choice(["zh", "en"]), help="Language of the site (default: company.language).")
@click.pass_obj
def serve(obj: Context, port: int, lang: str | None) -> None:
    """Build the site, serve it on 127.0.0.1 and rebuild when the ledger changes."""
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
    run_server(out, port, build_once, watch, click.echo)
