import base64
import io

from openpyxl import load_workbook

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import KttvCase, PrintedPagesMixin

STATE_LEVELS = ("government", "state")
MINISTRY_CODES = ("BKBO", "CSTDBO", "COBO", "KNCBO")


@tagged("post_install", "-at_install")
class TestStatisticsForms(PrintedPagesMixin, KttvCase):
    """The forms 0601-0603.N/BNV-TĐKT add up to the records: every total is recounted here from the ORM."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.c_bang_khen_ttg = ref("kttv_emulation.commendation_bang_khen_thu_tuong")
        Movement = cls.env["kttv.emulation.movement"].with_user(cls.user_officer)

        def movement(name, kind, start, end, launch=True, **vals):
            record = Movement.create(
                {
                    "name": name,
                    "kind": kind,
                    "year": int(start[:4]),
                    "date_start": start,
                    "date_end": end,
                    "document_number": f"{len(name)}/KH-KTTV",
                    "document_date": start,
                    **vals,
                }
            )
            if launch:
                record.action_launch()
            return record

        movement("Thi đua thường xuyên năm 2027 (kiểm thử)", "regular", "2027-01-01", "2027-12-31")
        movement(
            "Thi đua chuyên đề mùa mưa bão 2027 (kiểm thử)",
            "thematic",
            "2027-05-01",
            "2027-10-31",
            target_department_ids=cls.unit_a.ids,
        ).action_close()
        movement(
            "Thi đua chuyên đề chuyển đổi số 2027-2029 (kiểm thử)",
            "thematic",
            "2027-01-01",
            "2029-12-31",
            target_department_ids=cls.unit_b.ids,
        )
        movement("Phong trào chưa phát động (kiểm thử)", "thematic", "2027-02-01", "2027-03-31", launch=False)
        movement("Thi đua năm 2026 (kiểm thử)", "regular", "2026-01-01", "2026-12-31")

        cls.unit_a.manager_id = cls.emp_a
        achievement = cls._achievement
        achievement(cls.emp_a, 2027, cls.c_bang_khen_ttg, decision_date="2027-06-01")
        achievement(cls.emp_a, 2026, cls.t_cstd_bo, decision_date="2027-03-01")  # decided in 2027: counted then
        achievement(cls.unit_a, 2027, cls.t_co_bo, decision_date="2027-12-20")
        achievement(cls.unit_a, 2027, cls.t_ttldxs, decision_date="2027-12-20")  # no column on 0603
        achievement(cls.emp_b, 2027, cls.c_bang_khen_bo, decision_date="2027-09-02", award_kind="thematic")
        achievement(cls.emp_a_child, 2027, cls.c_giay_khen, decision_date="2027-12-20")  # the agency's own
        achievement(cls.emp_a_child, 2027, cls.c_bang_khen_bo)  # no decision date: in its own year
        achievement(cls.emp_b, 2027, cls.c_bang_khen_ttg, decision_date="2028-01-10")  # decided in 2028

    def _wizard(self, **vals):
        return self.env["kttv.statistics.form.wizard"].with_user(self.user_officer).create({"year": 2027, **vals})

    def _forms(self, wizard):
        return {form.code[:4]: form for form in wizard._forms()}

    # What the ORM says, counted without the wizard.
    def _achievement_count(self, year, unit=None, extra=()):
        domain = [
            "|",
            "&",
            ("decision_date", ">=", f"{year}-01-01"),
            ("decision_date", "<=", f"{year}-12-31"),
            "&",
            ("decision_date", "=", False),
            ("year", "=", year),
            *extra,
        ]
        records = self.env["kttv.achievement"].search(domain)
        if unit:
            records = records.filtered(
                lambda a: (
                    (a.employee_id.department_id or a.department_id)
                    in self.env["hr.department"].search([("id", "child_of", unit.id)])
                )
            )
        return records

    def _movement_count(self, year):
        return self.env["kttv.emulation.movement"].search_count(
            [("year", "=", year), ("state", "in", ("launched", "closed"))]
        )

    def assertFormAddsUp(self, form, total, splits):
        """Row 01 is ``total``, its columns add up to it, and each way of splitting it covers it once."""
        first = form.row("01")
        self.assertEqual(first.total(), total, form.code)
        self.assertEqual(sum(first.values.values()), total)
        for codes in splits:
            with self.subTest(form=form.code, rows=codes):
                self.assertEqual(sum(form.row(code).total() for code in codes), total)
                for column in form.columns:
                    self.assertEqual(
                        sum(form.row(code).values.get(column.key, 0) for code in codes),
                        first.values.get(column.key, 0),
                        column.key,
                    )

    def test_the_forms_of_a_year_add_up_to_the_records(self):
        forms = self._forms(self._wizard())
        self.assertEqual(set(forms), {"0601", "0602", "0603"})

        movements = self._movement_count(2027)
        self.assertGreaterEqual(movements, 3)
        self.assertFormAddsUp(forms["0601"], movements, [("02", "03", "04", "05"), ("06", "07", "08", "09", "10")])
        thematic = self.env["kttv.emulation.movement"].search_count(
            [("year", "=", 2027), ("state", "in", ("launched", "closed")), ("kind", "=", "thematic")]
        )
        self.assertEqual(forms["0601"].row("11").total(), thematic)
        self.assertEqual(forms["0601"].row("12").total(), movements - thematic)
        self.assertEqual(forms["0601"].row("06").values.get("agency"), 1)  # the six months of the rainy season

        state = self._achievement_count(2027, extra=[("title_id.level", "in", STATE_LEVELS)])
        self.assertFormAddsUp(
            forms["0602"],
            len(state),
            [("02", "03"), ("06", "08", "09"), tuple(f"{code:02d}" for code in range(15, 22))],
        )
        self.assertEqual(
            forms["0602"].row("01").values.get("bang_khen_ttg_individual", 0),
            len(state.filtered(lambda a: a.title_id.code == "BKTTG" and a.employee_id)),
        )
        self.assertEqual(forms["0602"].row("09").total(), len(state.filtered("employee_id")))
        self.assertEqual(
            sum(forms["0602"].row(f"{code:02d}").total() for code in range(10, 15)), len(state.filtered("employee_id"))
        )

        ministry = self._achievement_count(2027, extra=[("title_id.code", "in", MINISTRY_CODES)])
        self.assertFormAddsUp(
            forms["0603"],
            len(ministry),
            [("02", "04", "05"), tuple(f"{code:02d}" for code in range(11, 18))],
        )
        # The individuals, by position.
        self.assertEqual(
            sum(forms["0603"].row(f"{code:02d}").total() for code in range(6, 11)),
            len(ministry.filtered("employee_id")),
        )
        for key, code in zip(("bang_khen", "cstd", "co_thi_dua", "huy_hieu"), MINISTRY_CODES, strict=True):
            self.assertEqual(
                forms["0603"].row("01").values.get(key, 0),
                len(ministry.filtered(lambda a, c=code: a.title_id.code == c)),
            )
        self.assertEqual(forms["0603"].row("12").total(), len(ministry.filtered(lambda a: a.award_kind == "thematic")))
        # The head of unit A, awarded the ministry's fighter title: a leader; the station's officer works directly.
        self.assertGreaterEqual(forms["0603"].row("09").total(), 1)

    def test_by_reporting_unit(self):
        forms = self._forms(self._wizard(department_id=self.unit_a.id))
        # Addressed to every unit, or to unit A: not unit B's own movement.
        self.assertEqual(forms["0601"].row("01").total(), self._movement_count(2027) - 1)
        ministry = self._achievement_count(2027, self.unit_a, [("title_id.code", "in", MINISTRY_CODES)])
        self.assertEqual(forms["0603"].row("01").total(), len(ministry))
        self.assertNotIn(self.emp_b, ministry.employee_id)
        state = self._achievement_count(2027, self.unit_a, [("title_id.level", "in", STATE_LEVELS)])
        self.assertEqual(forms["0602"].row("01").total(), len(state))

    def test_a_year_of_demo_data_adds_up(self):
        groups = self.env["kttv.achievement"]._read_group([("year", "<", 2027)], ["year"], ["__count"])
        if not groups:
            self.skipTest("no demo data installed")
        year = max(groups, key=lambda group: group[1])[0]
        forms = self._forms(self._wizard(year=year))
        state = self._achievement_count(year, extra=[("title_id.level", "in", STATE_LEVELS)])
        ministry = self._achievement_count(year, extra=[("title_id.code", "in", MINISTRY_CODES)])
        self.assertFormAddsUp(forms["0602"], len(state), [("06", "08", "09")])
        self.assertFormAddsUp(forms["0603"], len(ministry), [("02", "04", "05")])
        self.assertFormAddsUp(forms["0601"], self._movement_count(year), [("11", "12")])

    def test_the_workbook_and_the_pdf_carry_the_same_counts(self):
        wizard = self._wizard()
        forms = self._forms(wizard)
        action = wizard.action_export_xlsx()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertTrue(wizard.filename.endswith(".xlsx"))
        workbook = load_workbook(io.BytesIO(base64.b64decode(wizard.file)))
        self.assertEqual(workbook.sheetnames, ["0601.N", "0602.N", "0603.N"])
        for sheet, (key, form) in zip(workbook.worksheets, sorted(forms.items()), strict=True):
            first = next(row for row in sheet.iter_rows(values_only=True) if row[1] == "01")
            self.assertEqual(first[2 if form.unit else 3], form.row("01").total(), key)
        printed_action = wizard.action_print()
        self.assertEqual(printed_action["report_name"], "kttv_emulation.report_statistics_forms")
        self.assertNotIn(None, printed_action.values(), "an RPC client takes no None")

        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "kttv_emulation.report_statistics_forms", wizard.ids
        )
        html = html.decode()
        for form in forms.values():
            self.assertIn(form.code, html)
            self.assertIn(form.title, html)
        pages = self._pages("kttv_emulation.report_statistics_forms", wizard)
        printed = self._squeezed(" ".join(pages))
        self.assertAllIn(
            ["Biểu số: 0601.N/BNV-TĐKT", "SỐ PHONG TRÀO THI ĐUA", "Năm 2027", "02/2023/TT-BNV", "NGƯỜI LẬP BIỂU"],
            printed,
        )
        total_line = next(line for line in pages[0].splitlines() if line.strip().startswith("Tổng số") and "01" in line)
        self.assertEqual(total_line.split()[3], str(forms["0601"].row("01").total()))

    def test_for_tccb_only(self):
        with self.assertRaises(AccessError):
            self.env["kttv.statistics.form.wizard"].with_user(self.user_unit_a).create({"year": 2027})
        with self.assertRaises(AccessError):
            self.env["kttv.statistics.form.wizard"].with_user(self.user_council).create({"year": 2027})

    def test_a_constant_number_of_queries_whatever_the_number_of_records(self):
        def queries():
            wizard = self._wizard()
            self.env.flush_all()
            self.env.invalidate_all()
            wizard._forms()  # the registry's caches (access rules) warm: only the records are read again
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            wizard._forms()
            return self.cr.sql_log_count - before

        small = queries()
        for index in range(20):
            employee = self.env["hr.employee"].create({"name": f"Viên chức {index}", "department_id": self.unit_b.id})
            self._achievement(employee, 2027, self.c_bang_khen_bo, decision_date="2027-05-05")
            self._achievement(employee, 2027, self.c_bang_khen_ttg, decision_date="2027-05-05")
        self.assertEqual(queries(), small)
