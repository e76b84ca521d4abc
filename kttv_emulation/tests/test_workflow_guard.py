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
