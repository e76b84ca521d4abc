"""Streaks of 10,000 employees x 10 years: the batched engine against a loop.

Run: bench/run bench_streaks [--employees 10000] [--years 10]
"""

import sys
import time

from common import QUIET, Measure, batched, environment, parse_args

BENCH_UNIT = "Benchmark unit (streaks)"


def ensure_data(env, employees, years, last_year):
    """Employees with ``years`` of ratings and titles each; created once."""
    env = env(context=dict(env.context, **QUIET))
    unit = env["hr.department"].search([("name", "=", BENCH_UNIT)], limit=1)
    if not unit:
        unit = env["hr.department"].create({"name": BENCH_UNIT})
    staff = env["hr.employee"].search([("department_id", "=", unit.id)])
    if len(staff) >= employees:
        return staff[:employees]
    started = time.perf_counter()
    ldtt = env.ref("kttv_emulation.title_lao_dong_tien_tien")
    cstdcs = env.ref("kttv_emulation.title_cstd_co_so")
    missing = employees - len(staff)
    for chunk in batched(range(missing), 1000):
        staff |= env["hr.employee"].create(
            [{"name": f"Viên chức {len(staff) + i:05d}", "department_id": unit.id} for i in chunk]
        )
    first_year = last_year - years + 1
    ratings, achievements = [], []
    for index, employee in enumerate(staff):
        # Different streak lengths: the break year moves with the index.
        break_year = first_year + index % (years + 1)
        for year in range(first_year, last_year + 1):
            excellent = year != break_year
            ratings.append({"employee_id": employee.id, "year": year, "rating": "excellent" if excellent else "good"})
            title = cstdcs if excellent and index % 2 else ldtt
            achievements.append({"employee_id": employee.id, "year": year, "title_id": title.id})
    existing = set(env["kttv.annual.rating"].search([("employee_id", "in", staff.ids)]).mapped("employee_id").ids)
    ratings = [vals for vals in ratings if vals["employee_id"] not in existing]
    achievements = [vals for vals in achievements if vals["employee_id"] not in existing]
    for chunk in batched(ratings, 10_000):
        env["kttv.annual.rating"].create(chunk)
    for chunk in batched(achievements, 10_000):
        env["kttv.achievement"].create(chunk)
    env.cr.commit()
    print(
        f"generated {missing:,} employees and their history in {time.perf_counter() - started:,.0f} s", file=sys.stderr
    )
    return staff


def per_record_loop(env, staff, title, up_to):
    """What a naive compute does: one search per employee."""
    from odoo.addons.kttv_emulation.lib import streaks  # noqa: PLC0415 - after Odoo's path is set

    titles = title._with_higher()
    result = {}
    for employee in staff:
        rows = env["kttv.achievement"].search_fetch(
            [("employee_id", "=", employee.id), ("title_id", "in", titles.ids), ("year", "<=", up_to)], ["year"]
        )
        result[employee.id] = streaks.consecutive_years(set(rows.mapped("year")), up_to)
    return result


def main():
    args = parse_args(
        __doc__,
        employees=(int, 10_000, "number of employees"),
        years=(int, 10, "years of history each"),
    )
    last_year = 2024
    with environment(args.database) as env:
        staff = ensure_data(env, args.employees, args.years, last_year)
        rows = env["kttv.achievement"].search_count([("employee_id", "in", staff.ids)])
        ratings = env["kttv.annual.rating"].search_count([("employee_id", "in", staff.ids)])
        title = env.ref("kttv_emulation.title_lao_dong_tien_tien")
        Achievement, Rating = env["kttv.achievement"], env["kttv.annual.rating"]
        staff = staff.browse(staff.ids)  # a plain recordset, as a caller holds it

        Achievement._title_streaks(staff, title, last_year)  # warm the ORM caches once
        with Measure(env, "title streaks, batched engine") as batched_title:
            batched_result = Achievement._title_streaks(staff, title, last_year)
        with Measure(env, "rating streaks, batched engine") as batched_rating:
            Rating._rating_streaks(staff, "excellent", last_year)
        with Measure(env, "employee streak fields (list view compute)") as fields_compute:
            staff.mapped("kttv_title_streak")
        with Measure(env, "title streaks, one search per employee") as loop:
            loop_result = per_record_loop(env, staff, title, last_year)
        assert batched_result == loop_result, "the two methods disagree"

    print(f"\n{len(staff):,} employees, {rows:,} achievements and {ratings:,} ratings ({args.years} years)\n")
    print("| measure | SQL queries | time |\n| --- | ---: | ---: |")
    for measure in (batched_title, batched_rating, fields_compute, loop):
        print(measure.row())
    print(
        f"\nloop / batched: {loop.seconds / batched_title.seconds:,.0f}x the time, "
        f"{loop.queries / batched_title.queries:,.0f}x the queries"
    )
    ok = batched_title.queries <= 10 and batched_title.seconds < 1 and batched_rating.seconds < 1
    print("target (<= 10 queries, < 1 s):", "met" if ok else "NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
