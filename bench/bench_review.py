"""Phase review figures and the dashboard on a full phase.

Run: bench/run bench_review [--activities 2000]

Reuses the 5,000 registrations of bench_registrations (their employees carry
100,000 achievements), spreads them over the states of the life cycle, adds
replication activities and reward payments, then measures the review's
figures and the dashboard's data as a TCCB officer.
"""

import sys
import time

from bench_registrations import ensure_registrations
from common import QUIET, Measure, batched, environment, parse_args

from odoo import Command
from odoo.tools import SQL

STATES = ["draft", "submitted", "nurturing", "nominated", "council", "recognized", "ministry_proposed",
          "ministry_recognized", "refused", "cancelled"]  # fmt: skip


def ensure_phase_data(env, activities):
    env = env(context=dict(env.context, **QUIET))
    phase, officer = ensure_registrations(env, 5_000)
    registrations = env["kttv.exemplar.registration"].search([("phase_id", "=", phase.id)], order="id")
    if registrations[:1].state == "draft" and registrations[-1:].state == "draft":
        # A phase in full swing: the registrations spread over every state.
        env.cr.execute(
            SQL(
                "UPDATE kttv_exemplar_registration SET state = (%s::varchar[])[1 + mod(id, %s)] WHERE phase_id = %s",
                STATES,
                len(STATES),
                phase.id,
            )
        )
        env.invalidate_all()
    Activity = env["kttv.replication.activity"]
    existing = Activity.search_count([("phase_id", "=", phase.id)])
    if existing < activities:
        started = time.perf_counter()
        unit = registrations[:1].registering_unit_id
        kinds = ["field_visit", "exchange", "publicity", "conference"]
        todo = range(existing, activities)
        for chunk in batched(list(todo), 500):
            Activity.create(
                [
                    {
                        "name": f"Hoạt động nhân rộng {index}",
                        "kind": kinds[index % 4],
                        "date": f"2024-{1 + index % 12:02d}-15",
                        "organising_unit_id": unit.id,
                        "phase_id": phase.id,
                        "registration_ids": [Command.set(registrations[index % 5000 : index % 5000 + 2].ids)],
                        "cost": 1_000_000 + (index % 7) * 250_000,
                        "participant_count": 20 + index % 50,
                    }
                    for index in chunk
                ]
            )
        fund = env["kttv.reward.fund"]._get(2024, "administration")
        recognised = registrations.filtered(lambda r: r.state in ("recognized", "ministry_recognized"))
        env["kttv.reward.fund.line"].sudo().create(
            [
                {
                    "fund_id": fund.id,
                    "kind": "reward",
                    "amount": 2_340_000,
                    "description": f"Tiền thưởng {registration.name}",
                    "registration_id": registration.id,
                    "employee_id": registration.employee_id.id,
                }
                for registration in recognised
            ]
        )
        env.cr.commit()
        print(f"added {activities - existing:,} activities in {time.perf_counter() - started:,.0f} s", file=sys.stderr)
    return phase, officer


def main():
    args = parse_args(__doc__, activities=(int, 2_000, "replication activities in the phase"))
    with environment(args.database) as env:
        phase, officer = ensure_phase_data(env, args.activities)
        Registration = env["kttv.exemplar.registration"]
        counts = {
            "registrations": Registration.search_count([("phase_id", "=", phase.id)]),
            "achievements": env["kttv.achievement"].search_count([]),
            "activities": env["kttv.replication.activity"].search_count([("phase_id", "=", phase.id)]),
        }
        Review = env["kttv.plan.review"].with_user(officer).with_context(lang="vi_VN")
        review = Review.create({"name": "Benchmark review", "phase_id": phase.id})
        review._compute_figures()  # warm
        with Measure(env, "review figures (the computation)") as figures:
            computed, lines = review.sudo()._compute_figures()
        with Measure(env, "review created (figures computed and stored)") as create:
            Review.create({"name": "Benchmark review 2", "phase_id": phase.id})
        Phase = env["kttv.exemplar.phase"].with_user(officer).with_context(lang="vi_VN")
        Phase.get_dashboard_data(phase.id)  # warm
        with Measure(env, "dashboard data") as dashboard:
            data = Phase.get_dashboard_data(phase.id)
        env.cr.rollback()

    print(
        f"\n{counts['registrations']:,} registrations, {counts['achievements']:,} achievements, "
        f"{counts['activities']:,} activities in the phase\n"
    )
    print("| measure | SQL queries | time |\n| --- | ---: | ---: |")
    for measure in (figures, create, dashboard):
        print(measure.row())
    print(
        f"\nfigures: {computed['registration_count']:,} registrations, {computed['recognized_count']:,} recognised, "
        f"{computed['replication_count']:,} activities costing {computed['replication_cost']:,.0f} VND, "
        f"{computed['achievement_count']:,} achievements in the phase's years, {len(lines)} unit lines; "
        f"dashboard: {data['registration_count']:,} registrations"
    )
    ok = figures.seconds < 1 and dashboard.seconds < 0.5
    print("target (figures under 1 s, dashboard under 500 ms):", "met" if ok else "NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
