"""Excel in and out at the size of the Administration.

Run: bench/run bench_xlsx [--rows 5000] [--export-rows 10000]

Import: a 5,000-row history file (a rating and a title per row, for the
employees of bench_streaks) through the import wizard, as a TCCB officer. One
pass measures the time; a second pass, under tracemalloc, the peak of Python
memory the import allocates; the process's peak resident memory is read at the
end. Both passes are rolled back, so every run measures the same work.
Export: the history of the benchmark unit for one year (10,000 rows) through
the export wizard, and the same values written by bare openpyxl in write-only
mode, the floor any export has to pay.
Hostile file: a 5 KB sheet whose only cell besides the headers sits at
XFD100000, checked through the wizard: it must be refused, and fast.
"""

import base64
import io
import resource
import sys
import time
import tracemalloc

from bench_streaks import BENCH_UNIT, ensure_data
from common import ensure_officer, environment, parse_args
from openpyxl import Workbook, load_workbook

from odoo.exceptions import UserError
from odoo.tools import SQL

HEADERS = ["Mã cán bộ", "Tập thể (mã hoặc tên)", "Năm", "Mức xếp loại", "Danh hiệu, hình thức khen thưởng",
           "Số quyết định", "Ngày quyết định", "Cấp quyết định", "Ghi chú"]  # fmt: skip


def history_file(codes, year):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Lịch sử")
    sheet.append(HEADERS)
    for index, code in enumerate(codes):
        rating = "Hoàn thành xuất sắc nhiệm vụ" if index % 3 else "Hoàn thành tốt nhiệm vụ"
        title = "Chiến sĩ thi đua cơ sở" if index % 3 else "Lao động tiên tiến"
        sheet.append([code, None, year, rating, title, f"{100 + index % 50}/QĐ-TCKTTV", None, "Tổng cục trưởng", None])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def sparse_file():
    """The headers, then one cell at the last column of row 100,000: 100,000 rows of 16,384 cells, if padded."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    sheet["XFD100000"] = "x"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def bare_write(headers, rows):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("bare")
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def rss():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def run_import(env, content):
    wizard = env["kttv.history.import.wizard"].create({"file": base64.b64encode(content), "filename": "b.xlsx"})
    env.invalidate_all()
    wizard.action_import()
    env.flush_all()
    return wizard.state, wizard.result


def run_hostile(env):
    """The sparse file checked through the wizard: ``(file, seconds, refusal message or None)``."""
    hostile = sparse_file()
    checker = env["kttv.history.import.wizard"].create({"file": base64.b64encode(hostile), "filename": "h.xlsx"})
    refusal = None
    started = time.perf_counter()
    try:
        checker.action_check()
    except UserError as error:
        refusal = str(error)
    seconds = time.perf_counter() - started
    env.cr.rollback()
    return hostile, seconds, refusal


def prepare(database, rows):
    """Employee codes for the benchmark staff (set once) and the officer who imports."""
    with environment(database) as env:
        staff = ensure_data(env, max(rows, 10_000), 10, 2024)
        env.cr.execute(
            SQL(
                "UPDATE hr_employee SET kttv_code = 'B' || lpad(id::text, 7, '0') "
                "WHERE id = ANY(%s) AND kttv_code IS NULL",
                staff.ids,
            )
        )
        ensure_officer(env)


def main():
    args = parse_args(__doc__, rows=(int, 5_000, "rows to import"))
    prepare(args.database, args.rows)
    with environment(args.database) as root:
        officer = root["res.users"].search([("login", "=", "bench_officer")])
        env = root(user=officer.id, context={"lang": "vi_VN"})
        unit = env["hr.department"].sudo().search([("name", "=", BENCH_UNIT)], limit=1)
        env.cr.execute(
            SQL(
                "SELECT kttv_code FROM hr_employee WHERE department_id = %s AND kttv_code IS NOT NULL "
                "ORDER BY id LIMIT %s",
                unit.id,
                args.rows,
            )
        )
        content = history_file([row[0] for row in env.cr.fetchall()], 2025)
        rss_before = rss()

        started = time.perf_counter()
        result = run_import(env, content)
        import_seconds = time.perf_counter() - started
        env.cr.rollback()
        env.invalidate_all()

        tracemalloc.start()
        run_import(env, content)
        _current, import_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        env.cr.rollback()
        rss_after = rss()

        exporter = env["kttv.xlsx.export.wizard"].create(
            {"kind": "history", "department_id": unit.id, "year_from": 2024, "year_to": 2024}
        )
        env.invalidate_all()
        started = time.perf_counter()
        exporter.action_export()
        export_seconds = time.perf_counter() - started
        exported = load_workbook(io.BytesIO(base64.b64decode(exporter.file)), read_only=True).worksheets[0]
        values = [list(row) for row in exported.iter_rows(values_only=True)]
        started = time.perf_counter()
        bare_write(values[0], values[1:])
        bare_seconds = time.perf_counter() - started
        env.cr.rollback()

        hostile, hostile_seconds, refusal = run_hostile(env)

    mib = 2**20
    print(f"\nimport: {args.rows:,} rows ({len(content) / 1024:,.0f} KiB): {result[0]} — {result[1]}")
    print("| measure | value |\n| --- | ---: |")
    print(f"| import of {args.rows:,} rows (check + write) | {import_seconds:,.1f} s |")
    print(f"| import: peak Python memory it allocates (tracemalloc) | {import_peak / mib:,.0f} MiB |")
    print(f"| process peak resident memory before the import | {rss_before / mib:,.0f} MiB |")
    print(f"| process peak resident memory after the import | {rss_after / mib:,.0f} MiB |")
    print(f"| export of {len(values) - 1:,} rows (read + write) | {export_seconds * 1000:,.0f} ms |")
    print(f"| bare openpyxl write-only, same values | {bare_seconds * 1000:,.0f} ms |")
    print(f"| export / bare openpyxl | {export_seconds / bare_seconds:,.2f}x |")
    print(f"| refusal of a {len(hostile) / 1024:,.1f} KiB sheet with one cell at XFD100000 | "
          f"{hostile_seconds * 1000:,.0f} ms |")  # fmt: skip
    print(f"hostile file: {refusal or 'NOT REFUSED'}")
    ok = (
        result[0] == "done"
        and import_seconds < 20
        and rss_after < 300 * mib
        and export_seconds < 3
        and export_seconds <= 2 * bare_seconds
        and refusal is not None
        and hostile_seconds < 1
    )
    print(
        "targets (import < 20 s, process < 300 MiB; export < 3 s and <= 2x bare; hostile file refused < 1 s):",
        "met" if ok else "NOT MET",
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
