from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import KttvCase


@tagged("post_install", "-at_install")
class TestHistoryAccess(KttvCase):
    """Each cell of DESIGN section 5 for the history, with real users."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rating_a = cls._rating(cls.emp_a, 2023)
        cls.rating_a_child = cls._rating(cls.emp_a_child, 2023)
        cls.rating_unit_a = cls._rating(cls.unit_a, 2023)
        cls.rating_b = cls._rating(cls.emp_b, 2023)
        cls.rating_self = cls._rating(cls.emp_self, 2023)
        cls.ach_a = cls._achievement(cls.emp_a, 2023, cls.t_ldtt)
        cls.ach_b = cls._achievement(cls.emp_b, 2023, cls.t_ldtt)
        cls.ach_unit_b = cls._achievement(cls.unit_b, 2023, cls.t_ttldtt)
        cls.ach_self = cls._achievement(cls.emp_self, 2023, cls.t_ldtt)
        cls.ratings = cls.rating_a | cls.rating_a_child | cls.rating_unit_a | cls.rating_b | cls.rating_self
        cls.achievements = cls.ach_a | cls.ach_b | cls.ach_unit_b | cls.ach_self

    def _visible(self, user, records):
        return records.with_user(user).search([("id", "in", records.ids)])

    # Unit officer

    def test_unit_officer_reads_only_own_units_children_included(self):
        user = self.user_unit_a
        self.assertEqual(
            self._visible(user, self.ratings),
            self.rating_a | self.rating_a_child | self.rating_unit_a | self.rating_self,
        )
        self.assertEqual(self._visible(user, self.achievements), self.ach_a | self.ach_self)
        with self.assertRaises(AccessError):
            self.rating_b.with_user(user).read(["rating"])
        with self.assertRaises(AccessError):
            self.ach_unit_b.with_user(user).read(["title_id"])

    def test_unit_officer_writes_no_history_not_even_of_own_units(self):
        # The history decides the criteria of the unit's own candidates: TCCB writes it (DESIGN section 5).
        user = self.user_unit_a
        for record, vals in (
            (self.rating_a_child, {"rating": "good"}),
            (self.rating_b, {"rating": "completed"}),
            (self.ach_a, {"note": "tự sửa"}),
            (self.ach_b, {"note": "x"}),
        ):
            with self.subTest(record=record.display_name), self.assertRaises(AccessError):
                record.with_user(user).write(vals)
        self.assertEqual((self.rating_a_child.rating, self.rating_b.rating), ("excellent", "excellent"))
        self.assertFalse(self.ach_a.note or self.ach_b.note)

    def test_unit_officer_creates_no_history(self):
        ratings = self.env["kttv.annual.rating"].search_count([])
        achievements = self.env["kttv.achievement"].search_count([])
        with self.assertRaises(AccessError):
            self.env["kttv.annual.rating"].with_user(self.user_unit_a).create(
                {"employee_id": self.emp_a.id, "year": 2022, "rating": "good"}
            )
        own_and_other = (
            {"employee_id": self.emp_a.id, "title_id": self.t_cstdcs.id},
            {"department_id": self.unit_b.id},
        )
        for subject in own_and_other:
            with self.subTest(subject=subject), self.assertRaises(AccessError):
                self.env["kttv.achievement"].with_user(self.user_unit_a).create(
                    {"title_id": self.t_ttldtt.id, "year": 2022, **subject}
                )
        self.assertEqual(self.env["kttv.annual.rating"].search_count([]), ratings)
        self.assertEqual(self.env["kttv.achievement"].search_count([]), achievements)

    def test_unit_officer_unlinks_no_history(self):
        user = self.user_unit_a
        for record in (self.rating_a, self.rating_b, self.ach_a, self.ach_b):
            with self.subTest(record=record.display_name), self.assertRaises(AccessError):
                record.with_user(user).unlink()
        self.assertTrue(self.rating_a.exists() and self.rating_b.exists() and self.ach_a.exists())

    def test_unit_officer_without_units_sees_nothing_but_own(self):
        self.user_unit_b.kttv_unit_ids = False
        self.assertFalse(self._visible(self.user_unit_b, self.ratings))

    def test_changing_units_takes_effect_at_once(self):
        self.assertFalse(self._visible(self.user_unit_b, self.rating_a))
        self.user_unit_b.kttv_unit_ids |= self.unit_a
        self.assertEqual(self._visible(self.user_unit_b, self.rating_a), self.rating_a)

    def test_unit_officer_cannot_change_the_catalogs(self):
        with self.assertRaises(AccessError):
            self.t_ldtt.with_user(self.user_unit_a).write({"coefficient_individual": 1})
        with self.assertRaises(AccessError):
            self.env["kttv.base.salary"].with_user(self.user_unit_a).create({"date_from": "2030-01-01", "amount": 1})
        self.assertEqual(self.t_ldtt.with_user(self.user_unit_a).name, "Lao động tiên tiến")

    # TCCB officer and Director General

    def test_officer_and_manager_have_every_unit(self):
        for user in (self.user_officer, self.user_manager):
            self.assertEqual(self._visible(user, self.ratings), self.ratings)
            self.assertEqual(self._visible(user, self.achievements), self.achievements)
        officer, manager = self.user_officer, self.user_manager
        self.rating_b.with_user(officer).write({"rating": "good"})
        self.rating_a.with_user(manager).write({"rating": "completed"})
        self.assertEqual((self.rating_b.rating, self.rating_a.rating), ("good", "completed"))
        created = (
            self.env["kttv.achievement"]
            .with_user(officer)
            .create({"department_id": self.unit_b.id, "year": 2022, "title_id": self.t_ttldxs.id})
        )
        by_manager = (
            self.env["kttv.annual.rating"]
            .with_user(manager)
            .create({"department_id": self.unit_b.id, "year": 2022, "rating": "excellent"})
        )
        self.assertEqual(by_manager.unit_id, self.unit_b)
        created.with_user(officer).unlink()
        self.ach_b.with_user(manager).unlink()
        self.assertFalse(created.exists() or self.ach_b.exists())

    def test_officer_maintains_the_catalogs(self):
        officer = self.user_officer
        title = (
            self.env["kttv.emulation.title"]
            .with_user(officer)
            .create({"name": "Huân chương Lao động hạng Ba", "code": "HCLD3", "kind": "commendation", "level": "state"})
        )
        title.write({"coefficient_individual": 4.5})
        salary = (
            self.env["kttv.base.salary"].with_user(officer).create({"date_from": "2030-07-01", "amount": 2_600_000})
        )
        salary.unlink()
        title.unlink()

    # Council member

    def test_council_member_reads_no_history_and_writes_none(self):
        user = self.user_council
        self.assertFalse(self._visible(user, self.ratings))
        self.assertFalse(self._visible(user, self.achievements))
        with self.assertRaises(AccessError):
            self.rating_a.with_user(user).read(["rating"])
        with self.assertRaises(AccessError):
            self.env["kttv.annual.rating"].with_user(user).create(
                {"employee_id": self.emp_a.id, "year": 2020, "rating": "good"}
            )
        with self.assertRaises(AccessError):
            self.t_ldtt.with_user(user).write({"rank": 1})
        for record in (self.rating_a, self.ach_a):
            with self.subTest(record=record.display_name), self.assertRaises(AccessError):
                record.with_user(user).write({"note": "x"})
            with self.subTest(record=record.display_name), self.assertRaises(AccessError):
                record.with_user(user).unlink()
        self.assertTrue(self.rating_a.exists() and self.ach_a.exists())

    # Employee

    def test_employee_reads_only_own_achievements(self):
        user = self.user_employee
        self.assertEqual(self._visible(user, self.achievements), self.ach_self)
        self.assertEqual(self._visible(user, self.ratings), self.rating_self)
        self.assertEqual(self.ach_self.with_user(user).title_id, self.t_ldtt)
        with self.assertRaises(AccessError):
            self.ach_a.with_user(user).read(["title_id"])
        # "My achievements" shows exactly their own, through the menu action's own domain.
        action = (
            self.env["ir.actions.act_window"].with_user(user)._for_xml_id("kttv_emulation.kttv_achievement_action_my")
        )
        domain = safe_eval(action["domain"], {"uid": user.id})
        self.assertEqual(action["res_model"], "kttv.achievement")
        self.assertEqual(self.env["kttv.achievement"].with_user(user).search(domain), self.ach_self)
        # Even without the domain, the record rules leave them their own only.
        self.assertEqual(self.env["kttv.achievement"].with_user(user).search([]), self.ach_self)

    def test_employee_cannot_write_create_or_unlink_even_their_own(self):
        user = self.user_employee
        with self.assertRaises(AccessError):
            self.ach_self.with_user(user).write({"note": "tự sửa"})
        with self.assertRaises(AccessError):
            self.ach_self.with_user(user).unlink()
        with self.assertRaises(AccessError):
            self.env["kttv.achievement"].with_user(user).create(
                {"employee_id": self.emp_self.id, "year": 2024, "title_id": self.t_cstdcs.id}
            )
        with self.assertRaises(AccessError):
            self.rating_self.with_user(user).write({"rating": "excellent"})
        self.assertFalse(self.ach_self.note)

    def test_history_fields_hidden_from_users_without_a_role(self):
        employee = self.emp_a.with_user(self.user_employee)
        with self.assertRaises(AccessError):
            employee.read(["kttv_achievement_ids"])
        self.assertEqual(self.emp_a.with_user(self.user_unit_a).kttv_achievement_count, 1)
