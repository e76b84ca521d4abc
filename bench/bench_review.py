"""Phase review figures and the dashboard on a full phase of 300 units.

Run: bench/run bench_review [--units 300] [--registrations 5000] [--achievements 20000] [--activities 2000]

Its own data, generated once and kept (the first run takes minutes): a plan
and its 2023-2025 phase with the milestones of the seeded plan's phase,
``--units`` subordinate units (departments) under a benchmark root, each with
its plan for the phase (on time, late or still a draft past the deadline),
staff in every unit, ``--registrations`` registrations spread over the units
(a collective per unit, the rest individuals) and over the ten states,
nurturing reviews of those being nurtured, ``--achievements`` titles in the
phase's years, ``--activities`` replication activities (half of them held and
charged to the fund by TCCB, the others planned), the funds of the phase's
years at two levels and the reward payments of the recognised. Then, as a
TCCB officer in Vietnamese, it measures the review's figures (Administration
scope and one unit's scope), a review created and stored, and the dashboard.
"""

import sys
import time

from common import QUIET, Measure, batched, ensure_officer, environment, parse_args

from odoo import Command
from odoo.tools import SQL

BENCH_PLAN = "Benchmark plan (review)"
BENCH_ROOT = "Benchmark root (review)"
STATES = ["draft", "submitted", "nurturing", "nominated", "council", "recognized", "ministry_proposed",
          "ministry_recognized", "refused", "cancelled"]  # fmt: skip
KINDS = ["field_visit", "exchange", "publicity", "conference"]


def log(message, started):
    print(f"{message} in {time.perf_counter() - started:,.0f} s", file=sys.stderr)


def ensure_plan(env):
    plan = env["kttv.exemplar.plan"].search([("name", "=", BENCH_PLAN)], limit=1)
    if plan:
        return plan.phase_ids[:1]
    plan = env["kttv.exemplar.plan"].create(
        {
            "name": BENCH_PLAN,
            "year_start": 2023,
            "year_end": 2025,
            # No criteria: the benchmark is about the review, not the assessment.
            "criterion_ids": [Command.clear()],
        }
    )
    phase = env["kttv.exemplar.phase"].create(
        {
            "plan_id": plan.id,
            "name": "Benchmark phase (review)",
            "date_start": "2023-01-01",
            "date_end": "2025-12-31",
            "registration_deadline": "2023-06-30",
        }
    )
    seeded = env.ref("kttv_emulation.phase_2023_2025")
    for milestone in seeded.milestone_ids:
        milestone.copy({"phase_id": phase.id, "done": milestone.date_deadline.year <= 2024})
    return phase


def ensure_units(env, phase, count):
    """``count`` subordinate units, each with its plan for the phase."""
    root = env["hr.department"].search([("name", "=", BENCH_ROOT)], limit=1)
    if not root:
        root = env["hr.department"].create({"name": BENCH_ROOT})
    units = env["hr.department"].search([("parent_id", "=", root.id)], order="id")
    if len(units) < count:
        units |= env["hr.department"].create(
            [
                {"name": f"Đài KTTV (benchmark) {index:03d}", "parent_id": root.id, "kttv_is_unit": True}
                for index in range(len(units), count)
            ]
        )
    units = units[:count]
    UnitPlan = env["kttv.unit.plan"]
    planned = UnitPlan.search([("phase_id", "=", phase.id)]).department_id
    new = UnitPlan.create([{"phase_id": phase.id, "department_id": unit.id} for unit in units - planned])
    # A third on time, a third late, a third still a draft past the deadline.
    new.filtered(lambda plan: plan.department_id.id % 3 == 0).write(
        {"state": "submitted", "date_submitted": "2023-06-20"}
    )
    new.filtered(lambda plan: plan.department_id.id % 3 == 1).write(
        {"state": "submitted", "date_submitted": "2023-07-15"}
    )
    return units


def ensure_registrations(env, phase, units, count):
    Registration = env["kttv.exemplar.registration"]
    existing = Registration.search_count([("phase_id", "=", phase.id)])
    if existing >= count:
        return
    started = time.perf_counter()
    Employee = env["hr.employee"]
    staff = Employee.search([("department_id", "in", units.ids)], order="id")
    wanted = count - len(units)
    for chunk in batched(range(len(staff), wanted), 1000):
        staff |= Employee.create(
            [
                {"name": f"Viên chức (benchmark) {index:05d}", "department_id": units[index % len(units)].id}
                for index in chunk
            ]
        )
    env.cr.commit()
    log(f"{len(staff):,} employees in {len(units)} units", started)
    registered = Registration.search([("phase_id", "=", phase.id)])
    done_units, done_staff = set(registered.department_id.ids), set(registered.employee_id.ids)
    vals_list = [
        {"phase_id": phase.id, "registering_unit_id": unit.id, "department_id": unit.id, "target": "collective"}
        for unit in units
        if unit.id not in done_units
    ] + [
        {"phase_id": phase.id, "registering_unit_id": employee.department_id.id, "employee_id": employee.id}
        for employee in staff[:wanted]
        if employee.id not in done_staff
    ]
    for chunk in batched(vals_list, 500):
        Registration.create([{**vals, "model_summary": "Sáng kiến nâng cao chất lượng dự báo."} for vals in chunk])
        env.cr.commit()
    # A phase in full swing: each unit's registrations spread over every state.
    env.cr.execute(
        SQL(
            """
            UPDATE kttv_exemplar_registration r
               SET state = (%s::varchar[])[1 + mod(ranked.rank + ranked.registering_unit_id, %s)]
              FROM (SELECT id, registering_unit_id,
                           row_number() OVER (PARTITION BY registering_unit_id ORDER BY id) AS rank
                      FROM kttv_exemplar_registration WHERE phase_id = %s) ranked
             WHERE r.id = ranked.id
            """,
            STATES,
            len(STATES),
            phase.id,
        )
    )
    env.invalidate_all()
    nurtured = Registration.search([("phase_id", "=", phase.id), ("state", "=", "nurturing")])
    env["kttv.nurturing.review"].create(
        [
            {
                "registration_id": registration.id,
                "date": "2024-06-15",
                "effectiveness": "high",
                "development_potential": "medium",
                "influence": "medium",
            }
            for registration in nurtured
        ]
    )
    env.cr.commit()
    log(f"registered {len(vals_list):,} candidates, {len(nurtured):,} nurturing reviews", started)


def ensure_achievements(env, units, count):
    """``count`` titles in the phase's years, for the units' staff."""
    Achievement = env["kttv.achievement"]
    staff = env["hr.employee"].search([("department_id", "in", units.ids)], order="id")
    existing = Achievement.search_count([("employee_id", "in", staff.ids), ("year", ">=", 2023), ("year", "<=", 2025)])
    if existing >= count:
        return
    started = time.perf_counter()
    titles = [env.ref("kttv_emulation.title_lao_dong_tien_tien"), env.ref("kttv_emulation.title_cstd_co_so")]
    # Employee, year, title: never twice the same (3 years, then the other title).
    rounds = len(staff)
    vals_list = [
        {
            "employee_id": staff[index % rounds].id,
            "year": 2023 + (index // rounds) % 3,
            "title_id": titles[(index // rounds) // 3 % 2].id,
        }
        for index in range(existing, count)
    ]
    for chunk in batched(vals_list, 5000):
        Achievement.create(chunk)
    env.cr.commit()
    log(f"added {len(vals_list):,} achievements", started)


def ensure_activities(env, phase, units, count, officer):
    Activity = env["kttv.replication.activity"]
    existing = Activity.search_count([("phase_id", "=", phase.id)])
    if existing >= count:
        return
    started = time.perf_counter()
    Fund, Line = env["kttv.reward.fund"], env["kttv.reward.fund.line"]
    for year in (2023, 2024, 2025):
        for level, amount in (("administration", 5_000_000_000), ("ministry", 2_000_000_000)):
            fund = Fund._get(year, level)
            if not fund.line_ids:
                Line.with_user(officer).create(
                    {
                        "fund_id": fund.id,
                        "kind": "allocation",
                        "amount": amount,
                        "description": f"Trích lập quỹ {year}",
                        "date": f"{year}-01-05",
                    }
                )
    registrations = env["kttv.exemplar.registration"].search([("phase_id", "=", phase.id)], order="id")
    by_unit = {}
    for registration in registrations:
        by_unit.setdefault(registration.registering_unit_id.id, []).append(registration.id)
    activities = Activity
    for chunk in batched(list(range(existing, count)), 500):
        activities |= Activity.create(
            [
                {
                    "name": f"Hoạt động nhân rộng {index}",
                    "kind": KINDS[index % 4],
                    "date": f"{2023 + index % 3}-{1 + index % 12:02d}-15",
                    "organising_unit_id": units[index % len(units)].id,
                    "phase_id": phase.id,
                    "registration_ids": [Command.set(by_unit.get(units[index % len(units)].id, [])[:2])],
                    "cost": 1_000_000 + (index % 7) * 250_000,
                    "participant_count": 20 + index % 50,
                    "fund_level": "administration" if index % 5 else "ministry",
                }
                for index in chunk
            ]
        )
    held = activities.filtered(lambda activity: activity.id % 2 == 0)
    held.write({"state": "done"})
    # TCCB charges the held ones, a batch at a time, as from the list view.
    for chunk in batched(held, 100):
        chunk.with_user(officer).action_charge_cost()
    recognised = registrations.filtered(lambda r: r.state in ("recognized", "ministry_recognized"))
    for level, chunk in (("administration", recognised.filtered(lambda r: r.state == "recognized")),
                         ("ministry", recognised.filtered(lambda r: r.state == "ministry_recognized"))):  # fmt: skip
        Line.create(
            [
                {
                    "fund_id": Fund._get(2024, level).id,
                    "kind": "reward",
                    "amount": 2_340_000,
                    "date": "2024-12-20",
                    "description": f"Tiền thưởng {registration.name}",
                    "registration_id": registration.id,
                    "employee_id": registration.employee_id.id,
                    "department_id": registration.department_id.id,
                }
                for registration in chunk
            ]
        )
    env.cr.commit()
    log(f"added {count - existing:,} activities ({len(held):,} charged) and the reward payments", started)


def ensure_phase_data(env, args):
    env = env(context=dict(env.context, **QUIET))
    officer = ensure_officer(env)
    phase = ensure_plan(env)
    units = ensure_units(env, phase, args.units)
    env.cr.commit()
    ensure_registrations(env, phase, units, args.registrations)
    ensure_achievements(env, units, args.achievements)
    ensure_activities(env, phase, units, args.activities, officer)
    return phase, units, officer


def main():
    args = parse_args(
        __doc__,
        units=(int, 300, "subordinate units, each with its plan"),
        registrations=(int, 5_000, "registrations in the phase"),
        achievements=(int, 20_000, "achievements in the phase's years"),
        activities=(int, 2_000, "replication activities in the phase"),
    )
    with environment(args.database) as env:
        phase, units, officer = ensure_phase_data(env, args)
        Registration = env["kttv.exemplar.registration"]
        by_state = dict(Registration._read_group([("phase_id", "=", phase.id)], ["state"], ["__count"]))
        counts = {
            "units": env["hr.department"].search_count([("kttv_is_unit", "=", True)]),
            "unit plans": env["kttv.unit.plan"].search_count([("phase_id", "=", phase.id)]),
            "milestones": len(phase.milestone_ids),
            "registrations": sum(by_state.values()),
            "states": len(by_state),
            "achievements in 2023-2025": env["kttv.achievement"].search_count(
                [("year", ">=", 2023), ("year", "<=", 2025)]
            ),
            "activities": env["kttv.replication.activity"].search_count([("phase_id", "=", phase.id)]),
            "nurturing reviews": env["kttv.nurturing.review"].search_count([("phase_id", "=", phase.id)]),
            "reward payments": env["kttv.reward.fund.line"].search_count([("kind", "=", "reward")]),
        }
        Review = env["kttv.plan.review"].with_user(officer).with_context(lang="vi_VN")
        review = Review.create({"name": "Benchmark review", "phase_id": phase.id})
        unit_review = Review.create(
            {"name": "Benchmark unit review", "phase_id": phase.id, "scope": "unit", "department_id": units[0].id}
        )
        review.sudo()._compute_figures()  # warm
        with Measure(env, "review figures, Administration (the computation)") as figures:
            computed, lines = review.sudo()._compute_figures()
        with Measure(env, "review figures, one unit (the computation)") as unit_figures:
            unit_review.sudo()._compute_figures()
        with Measure(env, "review created (figures computed, 300 lines stored)") as create:
            Review.create({"name": "Benchmark review 2", "phase_id": phase.id})
        with Measure(env, "review figures updated (Update the figures)") as refresh:
            review.action_refresh()
        Phase = env["kttv.exemplar.phase"].with_user(officer).with_context(lang="vi_VN")
        Phase.get_dashboard_data(phase.id)  # warm
        with Measure(env, "dashboard data (`get_dashboard_data`)") as dashboard:
            data = Phase.get_dashboard_data(phase.id)
        env.cr.rollback()

    print("\n" + ", ".join(f"{value:,} {name}" for name, value in counts.items()) + "\n")
    print("| measure | SQL queries | time |\n| --- | ---: | ---: |")
    for measure in (figures, unit_figures, create, refresh, dashboard):
        print(measure.row())
    print(
        f"\nfigures: {computed['registration_count']:,} registrations ({computed['registered_count']:,} registered, "
        f"{computed['nurturing_count']:,} nurturing, {computed['nominated_count']:,} nominated or before the "
        f"council, {computed['recognized_count']:,} recognised, "
        f"{computed['refused_count'] + computed['cancelled_count']:,} refused or cancelled), "
        f"{computed['replication_count']:,} activities costing {computed['replication_cost']:,.0f} VND of which "
        f"{computed['replication_spent']:,.0f} VND charged, rewards {computed['reward_paid']:,.0f} VND, "
        f"{computed['achievement_count']:,} achievements in the phase's years, {len(lines)} unit lines, "
        f"unit plans {computed['unit_plan_on_time_count']} on time / {computed['unit_plan_late_count']} late / "
        f"{computed['unit_plan_missing_count']} draft / {computed['unit_plan_absent_count']} absent; "
        f"dashboard: {data['registration_count']:,} registrations, {len(data['units'])} units, "
        f"{len(data['milestones'])} milestones, {len(data['unit_plans']['rows'])} units late or missing, "
        f"funds of {len(data['funds'])} levels"
    )
    ok = figures.seconds < 1 and create.seconds < 1 and dashboard.seconds < 0.5
    print("target (figures under 1 s, dashboard under 500 ms):", "met" if ok else "NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
