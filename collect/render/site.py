"""The static report site: one function per page, read top to bottom as the build.

Every page is rendered from the computed ``LedgerState``; nothing here computes a figure.
Links are relative (the site works from ``file://`` and any static host); the output is
a pure function of the ledger and the as-of date.
"""

from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import jinja2

from collect.compute.limitation import limitation_warning
from collect.compute.state import CustomerState, LedgerState
from collect.diagnostics import Diagnostic
from collect.model.ledger import Ledger
from collect.render import charts
from collect.render.env import make_env
from collect.render.i18n import translations
from collect.render.evidence import evidence_checklist
from collect.render.notes_html import note_html
from collect.render.paths import customer_page
from collect.render.privacy import mask
from collect.render.risk_text import factor_text

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


def build_site(site: Site, out: Path) -> list[Path]:
    """Write every page into ``out`` (an empty folder); return the files written."""
    env = make_env(site.lang, site.ledger.root)
    written: list[Path] = []
    common = _common(site)

    def page(template: str, target: str, **context) -> None:
        depth = target.count("/")
        html = env.get_template(template).render(root="../" * depth, page=target, **common, **context)
        path = out / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8", newline="\n")
        written.append(path)

    page("site/index.html", "index.html", **_dashboard(site, env))
    page("site/customers.html", "customers.html", **_customer_list(site))
    for customer in site.state.customers:
        page("site/customer.html", customer_page(customer.id), **_customer(site, customer, env.globals["label"]))
    page("site/worklist.html", "worklist.html", **_worklist(site))
    page("site/aging.html", "aging.html", aging_rows=_aging_rows(site))
    page("site/disputes.html", "disputes.html", disputes=_disputes(site))
    page("site/promises.html", "promises.html", promises=_promises(site))
    page("site/limitation.html", "limitation.html", rows=_limitation_rows(site))
    page("site/provision.html", "provision.html", provision_rows=_provision_rows(site))
    page("site/letters.html", "letters.html")
    page("site/quality.html", "quality.html")
    written += _static(env, out)
    return written


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
        diagnostics=site.diagnostics,
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


def _customer(site: Site, c: CustomerState, label) -> dict:
    notes = [
        (note, note_html(note.body) if not (site.redact and note.meta.private) else None)
        for note in reversed(c.notes)
    ]
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
    rows = []
    for name, amount in site.state.totals.buckets.items():
        provision = sum((fx.convert(i.provision, i.currency, fx.base) for i in site.state.invoices
                         if i.outstanding > 0 and i.bucket == name), Decimal(0))
        rows.append((name, amount, policy.provision_rate(name), provision))
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


def _static(env: jinja2.Environment, out: Path) -> list[Path]:
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
            target = out / "assets" / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            written.append(target)
    return written


def _ledger_root(env: jinja2.Environment):
    return env.globals.get("ledger_root")
