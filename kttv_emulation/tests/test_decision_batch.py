from contextlib import nullcontext

from odoo import Command
from odoo.tests import tagged

from .test_registration_workflow import KttvWorkflowCase

TODO = "mail.mail_activity_data_todo"

# Queries of each step, the same whatever the number of exemplars (issue 12).
# Measured with tracking on, an open activity on every dossier, and mail's
# deferred work (tracking, followers) flushed inside the count.  Issue 13 added,
# whatever the size: the identity kept on numbering (read, written), the holds
# of the subjects, the titles recorded from the history (art. 49(5)).
# Issue 15 added one, whatever the size, to the steps that read what a decision grants (to sign, sign,
# record, cancel): the titles of the year it may also award (nomination_ids).
QUERIES = {
    "to_sign": 63,
    "reset_to_draft": 18,
    "sign": 159,
    "annex_unsigned": 13,
    "annex_signed": 9,
    "proposal_send": 31,
    "ministry_record": 70,
    "ministry_cancel": 70,
    "cancel_signed": 64,
    # Many documents at once (TestDecisionsInBatch): 5 or 20 decisions sent for signature, listed.
    "number_issue": 68,
    "decision_list": 9,
}


@tagged("post_install", "-at_install", "is_query_count")
class TestDecisionBatch(KttvWorkflowCase):
    """Each step of a decision and a proposal of N exemplars, at 5 and at 50: one count."""

    pinned = True

    def _passed(self, size):
        """``size`` dossiers the council passed, each with an open activity (as real data has)."""
        employees = self.env["hr.employee"].create(
            [{"name": f"Điển hình {size}.{index}", "department_id": self.unit_a.id} for index in range(size)]
        )
        registrations = self.env["kttv.exemplar.registration"].create(
            [
                {
                    "phase_id": self.phase.id,
                    "registering_unit_id": self.unit_a.id,
                    "employee_id": employee.id,
                    "model_summary": "Mô hình dự báo mưa lớn.",
                    "title_id": self.t_cstdcs.id,
                }
                for employee in employees
            ]
        )
        # The council passed them (the path to here is covered by the workflow tests).
        registrations.write(
            {
                "state": "council",
                "vote_approve_count": 3,
                "vote_member_count": 3,
                "vote_percent": 100,
                "vote_threshold": 80,
                "vote_passed": True,
            }
        )
        model_id = self.env["ir.model"]._get_id(registrations._name)
        self.env["mail.activity"].create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": registration.id,
                    "activity_type_id": self.env.ref(TODO).id,
                    "user_id": self.user_officer.id,
                    "summary": "Theo dõi hồ sơ",
                }
                for registration in registrations
            ]
        )
        self._flush_tracking()
        return registrations

    def _count(self, step, function):
        """Run ``function`` under ``assertQueryCount``, deferred work flushed; the count it took."""
        self.env.invalidate_all()
        with self.assertQueryCount(QUERIES[step]) if self.pinned else nullcontext():
            start = self.cr.sql_log_count
            function()
            self.env.flush_all()
            self.env.cr.precommit.run()
            self.env.flush_all()
            count = self.cr.sql_log_count - start
        self._flush_tracking()
        return count

    def _steps(self, size):
        """{step: queries} of the whole path for a decision of ``size`` exemplars."""
        officer, manager = self.user_officer, self.user_manager
        registrations = self._passed(size)
        counts = {}
        decision = (
            self.env["kttv.emulation.decision"]
            .with_user(officer)
            .create(
                {
                    "date": "2027-01-15",
                    "subject": "Về việc công nhận điển hình tiên tiến",
                    "phase_id": self.phase.id,
                    "registration_ids": [Command.set(registrations.ids)],
                }
            )
        )
        self._flush_tracking()
        counts["to_sign"] = self._count("to_sign", decision.with_user(officer).action_to_sign)
        counts["reset_to_draft"] = self._count("reset_to_draft", decision.with_user(officer).action_reset_to_draft)
        decision.with_user(officer).action_to_sign()
        self._flush_tracking()
        report = self.env["report.kttv_emulation.report_decision"].with_user(officer)
        counts["annex_unsigned"] = self._count("annex_unsigned", lambda: report._get_report_values(decision.ids))
        counts["sign"] = self._count("sign", decision.with_user(manager).action_sign)
        self.assertEqual(set(registrations.mapped("state")), {"recognized"})
        self.assertEqual(len(decision.achievement_ids), size)
        self.assertEqual(len(decision.fund_line_ids), size)
        counts["annex_signed"] = self._count("annex_signed", lambda: report._get_report_values(decision.ids))

        proposal = (
            self.env["kttv.ministry.proposal"]
            .with_user(officer)
            .create({"date": "2027-02-01", "registration_ids": [Command.set(registrations.ids)]})
        )
        self._flush_tracking()
        counts["proposal_send"] = self._count("proposal_send", proposal.with_user(officer).action_send)
        self.assertEqual(set(registrations.mapped("state")), {"ministry_proposed"})
        ministry = self.env["kttv.emulation.decision"].browse(
            proposal.with_user(officer).action_record_decision()["res_id"]
        )
        ministry.with_user(officer).write({"number_entry": f"{size}/QĐ-BTNMT", "date": "2027-04-20"})
        self._flush_tracking()
        counts["ministry_record"] = self._count("ministry_record", ministry.with_user(officer).action_sign)
        self.assertEqual(set(registrations.mapped("state")), {"ministry_recognized"})
        self.assertEqual(proposal.state, "decided")
        wizard = (
            self.env["kttv.decision.cancel.wizard"]
            .with_user(officer)
            .create({"decision_ids": [Command.set(ministry.ids)], "reason": "Ghi nhận nhầm."})
        )
        counts["ministry_cancel"] = self._count("ministry_cancel", wizard.action_confirm)
        self.assertEqual(set(registrations.mapped("state")), {"ministry_proposed"})
        proposal.with_user(officer).action_cancel()
        self._flush_tracking()

        wizard = (
            self.env["kttv.decision.cancel.wizard"]
            .with_user(manager)
            .create({"decision_ids": [Command.set(decision.ids)], "reason": "Sai sót trong danh sách."})
        )
        counts["cancel_signed"] = self._count("cancel_signed", wizard.action_confirm)
        self.assertEqual(set(registrations.mapped("state")), {"council"})
        self.assertFalse(decision.achievement_ids)
        self.assertTrue(all(decision.fund_line_ids.mapped("cancelled")))
        # The dossiers' own activities are still there; the decision's are withdrawn.
        self.assertEqual(
            self.env["mail.activity"].search_count(
                [("res_model", "=", registrations._name), ("res_id", "in", registrations.ids)]
            ),
            size,
        )
        self.assertFalse(
            self.env["mail.activity"].search([("res_model", "=", decision._name), ("res_id", "=", decision.id)])
        )
        return counts

    def test_every_step_takes_the_same_queries_at_5_and_50_exemplars(self):
        # A first run fills Odoo's caches (groups, models, templates): not what is measured.
        self.pinned = False
        self._steps(1)
        self.pinned = True
        at_5 = self._steps(5)
        at_50 = self._steps(50)
        self.assertEqual(at_5, at_50, "a step that grows with the exemplars")


@tagged("post_install", "-at_install", "is_query_count")
class TestDecisionsInBatch(KttvWorkflowCase):
    """Many decisions at once: numbering them, listing them (issue 12)."""

    pinned = True
    _passed = TestDecisionBatch._passed
    _count = TestDecisionBatch._count

    def _decisions(self, size, per_decision=2):
        registrations = self._passed(size * per_decision)
        decisions = (
            self.env["kttv.emulation.decision"]
            .with_user(self.user_officer)
            .create(
                [
                    {
                        "date": "2027-01-15",
                        "subject": f"Về việc công nhận điển hình tiên tiến ({size}.{index})",
                        "phase_id": self.phase.id,
                        "registration_ids": [
                            Command.set(registrations[index * per_decision : (index + 1) * per_decision].ids)
                        ],
                    }
                    for index in range(size)
                ]
            )
        )
        self._flush_tracking()
        return decisions

    def test_numbering_takes_the_same_queries_at_5_and_20_documents(self):
        """``_kttv_number_issue`` in its step: 5 or 20 decisions sent for signature at once."""
        Sequence = self.env["ir.sequence"]
        counts = {}
        for size in (2, 5, 20):
            # The first run fills Odoo's caches: not what is measured.
            self.pinned = size != 2
            decisions = self._decisions(size).with_user(self.user_officer)
            first = int(Sequence.next_by_code("kttv.emulation.decision", sequence_date=decisions[0].date)) + 1
            # A number typed by hand holds the sequence's next value: skipped, not given twice.
            typed = f"{first:02d}/{decisions[-1]._kttv_symbol()}"
            decisions[-1].write({"number_entry": typed})
            self._flush_tracking()
            with self.subTest(size=size):
                counts[size] = self._count("number_issue", decisions.action_to_sign)
            self.assertEqual(set(decisions.mapped("state")), {"to_sign"})
            self.assertTrue(all(decisions.mapped("number_issued")))
            self.assertEqual(
                [int(number.split("/")[0]) for number in decisions[:-1].mapped("number")],
                list(range(first + 1, first + size)),
                "the next numbers of the year, in the order of the recordset, the typed one skipped",
            )
            self.assertEqual(decisions[-1].number, typed)
            self.assertTrue(all(decisions.mapped("kttv_identity")), "the identity in force, kept")
            # The step's message shows the number given, as a write would track it.
            tracked = (
                decisions[0]
                .sudo()
                .message_ids.tracking_value_ids.filtered(lambda value: value.field_id.name == "number")
            )
            self.assertEqual(tracked.mapped("new_value_char"), [decisions[0].number])
        self.assertEqual(counts[5], counts[20], "numbering that grows with the documents")

    def test_the_decisions_list_reads_in_the_same_queries_at_5_and_20(self):
        list_fields = ["display_name", "date", "authority", "subject", "registration_count", "total_reward", "state"]
        Decision = self.env["kttv.emulation.decision"].with_user(self.user_officer)
        self._decisions(1)
        Decision.search_read([], list_fields)  # Odoo's caches, not measured
        for size in (5, 20):
            decisions = self._decisions(size)
            domain = [("id", "in", decisions.ids)]
            with self.subTest(size=size):
                self._count("decision_list", lambda domain=domain: Decision.search_read(domain, list_fields))
            rows = Decision.search_read(domain, ["total_reward"])
            expected = {
                decision.id: sum(amount for _r, _t, amount in self.env["kttv.reward.fund.line"]._rewards_due(
                    decision, decision.registration_ids
                ))
                for decision in decisions.sudo()
            }  # fmt: skip
            self.assertEqual({row["id"]: row["total_reward"] for row in rows}, expected)
            self.assertTrue(all(expected.values()), "what signing would pay, before it is signed")
