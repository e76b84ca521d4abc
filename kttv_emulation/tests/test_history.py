from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import KttvCase


@tagged("post_install", "-at_install")
class TestHistoryValidation(KttvCase):
    def assertRefusedAndNothingWritten(self, model, vals_list, message=None):
        before = self.env[model].search_count([])
        with self.assertRaisesRegex(ValidationError, message or ".") as caught, self.env.cr.savepoint():
            self.env[model].create(vals_list)
        self.assertEqual(self.env[model].search_count([]), before)
        return caught

    def test_exactly_one_subject(self):
        for model, vals in (
            ("kttv.annual.rating", {"year": 2023, "rating": "good"}),
            ("kttv.achievement", {"year": 2023, "title_id": self.t_ldtt.id}),
        ):
            both = dict(vals, employee_id=self.emp_a.id, department_id=self.unit_a.id)
            for bad in (both, vals):
                self.assertRefusedAndNothingWritten(model, [bad], "exactly one")

    def test_year_range(self):
        next_year = fields.Date.today().year + 1
        for year in (1944, next_year + 1, 0):
            self.assertRefusedAndNothingWritten(
                "kttv.annual.rating",
                [{"employee_id": self.emp_a.id, "year": year, "rating": "good"}],
                "outside",
            )
        self.assertRefusedAndNothingWritten(
            "kttv.achievement",
            [{"employee_id": self.emp_a.id, "year": 1900, "title_id": self.t_ldtt.id}],
            "outside",
        )
        self.assertTrue(self._rating(self.emp_a, 1945))
        self.assertTrue(self._rating(self.emp_a, next_year))

    def test_duplicate_rating(self):
        self._rating(self.emp_a, 2023)
        self.assertRefusedAndNothingWritten(
            "kttv.annual.rating",
            [{"employee_id": self.emp_a.id, "year": 2023, "rating": "good"}],
            "already has a rating for 2023",
        )
        # Inside one batch too: the whole batch is refused.
        batch = [{"department_id": self.unit_b.id, "year": 2020, "rating": "good"}] * 2
        self.assertRefusedAndNothingWritten("kttv.annual.rating", batch, "already has a rating for 2020")
        # The same year for another subject is fine.
        self.assertTrue(self._rating(self.emp_b, 2023))

    def test_bad_values_are_refused_on_write_too(self):
        rating = self._rating(self.emp_a, 2022, "good")
        self._rating(self.emp_a, 2023)
        for vals, message in (
            ({"year": 2023}, "already has a rating for 2023"),
            ({"year": 1900}, "outside"),
            ({"department_id": self.unit_a.id}, "exactly one"),
            ({"employee_id": False}, "exactly one"),
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(ValidationError, message), self.env.cr.savepoint():
                rating.write(vals)
            rating.invalidate_recordset()
            self.assertEqual((rating.employee_id, rating.year, rating.rating), (self.emp_a, 2022, "good"))
        achievement = self._achievement(self.emp_a, 2022, self.t_ldtt)
        self._achievement(self.emp_a, 2021, self.t_ldtt)
        with self.assertRaisesRegex(ValidationError, "already holds"), self.env.cr.savepoint():
            achievement.write({"year": 2021})
        achievement.invalidate_recordset()
        self.assertEqual(achievement.year, 2022)

    def test_unknown_rating_level(self):
        self.assertRefusedAndNothingWritten(
            "kttv.annual.rating",
            [{"employee_id": self.emp_a.id, "year": 2023, "rating": "outstanding"}],
            "not a known value",
        )
        rating = self._rating(self.emp_a, 2022, "good")
        with self.assertRaisesRegex(ValidationError, "not a known value"):
            rating.write({"rating": "brilliant"})
        self.assertEqual(rating.rating, "good")

    def test_negative_coefficient(self):
        titles = self.env["kttv.emulation.title"].with_context(active_test=False).search_count([])
        with self.assertRaisesRegex(ValidationError, "cannot be negative"), self.env.cr.savepoint():
            self.env["kttv.emulation.title"].create(
                {"name": "Danh hiệu thử", "code": "NEG", "coefficient_individual": -1}
            )
        self.assertEqual(self.env["kttv.emulation.title"].with_context(active_test=False).search_count([]), titles)
        with self.assertRaisesRegex(ValidationError, "cannot be negative"), self.env.cr.savepoint():
            self.t_ldtt.coefficient_collective = -0.5
        self.assertEqual(self.t_ldtt.coefficient_collective, 0)
        with self.assertRaisesRegex(ValidationError, "between 0 and 100"), self.env.cr.savepoint():
            self.t_cstdcs.vote_threshold = 120

    def test_title_must_fit_the_subject(self):
        self.assertRefusedAndNothingWritten(
            "kttv.achievement",
            [{"department_id": self.unit_a.id, "year": 2023, "title_id": self.t_cstdcs.id}],
            "not for this kind of subject",
        )
        # A commendation goes to both kinds of subject.
        self.assertTrue(self._achievement(self.unit_a, 2023, self.c_giay_khen))
        self.assertTrue(self._achievement(self.emp_a, 2023, self.c_giay_khen))

    def test_a_title_once_a_year_commendations_repeat(self):
        self._achievement(self.emp_a, 2023, self.t_ldtt)
        self.assertRefusedAndNothingWritten(
            "kttv.achievement",
            [{"employee_id": self.emp_a.id, "year": 2023, "title_id": self.t_ldtt.id}],
            "already holds",
        )
        self._achievement(self.emp_a, 2023, self.c_giay_khen, decision_number="1/QĐ-X")
        self._achievement(self.emp_a, 2023, self.c_giay_khen, decision_number="2/QĐ-X")
        self.assertEqual(self.emp_a.kttv_achievement_count, 3)

    def test_achievement_of_a_decision_is_locked(self):
        achievement = self._achievement(self.emp_a, 2023, self.t_ldtt)
        self.env.cr.execute("UPDATE kttv_achievement SET source = 'decision' WHERE id = %s", [achievement.id])
        achievement.invalidate_recordset()
        with self.assertRaisesRegex(UserError, "cancel the decision"):
            achievement.write({"year": 2022})
        with self.assertRaisesRegex(UserError, "cancel the decision"):
            achievement.unlink()
        self.assertTrue(achievement.exists())

    def test_unit_follows_the_subject(self):
        rating = self._rating(self.emp_a, 2023)
        self.assertEqual(rating.unit_id, self.unit_a)
        self.assertEqual(rating.target, "individual")
        self.emp_a.department_id = self.unit_b
        self.assertEqual(rating.unit_id, self.unit_b)
        collective = self._rating(self.unit_a_child, 2023)
        self.assertEqual((collective.unit_id, collective.target), (self.unit_a_child, "collective"))


@tagged("post_install", "-at_install")
class TestStreaks(KttvCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # emp_a: excellent 2019-2024; LĐTT 2019-2021, CSTĐCS 2022 and 2024, CSTĐ cấp bộ 2023.
        for year in range(2019, 2025):
            cls._rating(cls.emp_a, year, "excellent")
        for year in (2019, 2020, 2021):
            cls._achievement(cls.emp_a, year, cls.t_ldtt)
        cls._achievement(cls.emp_a, 2022, cls.t_cstdcs)
        cls._achievement(cls.emp_a, 2023, cls.t_cstd_bo)
        cls._achievement(cls.emp_a, 2024, cls.t_cstdcs)
        cls._achievement(cls.emp_a, 2024, cls.c_bang_khen_bo)
        # emp_b: good 2022, excellent 2023-2024, broken LĐTT.
        cls._rating(cls.emp_b, 2022, "good")
        cls._rating(cls.emp_b, 2023, "excellent")
        cls._rating(cls.emp_b, 2024, "excellent")
        cls._achievement(cls.emp_b, 2022, cls.t_ldtt)
        cls._achievement(cls.emp_b, 2024, cls.t_ldtt)
        # unit_a: TTLĐXS 2021-2023, Cờ thi đua cấp bộ 2024.
        for year in (2021, 2022, 2023):
            cls._achievement(cls.unit_a, year, cls.t_ttldxs)
            cls._rating(cls.unit_a, year, "excellent")
        cls._achievement(cls.unit_a, 2024, cls.t_co_bo)
        cls._rating(cls.unit_a, 2024, "good")
        cls.employees = cls.emp_a | cls.emp_b | cls.emp_a_child

    def test_title_streaks_count_higher_titles(self):
        Achievement = self.env["kttv.achievement"]
        self.assertEqual(
            Achievement._title_streaks(self.employees, self.t_ldtt, 2024),
            {self.emp_a.id: 6, self.emp_b.id: 1, self.emp_a_child.id: 0},
        )
        self.assertEqual(Achievement._title_streaks(self.employees, self.t_cstdcs, 2024)[self.emp_a.id], 3)
        self.assertEqual(Achievement._title_streaks(self.employees, self.t_cstd_bo, 2024)[self.emp_a.id], 0)
        self.assertEqual(Achievement._title_streaks(self.employees, self.t_cstd_bo, 2023)[self.emp_a.id], 1)
        self.assertEqual(Achievement._title_streaks(self.unit_a, self.t_ttldxs, 2024), {self.unit_a.id: 4})
        # A commendation is not a title: it does not extend a title streak.
        self.assertEqual(Achievement._title_streaks(self.unit_a, self.t_co_bo, 2023), {self.unit_a.id: 0})

    def test_rating_streaks_at_or_above_a_level(self):
        Rating = self.env["kttv.annual.rating"]
        self.assertEqual(
            Rating._rating_streaks(self.employees, "excellent", 2024),
            {self.emp_a.id: 6, self.emp_b.id: 2, self.emp_a_child.id: 0},
        )
        self.assertEqual(Rating._rating_streaks(self.employees, "good", 2024)[self.emp_b.id], 3)
        self.assertEqual(Rating._rating_streaks(self.unit_a, "excellent", 2024), {self.unit_a.id: 0})
        self.assertEqual(Rating._rating_streaks(self.unit_a, "excellent", 2023), {self.unit_a.id: 3})
        with self.assertRaises(ValueError):
            Rating._rating_streaks(self.employees, "outstanding", 2024)

    def test_current_streaks_on_employee_and_department(self):
        self.assertEqual(self.emp_a.kttv_streak_year, 2024)
        self.assertEqual(self.emp_a.kttv_streak_title_id, self.t_cstdcs)
        self.assertEqual(self.emp_a.kttv_title_streak, 3)
        self.assertEqual(self.emp_a.kttv_rating_streak, 6)
        self.assertEqual(self.emp_b.kttv_streak_title_id, self.t_ldtt)
        self.assertEqual((self.emp_b.kttv_title_streak, self.emp_b.kttv_rating_streak), (1, 2))
        self.assertFalse(self.emp_a_child.kttv_streak_title_id)
        self.assertEqual((self.emp_a_child.kttv_streak_year, self.emp_a_child.kttv_title_streak), (0, 0))
        self.assertEqual(self.unit_a.kttv_streak_title_id, self.t_co_bo)
        self.assertEqual((self.unit_a.kttv_title_streak, self.unit_a.kttv_rating_streak), (1, 0))
        self.assertEqual(self.unit_a.kttv_achievement_count, 4)

    def test_smart_button_opens_the_subject_history(self):
        action = self.emp_a.action_kttv_achievements()
        self.assertEqual(action["res_model"], "kttv.achievement")
        self.assertEqual(self.env["kttv.achievement"].search_count(action["domain"]), 7)
        action = self.unit_a.action_kttv_achievements()
        self.assertEqual(self.env["kttv.achievement"].search_count(action["domain"]), 4)

    def _many_employees(self, count):
        employees = self.env["hr.employee"].create(
            [{"name": f"Viên chức {i}", "department_id": self.unit_b.id} for i in range(count)]
        )
        self.env["kttv.annual.rating"].create(
            [{"employee_id": e.id, "year": y, "rating": "excellent"} for e in employees for y in (2023, 2024)]
        )
        self.env["kttv.achievement"].create(
            [{"employee_id": e.id, "year": y, "title_id": self.t_ldtt.id} for e in employees for y in (2023, 2024)]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        return employees

    def test_streak_engine_runs_a_constant_number_of_queries(self):
        few = self._many_employees(3)
        many = self._many_employees(120)
        Achievement, Rating = self.env["kttv.achievement"], self.env["kttv.annual.rating"]
        Achievement._title_streaks(few, self.t_ldtt, 2024)  # warm the ORM caches
        Rating._rating_streaks(few, "excellent", 2024)
        for subjects in (few, many):
            self.env.invalidate_all()
            # The title ladder (1), its titles' fields (1) and the rows (1).
            with self.assertQueryCount(3):
                result = Achievement._title_streaks(subjects, self.t_ldtt, 2024)
            self.assertEqual(set(result.values()), {2})
            with self.assertQueryCount(1):
                result = Rating._rating_streaks(subjects, "excellent", 2024)
            self.assertEqual(set(result.values()), {2})

    def test_employee_list_streaks_run_a_constant_number_of_queries(self):
        few = self._many_employees(3)
        many = self._many_employees(120)
        few.mapped("kttv_rating_streak")  # warm the ORM caches (access rules, field metadata)
        for subjects in (few, many):
            self.env.invalidate_all()
            # Ratings (1), titles (1), the titles' ranks (1), as a list view reads them.
            with self.assertQueryCount(3):
                self.assertEqual(set(subjects.mapped("kttv_rating_streak")), {2})
                self.assertEqual(set(subjects.mapped("kttv_title_streak")), {2})
                self.assertEqual(subjects.mapped("kttv_streak_title_id"), self.t_ldtt)
            self.env.invalidate_all()
            with self.assertQueryCount(1):
                self.assertEqual(set(subjects.mapped("kttv_achievement_count")), {2})


@tagged("post_install", "-at_install")
class TestBaseSalary(KttvCase):
    def test_amount_in_force_on_a_date(self):
        BaseSalary = self.env["kttv.base.salary"]
        self.assertEqual(BaseSalary._amount_on(fields.Date.to_date("2024-06-30")), 1_800_000)
        self.assertEqual(BaseSalary._amount_on(fields.Date.to_date("2024-07-01")), 2_340_000)
        with self.assertRaisesRegex(UserError, "No base salary"):
            BaseSalary._amount_on(fields.Date.to_date("2010-01-01"))

    def test_reward_of_a_title_on_a_date(self):
        on = fields.Date.to_date("2025-01-15")
        BaseSalary = self.env["kttv.base.salary"]
        self.assertEqual(BaseSalary._reward(self.t_ldtt, "individual", on), 710_000)
        self.assertEqual(BaseSalary._reward(self.t_cstdcs, "individual", on), 2_340_000)
        self.assertEqual(BaseSalary._reward(self.t_ttldxs, "collective", on), 3_510_000)
        self.assertEqual(BaseSalary._reward(self.c_bang_khen_bo, "collective", on), 7_020_000)
        self.assertEqual(BaseSalary._reward(self.c_bang_khen_bo, "individual", on), 3_510_000)
        # The base salary in force on the decision date, not today's.
        self.assertEqual(BaseSalary._reward(self.t_cstdcs, "individual", fields.Date.to_date("2024-01-15")), 1_800_000)


@tagged("post_install", "-at_install")
class TestAwardKinds(KttvCase):
    """Decree 152/2025 art. 4: only awards for merit count for the rules on consecutive years."""

    def test_an_award_not_for_merit_breaks_no_streak_and_makes_none(self):
        Achievement = self.env["kttv.achievement"].with_user(self.user_officer)
        rows = Achievement.create(
            [
                {"employee_id": self.emp_b.id, "year": year, "title_id": self.t_cstdcs.id, "award_kind": kind}
                for year, kind in ((2024, "merit"), (2025, "ad_hoc"), (2026, "merit"))
            ]
        )
        self.assertEqual(Achievement._title_streaks(self.emp_b, self.t_cstdcs, 2026), {self.emp_b.id: 1})
        self.env.invalidate_all()
        employee = self.emp_b.with_user(self.user_officer)
        self.assertEqual((employee.kttv_streak_title_id, employee.kttv_title_streak), (self.t_cstdcs, 1))
        rows.filtered(lambda row: row.year == 2025).write({"award_kind": "merit"})
        self.assertEqual(Achievement._title_streaks(self.emp_b, self.t_cstdcs, 2026), {self.emp_b.id: 3})
        self.env.invalidate_all()
        self.assertEqual(employee.kttv_title_streak, 3)
        self.assertEqual(Achievement.new({}).award_kind, "merit", "an award is for merit unless said otherwise")
