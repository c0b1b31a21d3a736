"""The static report site: one function per page, read top to bottom as the build.

Every page is rendered from the computed ``LedgerState``; nothing here computes a figure.
Links are relative (the site works from ``file://`` and any static host); the output is
a pure function of the ledger and the as-of date.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import jinja2

from collect.compute.limitation import limitation_warning
from collect.compute.state import CustomerState, LedgerState
from collect.diagnostics import Diagnostic
from collect.model.ledger import Ledger
from collect.processes import workers
from collect.render import charts, parallel
from collect.render.fragments import Fragments
from collect.render.env import make_env
from collect.render.i18n import translations
from collect.render.evidence import evidence_checklist
from collect.render.fingerprint import Fingerprints
from collect.render.notes_html import note_html
from collect.render.paths import customer_page
from collect.render.privacy import Redactor, mask
from collect.render.risk_text import factor_text
from collect.render.writer import OutputWriter, write_file

TOP_RISKS = 8


@dataclass(frozen=True, slots=True)
class LetterLink:
    """A drafted letter as the site links it (paths relative to the output folder)."""

    customer: str
    type: str
    date: str
    reference: str
    html: str
    md: str
    eml: str
    total: str = ""


@dataclass(slots=True)
class Site:
    state: LedgerState
    ledger: Ledger
    diagnostics: list[Diagnostic]
    lang: str
    letters: list[LetterLink]
    redact: bool = False
    history: dict | None = None  # customer id → changes from git log
    fingerprints: Fingerprints | None = None  # to take unchanged customer pages over
    redactor: Redactor | None = None  # with redact: masks contact details wherever they were typed
    note_authors: dict | None = None  # note path → its git author, where the note names none

    def __post_init__(self) -> None:
        if self.redact and self.redactor is None:
            self.redactor = Redactor.of(self.ledger)

    def letters_of(self) -> dict[str, list[LetterLink]]:
        by: dict[str, list[LetterLink]] = {}
        for link in self.letters:
            by.setdefault(link.customer, []).append(link)
        return by


@dataclass(frozen=True, slots=True)
class Page:
    """One page to render: its template, its path in the output, the fingerprint of its
    inputs, and what it shows (worked out only when the page is rendered)."""

    template: str
    target: str
    inputs: str | None
    context: Callable[[], dict]


PARALLEL_MIN_INVOICES = 5000  # below this a whole site renders faster than workers start


def build_site(site: Site, out: Path, writer: OutputWriter | None = None, processes: int | None = None) -> list[Path]:
    """Write every page into ``out`` (an empty folder); return the files written.

    With a ``writer`` that knows the previous build, a page whose fingerprint is unchanged
    is taken over from it instead of rendered: a customer page when that customer's
    inputs did not change, the pages about the whole ledger only when nothing did. Large
    sites are rendered by ``processes`` workers (default: one per CPU; see
    ``collect.render.parallel``)."""
    writer = writer or OutputWriter(out)
    env = make_env(site.lang, site.ledger.root)
    fragments = env.globals["fragment"] = Fragments(site.fingerprints, site.lang, site.redact, site.ledger.root)
    written: list[Path] = []
    whole = _whole(site)
    pages = _pages(site, env, whole)
    writer.expect_pages(len(pages))
    # pages the previous build vouches for are taken over while the others render
    todo = [page for page in pages if not writer.vouched(page.target, page.inputs)]
    to_take = [page for page in pages if writer.vouched(page.target, page.inputs)]
    common = _common(site)

    def render(page: Page) -> tuple[str, str, tuple]:
        html = env.get_template(page.template).render(
            root="../" * page.target.count("/"), page=page.target, **common, **page.context())
        if site.redactor is not None:  # a detail typed into a note, a next action, a reason
            html = site.redactor.html(html)
        data = html.encode("utf-8")
        write_file(out / page.target, data)
        return page.target, hashlib.sha256(data).hexdigest(), fragments.taken()

    def rendered(target: str, sha: str, pieces: tuple) -> None:
        fragments.merge(*pieces)  # rendered in a worker: kept by this process
        writer.record(target, inputs[target], sha)
        written.append(out / target)
        writer.page_done(rendered=True)

    if processes is None:
        large = sum(len(c.invoices) for c in site.state.customers) >= PARALLEL_MIN_INVOICES
        processes = workers() if large else 1
    inputs = {page.target: page.inputs for page in pages}
    failed = []
    with parallel.started(lambda index: render(todo[index]), len(todo), processes) as results:
        for page in to_take:
            if writer.take([page.target], page.inputs):
                written.append(out / page.target)
                writer.page_done(rendered=False)
            else:
                failed.append(page)  # changed or gone since the last build: rendered below
        for result in results:
            rendered(*result)
    for page in failed:
        rendered(*render(page))
    fragments.save()
    written += _static(env, writer, whole)
    return written


def _whole(site: Site) -> str | None:
    fingerprints = site.fingerprints
    return fingerprints.whole(site.lang, site.redact, site.letters, site.history) if fingerprints else None


def _pages(site: Site, env: jinja2.Environment, whole: str | None) -> list[Page]:
    """Every page of the site, the costliest first (so that workers finish together)."""
    fingerprints = site.fingerprints
    letters_of = site.letters_of()
    history = site.history or {}
    authors = site.note_authors or {}
    label = env.globals["label"]
    pages = [
        Page("site/limitation.html", "limitation.html", whole, lambda: dict(rows=_limitation_rows(site))),
        Page("site/promises.html", "promises.html", whole, lambda: dict(promises=_promises(site))),
        Page("site/index.html", "index.html", whole, lambda: _dashboard(site, env)),
        Page("site/customers.html", "customers.html", whole, lambda: _customer_list(site)),
        Page("site/worklist.html", "worklist.html", whole, lambda: _worklist(site)),
        Page("site/aging.html", "aging.html", whole, lambda: dict(aging_rows=_aging_rows(site))),
        Page("site/disputes.html", "disputes.html", whole, lambda: dict(disputes=_disputes(site))),
        Page("site/provision.html", "provision.html", whole, lambda: dict(provision_rows=_provision_rows(site))),
        Page("site/letters.html", "letters.html", whole, dict),
        Page("site/quality.html", "quality.html", whole, dict),
    ]
    for c in site.state.customers:
        mine = letters_of.get(c.id, [])
        inputs = None if fingerprints is None else fingerprints.page(
            c.id, site.lang, site.redact, mine, history.get(c.id, []),
            sorted((n.path, authors[n.path]) for n in c.notes if n.path in authors))
        pages.append(Page("site/customer.html", customer_page(c.id), inputs,
                          lambda c=c, mine=mine: _customer(site, c, label, mine)))
    return pages


def _common(site: Site) -> dict:
    state = site.state
    company = site.ledger.company
    return dict(
        state=state,
        as_of=state.as_of,
        base=state.base_currency,
        company=company,
        policy=site.ledger.policy,
        bucket_names=list(state.totals.buckets),
        diagnostics=site.redactor.diagnostics(site.diagnostics) if site.redactor else site.diagnostics,
        error_count=sum(1 for d in site.diagnostics if d.is_error),
        letters=site.letters,
        redact=site.redact,
        customers_by_id={c.id: c for c in state.customers},
    )


# ------------------------------------------------------------------ pages


def _dashboard(site: Site, env: jinja2.Environment) -> dict:
    state = site.state
    fmt = env.globals["fmt"]
    _ = translations(site.lang).gettext
    base = state.base_currency

    def show(value: Decimal) -> str:
        return _compact(value, fmt, base)

    totals = state.totals
    aging_chart = charts.bar_chart(
        _("Aging of receivables"),
        [(name if name != "current" else _("current"), amount) for name, amount in totals.buckets.items()],
        show,
        colours=["#60a5fa"] + ["#f59e0b", "#f97316", "#ea580c", "#dc2626", "#b91c1c", "#7f1d1d"][: len(totals.buckets) - 1],
    )
    trend = state.kpis.get("overdue_trend", [])
    trend_chart = charts.trend_chart(
        _("Overdue at month-end"),
        [(f"{day:%m}/{day:%y}", overdue, total) for day, overdue, total in trend],
        show, legend=(_("outstanding"), _("overdue")),
    )
    funnel = _funnel(site, env)
    risky = sorted((c for c in state.customers if c.outstanding > 0), key=lambda c: (-c.risk.score, c.id))[:TOP_RISKS]
    today = [w for w in state.worklist if w.date <= state.as_of]
    return dict(aging_chart=aging_chart, trend_chart=trend_chart, funnel_chart=funnel, top_risks=risky,
                actions=today, limitation_rows=_limitation_rows(site, warn_only=True))


def _compact(value: Decimal, fmt, currency: str) -> str:
    """Short chart labels: 1.2M / 35k (en), 120万 (zh)."""
    if fmt.lang == "zh":
        if value >= 10_000:
            return f"{fmt.number(value / 10_000, 1)}万"
        return fmt.number(value)
    if value >= 1_000_000:
        return f"{fmt.number(value / 1_000_000, 1)}M"
    if value >= 1_000:
        return f"{fmt.number(value / 1_000, 0)}k"
    return fmt.number(value)


def _funnel(site: Site, env) -> object:
    _ = translations(site.lang).gettext
    label = env.globals["label"]
    counts: Counter[str] = Counter()
    for c in site.state.customers:
        esc = c.escalation
        if c.overdue <= 0 and esc.target is None:
            continue
        counts[esc.reached or "-"] += 1
    rows = [(_("no letter yet"), counts.get("-", 0))]
    for step in site.ledger.policy.ladder:
        if step.letter is not None:
            rows.append((label("steps", step.step), counts.get(step.step, 0)))
    return charts.funnel_chart(_("Customers by the last letter sent"), rows)


def _customer_list(site: Site) -> dict:
    customers = site.state.customers
    owners = sorted({c.customer.owner for c in customers if c.customer.owner})
    tags = sorted({t for c in customers for t in c.customer.tags})
    steps = sorted({c.escalation.next.step for c in customers if c.escalation.next})
    fx = _fx(site)
    rows = [(c, fx.convert(c.outstanding, c.currency, fx.base), fx.convert(c.overdue, c.currency, fx.base),
             max((i.days_overdue for i in c.invoices), default=0)) for c in customers]
    return dict(rows=rows, owners=owners, tags=tags, steps=steps, grades=["A", "B", "C", "D", "E"])


def _fx(site: Site):
    from collect.compute.fx import Converter

    company = site.ledger.company
    return Converter(site.state.base_currency, company.fx if company else {})


def _customer(site: Site, c: CustomerState, label, letters: list[LetterLink] | None = None) -> dict:
    notes = [
        (note, note_html(site.redactor.text(note.body) if site.redactor else note.body)
         if not (site.redact and note.meta.private) else None)
        for note in reversed(c.notes)
    ]
    if letters is None:
        letters = [link for link in site.letters if link.customer == c.id]
    warn = site.ledger.policy.limitation_warn_days
    applied: dict[str, list] = {}
    for inv in c.invoices:
        for app in inv.applications:
            applied.setdefault(app.ref, []).append((inv.number, app.amount, app.explicit))
    return dict(
        c=c,
        notes=notes,
        applied_by_ref=applied,
        factor_detail=lambda factor, state: factor_text(factor, state, site.lang),
        mask=(lambda value: mask(value)) if site.redact else (lambda value: value),
        history=site.history.get(c.id, []) if site.history else [],
        author_of=lambda note: note.meta.author or (site.note_authors or {}).get(note.path),
        my_letters=letters,
        evidence=evidence_checklist(c, label),
        settled=[i for i in c.invoices if i.outstanding <= 0],
        warn_days=warn,
        limitation_warn=lambda inv: inv.limitation is not None and limitation_warning(inv.limitation, site.state.as_of, warn),
    )


def _aging_rows(site: Site) -> list:
    fx = _fx(site)
    names = list(site.state.totals.buckets)
    rows = []
    for c in site.state.customers:
        cells = {name: Decimal(0) for name in names}
        for inv in c.open_invoices:
            cells[inv.bucket] += fx.convert(inv.outstanding, inv.currency, fx.base)
        total = sum(cells.values(), Decimal(0))
        if total > 0:
            rows.append((c, cells, total))
    return sorted(rows, key=lambda r: (-r[2], r[0].id))


def _provision_rows(site: Site) -> list:
    fx = _fx(site)
    policy = site.ledger.policy
    by_bucket: dict[str, Decimal] = {}
    for i in site.state.invoices:  # one pass; each bucket's sum still in invoice order
        if i.outstanding > 0:
            by_bucket[i.bucket] = by_bucket.get(i.bucket, Decimal(0)) + fx.convert(i.provision, i.currency, fx.base)
    rows = []
    for name, amount in site.state.totals.buckets.items():
        rows.append((name, amount, policy.provision_rate(name), by_bucket.get(name, Decimal(0))))
    return rows


def _worklist(site: Site) -> dict:
    groups: dict[str, list] = {}
    for item in site.state.worklist:
        groups.setdefault(item.owner or "", []).append(item)
    return dict(groups=sorted(groups.items(), key=lambda g: (g[0] == "", g[0])))


def _disputes(site: Site) -> list:
    rows = []
    for c in site.state.customers:
        for inv in c.invoices:
            if inv.invoice.dispute is not None:
                rows.append((c, inv))
    return sorted(rows, key=lambda r: (not r[1].disputed, r[1].invoice.dispute.opened, r[1].number))


def _promises(site: Site) -> list:
    rows = [(c, p) for c in site.state.customers for p in c.promises]
    order = {"broken": 0, "pending": 1, "kept": 2}
    return sorted(rows, key=lambda r: (order[r[1].status], r[1].date, r[0].id, r[1].instalment or 0))


def _limitation_rows(site: Site, warn_only: bool = False) -> list:
    warn = site.ledger.policy.limitation_warn_days
    as_of = site.state.as_of
    rows = []
    for c in site.state.customers:
        for inv in c.open_invoices:
            lim = inv.limitation
            if lim is None:
                continue
            warned = lim.status == "expired" or limitation_warning(lim, as_of, warn)
            if warn_only and not warned:
                continue
            rows.append((c, inv, warned))
    status_order = {"expired": 0, "running": 1, "stopped": 2}
    return sorted(rows, key=lambda r: (status_order[r[1].limitation.status],
                                       r[1].limitation.expires or as_of, r[1].number))


def _static(env: jinja2.Environment, writer: OutputWriter, inputs: str | None = None) -> list[Path]:
    """Copy the theme's static assets; a ledger's own site_templates/static/ files win."""
    written = []
    from collect.render.env import template_dirs

    seen: set[str] = set()
    for folder in template_dirs(None if env is None else _ledger_root(env)):
        static = folder / "static"
        if not static.is_dir():
            continue
        for path in sorted(static.rglob("*")):
            rel = path.relative_to(static).as_posix()
            if path.is_dir() or rel in seen:
                continue
            seen.add(rel)
            written.append(writer.copy(f"assets/{rel}", path, inputs))
    return written


def _ledger_root(env: jinja2.Environment):
    return env.globals.get("ledger_root")
