from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import KttvCase


@tagged("post_install", "-at_install")
class TestLaw2026(KttvCase):
    """The law and the organisation as they stand on 1 December 2026, as data."""

    def test_base_salary_of_decree_161_2026(self):
        BaseSalary = self.env["kttv.base.salary"]
        self.assertEqual(BaseSalary._reward(self.t_cstdcs, "individual", date(2026, 6, 30)), 2_340_000)
        self.assertEqual(BaseSalary._reward(self.t_cstdcs, "individual", date(2026, 7, 1)), 2_530_000)
        self.assertEqual(BaseSalary._reward(self.t_ldtt, "individual", date(2026, 7, 1)), 760_000)
        self.assertEqual(BaseSalary._reward(self.t_co_bo, "collective", date(2026, 7, 1)), 20_240_000)

    def test_identity_follows_the_date_of_the_document(self):
        Identity = self.env["kttv.organisation.identity"]
        old = Identity._for_date(date(2025, 1, 15))
        self.assertEqual(
            (old.agency_name, old.symbol, old.head_title, old.parent_authority),
            ("Tổng cục Khí tượng Thủy văn", "TCKTTV", "Tổng cục trưởng", "Bộ Tài nguyên và Môi trường"),
        )
        new = Identity._for_date(date(2026, 1, 15))
        self.assertEqual(
            (new.agency_name, new.symbol, new.head_title, new.parent_authority),
            ("Cục Khí tượng Thủy văn", "KTTV", "Cục trưởng", "Bộ Nông nghiệp và Môi trường"),
        )
        self.assertEqual(Identity._for_date(date(2025, 3, 1)), new, "the reorganisation took effect on 1/3/2025")
        by_date = Identity._for_dates([date(2025, 1, 15), date(2026, 1, 15)])
        self.assertEqual(by_date[date(2025, 1, 15)], old)
        self.assertEqual(by_date[date(2026, 1, 15)], new)
        with self.assertRaisesRegex(UserError, "2020-01-01"):
            Identity._for_date(date(2020, 1, 1))

    def test_identity_is_edited_by_tccb_only(self):
        identity = self.env["kttv.organisation.identity"]._for_date(date(2026, 1, 15))
        identity.with_user(self.user_officer).write({"place": "Hà Nội"})
        # The Director General's group includes TCCB's rights: only those below are refused.
        for user in (self.user_unit_a, self.user_council, self.user_employee):
            self.assertEqual(identity.with_user(user).agency_name, "Cục Khí tượng Thủy văn")
            with self.assertRaises(AccessError):
                identity.with_user(user).write({"agency_name": "X"})

    def test_grounds_follow_the_date(self):
        Ground = self.env["kttv.legal.ground"]
        before = "\n".join(Ground._lines_for(date(2025, 1, 15)))
        self.assertIn("Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022", before)
        self.assertNotIn("Căn cứ", before, "the decision prints the words, the data holds the texts")
        self.assertIn("98/2023/NĐ-CP", before)
        self.assertIn("18/2023/TT-BTNMT", before)
        self.assertIn("Tổng cục Khí tượng Thủy văn", before)
        self.assertNotIn("152/2025", before)
        after = "\n".join(Ground._lines_for(date(2026, 1, 15)))
        self.assertIn("152/2025/NĐ-CP", after)
        self.assertIn("62/2025/TT-BNNMT", after)
        self.assertIn("Cục Khí tượng Thủy văn", after)
        self.assertNotIn("98/2023", after)
        self.assertNotIn("18/2023/TT-BTNMT", after)
        # The circular changed on 31/10/2025.
        self.assertIn("18/2023/TT-BTNMT", "\n".join(Ground._lines_for(date(2025, 10, 30))))
        self.assertIn("62/2025/TT-BNNMT", "\n".join(Ground._lines_for(date(2025, 10, 31))))
        ministry = "\n".join(Ground._lines_for(date(2026, 1, 15), authority="ministry"))
        self.assertIn("35/2025/NĐ-CP", ministry)
        with self.assertRaises(ValidationError):
            Ground.create({"text": "Căn cứ X", "date_from": date(2026, 1, 2), "date_to": date(2026, 1, 1)})

    def test_who_may_award_what(self):
        # Law 06/2022 art. 80(1): the head of a unit under a ministry.
        for title in (self.t_ldtt, self.t_cstdcs, self.t_ttldtt, self.c_giay_khen):
            self.assertTrue(title._awardable_by("administration"), title.name)
            self.assertFalse(title._awardable_by("ministry"), title.name)
        for title in (self.t_co_bo, self.t_cstd_bo, self.t_ttldxs, self.c_bang_khen_bo):
            self.assertFalse(title._awardable_by("administration"), title.name)
            self.assertTrue(title._awardable_by("ministry"), title.name)
        for title in (self.t_cstd_tq, self.env.ref("kttv_emulation.commendation_bang_khen_thu_tuong")):
            self.assertFalse(title._awardable_by("administration"), title.name)
            self.assertFalse(title._awardable_by("ministry"), title.name)

    def test_catalog_of_2025(self):
        self.assertEqual(self.t_cstd_bo.period_years, 3)
        self.assertEqual(self.t_cstdcs.period_years, 1)
        self.assertIn("152/2025/NĐ-CP", self.t_cstdcs.legal_basis)
        self.assertIn("Bộ Nông nghiệp và Môi trường", self.t_co_bo.name)
        medal = self.env.ref("kttv_emulation.commendation_ky_niem_chuong_bo")
        self.assertEqual((medal.kind, medal.award_authority), ("commendation", "minister"))
        with self.assertRaisesRegex(ValidationError, "at least one year"):
            self.t_cstdcs.period_years = 0

    def test_hold_blocks_awards_while_in_force(self):
        Hold = self.env["kttv.subject.hold"].with_user(self.user_officer)
        hold = Hold.create(
            {
                "employee_id": self.emp_a.id,
                "kind": "discipline",
                "date_from": date(2026, 3, 1),
                "date_to": date(2026, 8, 31),
                "reason": "Khiển trách",
            }
        )
        Employees = self.env["hr.employee"]
        with self.assertRaisesRegex(UserError, "Nguyễn Văn Ánh"):
            Hold._check_no_hold(self.emp_a | self.emp_b, self.env["hr.department"], date(2026, 5, 1), "Nominating")
        Hold._check_no_hold(self.emp_a, self.env["hr.department"], date(2026, 9, 1), "Nominating")
        Hold._check_no_hold(self.emp_b, self.env["hr.department"], date(2026, 5, 1), "Nominating")
        self.assertFalse(Hold._holds_on(Employees, self.env["hr.department"], date(2026, 5, 1)))
        with self.assertRaises(ValidationError):
            hold.date_to = date(2026, 1, 1)
        for user in (self.user_unit_a, self.user_council, self.user_employee):
            with self.assertRaises(AccessError):
                hold.with_user(user).read(["reason"])
        self.assertEqual(hold.with_user(self.user_manager).reason, "Khiển trách")
