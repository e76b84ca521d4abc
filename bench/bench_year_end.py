"""The year-end review (bình xét) of 10,000 employees and 300 units: every title's conditions at once.

Run: bench/run bench_year_end [--units 300] [--employees 10000] [--initiatives 1500]

Its own data, generated once and kept (the first run takes minutes): ``--units``
subordinate units under a benchmark root, ``--employees`` staff spread over
them, their ratings of 2021-2026 (a mix of excellent, good and completed),
titles of 2021-2025 (LĐTT and CSTĐCS streaks), ``--initiatives`` initiatives
recognised at unit or ministry scope with their authors, a few holds
(discipline), and one 2026 nomination per employee (LĐTT, CSTĐCS or CSTĐ cấp
bộ) and per unit (TTLĐTT or TTLĐXS). Then, as a TCCB officer in Vietnamese,
it measures the conditions of every nomination proposed at once (``lib/year_end``
on the facts read in batch), and the list's computed columns (result, reason,
conditions with their evidence) as the list view reads them.
"""

import sys
import time

from common import QUIET, Measure, batched, ensure_officer, environment, parse_args

from odoo import Command

BENCH_ROOT = "Benchmark root (year-end review)"
YEAR = 2026
RATINGS = ["excellent", "excellent", "good", "good", "good", "completed"]


def log(message, started):
    print(f"{message} in {time.perf_counter() - started:,.0f} s", file=sys.stderr)


def ensure_units(env, count):
    Department = env["hr.department"].with_context(**QUIET)
    root = Department.search([("name", "=", BENCH_ROOT)], limit=1) or Department.create({"name": BENCH_ROOT})
    units = Department.search([("parent_id", "=", root.id)], order="id")
    if len(units) < count:
        units |= Department.create(
            [
                {"name": f"Đài KTTV (bình xét) {index:03d}", "parent_id": root.id, "kttv_is_unit": True}
                for index in range(len(units), count)
            ]
        )
    return units[:count]


def ensure_staff(env, units, count):
    Employee = env["hr.employee"].with_context(**QUIET)
    staff = Employee.search([("department_id", "in", units.ids)], order="id")
    if len(staff) >= count:
        return staff[:count]
    started = time.perf_counter()
    for chunk in batched(range(len(staff), count), 1000):
        staff |= Employee.create(
            [
                {"name": f"Viên chức (bình xét) {index:05d}", "department_id": units[index % len(units)].id}
                for index in chunk
            ]
        )
        env.cr.commit()
    log(f"{len(staff):,} employees", started)
    return staff


def ensure_history(env, units, staff, initiatives):
    """Ratings 2021-2026, titles 2021-2025, initiatives and holds: once."""
    Rating = env["kttv.annual.rating"].with_context(**QUIET)
    if Rating.search_count([("employee_id", "in", staff.ids), ("year", "=", YEAR)]) >= len(staff):
        return
    started = time.perf_counter()
    ldtt = env.ref("kttv_emulation.title_lao_dong_tien_tien")
    cstdcs = env.ref("kttv_emulation.title_cstd_co_so")
    for year in range(YEAR - 5, YEAR + 1):
        for chunk in batched(staff, 2000):
            Rating.create(
                [
                    {"employee_id": employee.id, "year": year, "rating": RATINGS[(employee.id + year) % len(RATINGS)]}
                    for employee in chunk
                ]
            )
        Rating.create(
            [{"department_id": unit.id, "year": year, "rating": RATINGS[(unit.id + year) % 3]} for unit in units]
        )
        env.cr.commit()
    Achievement = env["kttv.achievement"].with_context(**QUIET)
    for year in range(YEAR - 5, YEAR):
        for chunk in batched(staff, 2000):
            Achievement.create(
                [
                    {
                        "employee_id": employee.id,
                        "year": year,
                        "title_id": (cstdcs if employee.id % 4 == 0 else ldtt).id,
                        "source": "import",
                    }
                    for employee in chunk
                    if RATINGS[(employee.id + year) % len(RATINGS)] != "completed"
                ]
            )
        env.cr.commit()
    log("ratings and titles of 2021-2026", started)
    Initiative = env["kttv.initiative"].with_context(**QUIET)
    for chunk in batched(staff[:initiatives], 500):
        Initiative.create(
            [
                {
                    "name": f"Sáng kiến (bình xét) {employee.id}",
                    "department_id": employee.department_id.id,
                    "year": YEAR,
                    "state": "recognized",
                    "scope": "ministry" if employee.id % 10 == 0 else "unit",
                    "decision_number": f"{employee.id}/QĐ-KTTV",
                    "decision_date": f"{YEAR}-10-01",
                    "author_ids": [Command.create({"employee_id": employee.id, "share": 100})],
                }
                for employee in chunk
            ]
        )
        env.cr.commit()
    env["kttv.subject.hold"].with_context(**QUIET).create(
        [
            {"employee_id": employee.id, "kind": "discipline", "date_from": f"{YEAR}-03-01", "reason": "Benchmark"}
            for employee in staff[7::500]
        ]
    )
    env.cr.commit()
    log(f"{initiatives:,} initiatives, holds", started)


def ensure_nominations(env, units, staff):
    Nomination = env["kttv.title.nomination"].with_context(**QUIET)
    existing = Nomination.search([("year", "=", YEAR), ("unit_id", "in", units.ids)])
    if len(existing) >= len(staff) + len(units):
        return existing
    started = time.perf_counter()
    titles = [
        env.ref("kttv_emulation.title_lao_dong_tien_tien"),
        env.ref("kttv_emulation.title_cstd_co_so"),
        env.ref("kttv_emulation.title_cstd_bo"),
    ]
    collective = [
        env.ref("kttv_emulation.title_tap_the_lao_dong_tien_tien"),
        env.ref("kttv_emulation.title_tap_the_lao_dong_xuat_sac"),
    ]
    for chunk in batched(staff, 1000):
        Nomination.create(
            [
                {
                    "employee_id": employee.id,
                    "year": YEAR,
                    "title_id": titles[0 if employee.id % 20 < 12 else 1 if employee.id % 20 < 19 else 2].id,
                    "vote_members": 20,
                    "vote_for": 18,
                }
                for employee in chunk
            ]
        )
        env.cr.commit()
    Nomination.create(
        [
            {
                "department_id": unit.id,
                "year": YEAR,
                "title_id": collective[unit.id % 2].id,
                "vote_members": 30,
                "vote_for": 25,
            }
            for unit in units
        ]
    )
    env.cr.commit()
    log(f"{len(staff) + len(units):,} nominations", started)
    return Nomination.search([("year", "=", YEAR), ("unit_id", "in", units.ids)])


def main():
    args = parse_args(
        __doc__,
        units=(int, 300, "subordinate units"),
        employees=(int, 10_000, "employees, one nomination each"),
        initiatives=(int, 1_500, "recognised initiatives (a tenth of ministry-wide effect)"),
    )
    with environment(args.database) as env:
        officer = ensure_officer(env)
        env.cr.commit()
        units = ensure_units(env, args.units)
        env.cr.commit()
        staff = ensure_staff(env, units, args.employees)
        ensure_history(env, units, staff, args.initiatives)
        nominations = ensure_nominations(env, units, staff)
        mine = nominations.with_user(officer).with_context(lang="vi_VN")
        mine[:50]._kttv_verdicts()  # warm: rules, groups, the title catalog
        with Measure(env, f"of which the facts read (`_kttv_facts`, {len(mine):,} nominations)") as facts:
            mine._kttv_facts()
        with Measure(env, f"conditions of {len(mine):,} nominations (`_kttv_verdicts`)") as verdicts:
            results = mine._kttv_verdicts()
        with Measure(env, f"list columns of {len(mine):,} nominations (result, reason, conditions)") as columns:
            mine.fetch(["condition_result"])
            rows = [(n.condition_result, n.condition_reason, n.condition_html) for n in mine]
        # A page as the web client reads it: 80 records, prefetching only themselves.
        with Measure(env, "one page of the list (80 nominations)") as page:
            page_rows = [(n.condition_result, n.condition_reason) for n in mine.browse(mine.ids[:80])]
        env.cr.rollback()

    passed = sum(1 for verdict in results.values() if verdict.result == "pass")
    print(
        f"\n{len(units)} units, {len(staff):,} employees, {len(mine):,} nominations, "
        f"{passed:,} meeting the conditions\n"
    )
    print("| measure | SQL queries | time |\n| --- | ---: | ---: |")
    for measure in (verdicts, facts, columns, page):
        print(measure.row())
    ok = verdicts.seconds <= 2 and len(rows) == len(mine) and page_rows
    print("target (every condition of 10,000 subjects in 2 s or less):", "met" if ok else "NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
