"""5,000 registrations a phase: rule-decided criteria, list and kanban.

Run: bench/run bench_registrations [--registrations 5000]

The registrations reuse the employees of bench_streaks (10 years of history
each), created here if missing. The list and the kanban are loaded the way the
web client loads them (web_search_read / web_read_group with the fields of the
addon's own views), as a TCCB officer, so record rules apply.
"""

import sys
import time

from bench_streaks import BENCH_UNIT, ensure_data
from common import QUIET, Measure, batched, ensure_officer, environment, parse_args
from lxml import etree

from odoo import Command

BENCH_PLAN = "Benchmark plan (registrations)"


def ensure_registrations(env, count):
    env = env(context=dict(env.context, **QUIET))
    staff = ensure_data(env, max(count, 10_000), 10, 2024)
    unit = env["hr.department"].search([("name", "=", BENCH_UNIT)], limit=1)
    plan = env["kttv.exemplar.plan"].search([("name", "=", BENCH_PLAN)], limit=1)
    if not plan:
        seeded = env.ref("kttv_emulation.plan_2021_2025")
        plan = env["kttv.exemplar.plan"].create(
            {
                "name": BENCH_PLAN,
                "year_start": 2023,
                "year_end": 2025,
                "criterion_ids": [Command.set(seeded.criterion_ids.ids)],
            }
        )
        env["kttv.exemplar.phase"].create(
            {
                "plan_id": plan.id,
                "name": "Benchmark phase",
                "date_start": "2023-01-01",
                "date_end": "2025-12-31",
                "assessed_year_from": 2023,
                "assessed_year_to": 2024,
            }
        )
    phase = plan.phase_ids[:1]
    Registration = env["kttv.exemplar.registration"]
    existing = Registration.search([("phase_id", "=", phase.id)])
    if len(existing) < count:
        started = time.perf_counter()
        registered = set(existing.employee_id.ids)
        todo = [employee for employee in staff if employee.id not in registered][: count - len(existing)]
        for chunk in batched(todo, 500):
            Registration.create(
                [
                    {
                        "phase_id": phase.id,
                        "registering_unit_id": unit.id,
                        "employee_id": employee.id,
                        "model_summary": "Sáng kiến nâng cao chất lượng dự báo.",
                    }
                    for employee in chunk
                ]
            )
            env.cr.commit()
        print(f"registered {len(todo):,} candidates in {time.perf_counter() - started:,.0f} s", file=sys.stderr)
    return phase, ensure_officer(env)


def view_specification(env, model, view_type):
    """The fields a view asks the server for, as the web client builds them."""
    view = env[model].get_views([(False, view_type)])["views"][view_type]
    arch = etree.fromstring(view["arch"])
    spec = {}
    for node in arch.iter("field"):
        name = node.get("name")
        field = env[model]._fields[name]
        if field.type in ("many2one", "many2many", "one2many"):
            spec[name] = {"fields": {"display_name": {}}}
        else:
            spec[name] = {}
    return spec


def main():
    args = parse_args(__doc__, registrations=(int, 5_000, "registrations in the phase"))
    with environment(args.database) as env:
        phase, officer = ensure_registrations(env, args.registrations)
        Registration = env["kttv.exemplar.registration"]
        registrations = Registration.search([("phase_id", "=", phase.id)])
        lines = env["kttv.registration.criterion"].search_count([("registration_id", "in", registrations.ids)])
        engine = env["kttv.registration.criterion"]
        engine._evaluate_criteria(registrations)  # warm the ORM caches once
        env.cr.rollback()
        registrations = registrations.browse(registrations.ids)
        subset = registrations[:500]
        with Measure(env, f"rule-decided criteria of {len(subset):,} registrations") as evaluate_small:
            engine._evaluate_criteria(subset)
        env.cr.rollback()
        with Measure(env, f"rule-decided criteria of {len(registrations):,} registrations") as evaluate:
            engine._evaluate_criteria(registrations)
        passed = env["kttv.registration.criterion"].search_count(
            [("registration_id", "in", registrations.ids), ("rule_result", "=", "pass")]
        )
        env.cr.rollback()

        as_officer = Registration.with_user(officer).with_context(lang="vi_VN")
        domain = [("phase_id", "=", phase.id)]
        list_spec = view_specification(env, Registration._name, "list")
        kanban_spec = view_specification(env, Registration._name, "kanban")
        as_officer.web_search_read(domain, list_spec, limit=80, count_limit=10001)  # warm
        with Measure(env, "list view, first page of 80 and the count") as list_view:
            page = as_officer.web_search_read(domain, list_spec, limit=80, count_limit=10001)
        with Measure(env, "kanban view grouped by status, 40 cards a column") as kanban_view:
            groups = as_officer.web_read_group(domain, ["state"], ["state"], lazy=True)
            for group in groups["groups"]:
                if group["state_count"]:
                    as_officer.web_search_read(group["__domain"], kanban_spec, limit=40)
        env.cr.rollback()

    print(f"\n{len(registrations):,} registrations, {lines:,} criterion lines ({passed:,} rule lines met)\n")
    print("| measure | SQL queries | time |\n| --- | ---: | ---: |")
    for measure in (evaluate_small, evaluate, list_view, kanban_view):
        print(measure.row())
    print(f"\nlist returned {len(page['records'])} rows of {page['length']:,}")
    print(
        f"criteria queries: {evaluate_small.queries} for {len(subset)}, {evaluate.queries} for {len(registrations):,}"
    )
    ok = list_view.seconds < 0.3 and kanban_view.seconds < 0.3 and evaluate.queries == evaluate_small.queries
    print("target (same query count at both sizes; list and kanban under 300 ms):", "met" if ok else "NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
