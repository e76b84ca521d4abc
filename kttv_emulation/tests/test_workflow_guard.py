from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..models.kttv_workflow_mixin import OFFICER, AllBut
from .test_decision import KttvDecisionCase


@tagged("post_install", "-at_install")
class TestWorkflowGuard(KttvDecisionCase):
    """The engine's per-state guard, on a model that declares it."""

    def test_allbut_refuses_the_fields_it_names_and_only_those(self):
        decision = self._decision()
        Decision = type(self.env["kttv.emulation.decision"])
        with patch.object(Decision, "_kttv_writable", {"draft": {OFFICER: AllBut({"subject"})}}):
            with self.assertRaisesRegex(UserError, "Abstract"):
                decision.with_user(self.user_officer).write({"subject": "Về việc khác"})
            decision.with_user(self.user_officer).write({"recipients": "Lưu: VT, TCCB."})
        self.assertEqual(decision.recipients, "Lưu: VT, TCCB.")
        self.assertEqual(decision.subject, "Về việc công nhận điển hình tiên tiến giai đoạn 2023-2025")

    def test_one_tracking_message_per_step(self):
        decision = self._decision()
        decision.registration_ids = self.passed
        # Numbered (a tracked write) and moved in the same transaction: the
        # chatter shows the step once, with the number in the same message.
        decision.with_user(self.user_officer).action_to_sign()
        self._flush_tracking()
        values = decision.sudo().message_ids.tracking_value_ids
        states = values.filtered(lambda value: value.field_id.name == "state")
        self.assertEqual(len(states), 1, "the state change is tracked once")
        numbers = values.filtered(lambda value: value.field_id.name == "number")
        self.assertEqual(numbers.mail_message_id, states.mail_message_id, "the number is in the step's message")
