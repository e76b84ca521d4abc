from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import KttvCase


@tagged("post_install", "-at_install")
class TestEmulationMovement(KttvCase):
    def _movement(self, **vals):
        return (
            self.env["kttv.emulation.movement"]
            .with_user(self.user_officer)
            .create(
                {
                    "name": "Phong trào thi đua thường xuyên năm 2026",
                    "kind": "regular",
                    "year": 2026,
                    "date_start": "2026-01-01",
                    "date_end": "2026-12-31",
                    **vals,
                }
            )
        )

    def test_tccb_launches_and_closes_a_movement(self):
        movement = self._movement()
        with self.assertRaisesRegex(UserError, "document that launches it"):
            movement.action_launch()
        movement.write({"document_number": "15/KH-KTTV", "document_date": "2026-01-10"})
        self.assertIs(movement.action_launch(), True)
        self.assertEqual(movement.state, "launched")
        self.assertTrue(movement.date_launched)
        # Launched, TCCB may still adjust the goal and the targets, not the document.
        movement.write({"goal": "<p>Hoàn thành xuất sắc nhiệm vụ</p>", "target_department_ids": self.unit_a.ids})
        with self.assertRaises(UserError):
            movement.write({"document_number": "16/KH-KTTV"})
        self.assertIs(movement.action_close(), True)
        self.assertEqual(movement.state, "closed")
        with self.assertRaises(UserError):
            movement.write({"goal": "<p>Khác</p>"})
        messages = self.env["mail.message"].search(
            [("model", "=", "kttv.emulation.movement"), ("res_id", "=", movement.id)]
        )
        tracked = messages.tracking_value_ids.filtered(lambda value: value.field_id.name == "state")
        self.assertEqual(len(tracked), 2, "launch and close are in the chatter")
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            movement.unlink()

    def test_a_thematic_movement_has_its_own_period(self):
        movement = self._movement(
            name="Thi đua chuyển đổi số ngành KTTV",
            kind="thematic",
            date_start="2026-03-01",
            date_end="2026-09-30",
            target_department_ids=[(6, 0, (self.unit_a | self.unit_b).ids)],
        )
        self.assertEqual(movement.target_department_ids, self.unit_a | self.unit_b)
        with self.assertRaisesRegex(ValidationError, "ends before it starts"):
            self._movement(date_start="2026-05-01", date_end="2026-04-01")

    def test_units_read_launched_movements_and_change_nothing(self):
        draft = self._movement(name="Bản nháp")
        launched = self._movement(document_number="15/KH-KTTV", document_date="2026-01-10")
        launched.action_launch()
        Movement = self.env["kttv.emulation.movement"]
        for user in (self.user_unit_a, self.user_council):
            self.assertEqual(Movement.with_user(user).search([("id", "in", (draft | launched).ids)]), launched)
            with self.assertRaises(AccessError):
                draft.with_user(user).read(["name"])
            with self.assertRaises(AccessError):
                launched.with_user(user).write({"goal": "<p>x</p>"})
            with self.assertRaises(AccessError):
                Movement.with_user(user).create({"name": "X", "date_start": "2026-01-01", "date_end": "2026-12-31"})
        with self.assertRaises(AccessError):
            launched.with_user(self.user_unit_a).action_close()
        with self.assertRaises(AccessError):
            draft.with_user(self.user_employee).read(["name"])
        self.assertEqual(launched.state, "launched")

    def test_the_state_is_the_buttons_only(self):
        movement = self._movement()
        with self.assertRaisesRegex(UserError, "buttons"):
            movement.with_user(self.user_manager).write({"state": "launched"})
        with self.assertRaisesRegex(UserError, "buttons"):
            self._movement(state="closed")
