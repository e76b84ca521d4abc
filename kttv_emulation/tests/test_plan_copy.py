import datetime

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import KttvCase


@tagged("post_install", "-at_install")
class TestPlanCopy(KttvCase):
    def test_the_2026_2030_plan_from_the_2021_2025_one(self):
        old = self.env.ref("kttv_emulation.plan_2021_2025")
        action = old.with_user(self.user_officer).action_copy_next_period()
        self.assertEqual(action["res_model"], "kttv.exemplar.plan")
        self.assertEqual(action["view_mode"], "form")
        new = self.env["kttv.exemplar.plan"].browse(action["res_id"])
        self.assertNotEqual(new, old)
        self.assertEqual((new.year_start, new.year_end), (2026, 2030))
        self.assertIn("2026-2030", new.name)
        self.assertFalse(new.number, "the new plan is not signed yet")
        self.assertEqual(new.basis, old.basis, "the grounds are copied as they are, their years untouched")
        self.assertEqual(new.criterion_ids, old.criterion_ids)
        self.assertEqual(new.phase_ids.mapped("name"), ["Giai đoạn 1 (2026-2028)", "Giai đoạn 2 (2028-2030)"])
        self.assertEqual(len(new.milestone_ids), len(old.milestone_ids))
        self.assertTrue(new.milestone_ids)
        start, end = datetime.date(2026, 1, 1), datetime.date(2030, 12, 31)
        for milestone in new.milestone_ids:
            self.assertTrue(start <= milestone.date_start <= milestone.date_deadline <= end, milestone.name)
            self.assertFalse(milestone.done)
        for phase in new.phase_ids:
            self.assertTrue(start <= phase.date_start <= phase.date_end <= end, phase.name)
        first = new.phase_ids.sorted("sequence")[0]
        self.assertEqual(first.date_start, datetime.date(2026, 7, 1))
        self.assertEqual(first.registration_deadline, datetime.date(2026, 9, 7))
        # The old plan keeps its own.
        self.assertEqual((old.year_start, old.year_end), (2021, 2025))
        self.assertTrue(all(m.date_deadline.year <= 2025 for m in old.milestone_ids))

    def test_only_tccb_copies_a_plan(self):
        old = self.env.ref("kttv_emulation.plan_2021_2025")
        with self.assertRaises(AccessError):
            old.with_user(self.user_unit_a).action_copy_next_period()
