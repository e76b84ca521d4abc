import base64

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import VietnameseScreensMixin

PDF = base64.b64encode(b"%PDF-1.4 dossier")
REGISTRATIONS = "/odoo/action-kttv_emulation.kttv_exemplar_registration_action"
DECISIONS = "/odoo/action-kttv_emulation.kttv_emulation_decision_action"
SESSIONS = "/odoo/action-kttv_emulation.kttv_council_session_action"


@tagged("post_install", "-at_install")
class TestMainPathInTheBrowser(VietnameseScreensMixin, HttpCase):
    """A real browser: a unit officer registers, TCCB accepts, a member votes, the Director General signs.

    The demo users click through their part; what happens between the tours
    (nurturing, the other votes) is done here as those roles would do it.
    """

    def setUp(self):
        super().setUp()
        ref = self.env.ref
        self.unit = ref("kttv_emulation.user_unit")
        self.officer = ref("kttv_emulation.user_officer")
        self.council = ref("kttv_emulation.user_council")
        self.director = ref("kttv_emulation.user_director")
        self.employee = self.env["hr.employee"].create(
            {"name": "Lê Văn Tuần", "department_id": ref("kttv_emulation.dept_bac_bo").id}
        )

    def _nominate_and_send_to_council(self, registration):
        registration.with_user(self.unit).write(
            {
                "title_id": self.env.ref("kttv_emulation.title_cstd_co_so").id,
                "achievement_report": PDF,
                "achievement_report_name": "bao-cao.pdf",
                "unit_minutes": PDF,
                "unit_minutes_name": "bien-ban.pdf",
            }
        )
        registration.with_user(self.unit).action_nominate()
        registration.criterion_line_ids.filtered(lambda line: line.result != "pass").with_user(self.officer).write(
            {"review_result": "pass"}
        )
        members = (
            self.council
            | self.env.ref("kttv_emulation.user_council_2")
            | self.env.ref("kttv_emulation.user_council_3")
            | self.director
        )
        session = (
            self.env["kttv.council.session"]
            .with_user(self.officer)
            .create(
                {
                    "name": "Phiên họp (kiểm thử giao diện)",
                    "phase_id": registration.phase_id.id,
                    "secretary_id": self.officer.id,
                    "member_ids": [Command.set(members.ids)],
                }
            )
        )
        registration.with_user(self.officer).write({"council_session_id": session.id})
        registration.with_user(self.officer).action_send_to_council()
        session.with_user(self.officer).action_open_vote()
        return session, members

    def test_a_unit_officer_starts_from_the_home_screen(self):
        self.assertEqual(self.unit.action_id.id, self.env.ref("kttv_emulation.kttv_home_action").id, "their home")
        registration = self.env["kttv.exemplar.registration"].search(
            [("registering_unit_id", "child_of", self.unit.kttv_unit_ids.ids)], limit=1
        )
        task = self.env["mail.activity.type"].create({"name": "Bổ sung minh chứng (kiểm thử)"})
        self.env["mail.activity"].create(
            {
                "res_model_id": self.env["ir.model"]._get_id(registration._name),
                "res_id": registration.id,
                "activity_type_id": task.id,
                "user_id": self.unit.id,
                "date_deadline": "2000-01-03",
            }
        )
        data = self.env["res.users"].with_user(self.unit).get_kttv_home_data()
        first = data["tasks"][0]
        self.assertEqual((first["model"], first["ids"], first["overdue"]), (registration._name, registration.ids, 1))
        self.start_tour("/odoo", "kttv_unit_home_tour", login="kttv_unit")

    def test_main_path_as_each_role(self):
        self.start_tour("/odoo", "kttv_unit_registers_tour", login="kttv_unit")
        registration = self.env["kttv.exemplar.registration"].search([("employee_id", "=", self.employee.id)])
        self.assertEqual(registration.state, "submitted")
        self.assertEqual(registration.registering_unit_id, self.env.ref("kttv_emulation.dept_bac_bo"))
        self.assertEqual(registration.create_uid, self.unit)

        self.start_tour(f"{REGISTRATIONS}/{registration.id}", "kttv_officer_accepts_tour", login="kttv_officer")
        self.assertEqual(registration.state, "nurturing")

        session, members = self._nominate_and_send_to_council(registration)
        self.start_tour(f"{SESSIONS}/{session.id}", "kttv_council_votes_tour", login="kttv_council")
        vote = self.env["kttv.council.vote"].search([("registration_id", "=", registration.id)])
        self.assertEqual((vote.member_id, vote.vote), (self.council, "approve"))
        self.assertEqual(vote.comment, "Mô hình thiết thực, có khả năng nhân rộng.")
        self.assertEqual(registration.with_user(self.council).my_vote, "approve")
        self.assertFalse(self.env["kttv.vote.wizard"].sudo().search([]), "nothing of the ballot is kept")

        for member in members - self.council:
            self.env["kttv.council.vote"].with_user(member).create(
                {
                    "session_id": session.id,
                    "registration_id": registration.id,
                    "member_id": member.id,
                    "vote": "approve",
                }
            )
        session.with_user(self.officer).action_close_vote()
        decision = (
            self.env["kttv.emulation.decision"]
            .with_user(self.officer)
            .create(
                {
                    "subject": "Về việc công nhận điển hình tiên tiến (kiểm thử giao diện)",
                    "date": "2026-01-15",
                    "registration_ids": [Command.set(registration.ids)],
                }
            )
        )
        decision.action_to_sign()
        self.start_tour(f"{DECISIONS}/{decision.id}", "kttv_director_signs_tour", login="kttv_director")
        self.assertEqual(decision.state, "signed")
        self.assertEqual(registration.state, "recognized")
        self.assertEqual(decision.signer_id, self.director)


@tagged("post_install", "-at_install")
class TestClosingTheVote(VietnameseScreensMixin, HttpCase):
    """TCCB closes a vote with a member missing: warned of who, and of what their silence counts as."""

    def test_tccb_closes_a_vote_with_a_member_missing(self):
        ref = self.env.ref
        officer, phase = ref("kttv_emulation.user_officer"), ref("kttv_emulation.phase_2023_2025")
        voters = ref("kttv_emulation.user_council") | ref("kttv_emulation.user_council_2")
        missing = ref("kttv_emulation.user_council_3")
        session = (
            self.env["kttv.council.session"]
            .with_user(officer)
            .create(
                {
                    "name": "Phiên họp (kiểm thử thiếu phiếu)",
                    "phase_id": phase.id,
                    "secretary_id": officer.id,
                    "member_ids": [Command.set((voters | missing).ids)],
                }
            )
        )
        unit = ref("kttv_emulation.dept_bac_bo")
        registration = (
            self.env["kttv.exemplar.registration"]
            .sudo()
            .create(
                {
                    "phase_id": phase.id,
                    "registering_unit_id": unit.id,
                    "employee_id": self.env["hr.employee"]
                    .create({"name": "Phan Văn Khải", "department_id": unit.id})
                    .id,
                    "title_id": ref("kttv_emulation.title_cstd_co_so").id,
                    "model_summary": "Mô hình kiểm thử đóng phiếu.",
                }
            )
        )
        registration.write({"state": "council", "council_session_id": session.id})
        session.with_user(officer).action_open_vote()
        for member in voters:
            action = session.with_user(member).action_open_ballot()
            ballot = self.env[action["res_model"]].with_user(member).with_context(**action["context"]).create({})
            ballot.line_ids.write({"vote": "approve"})
            ballot.action_confirm()
        self.assertIn(missing.name, session.with_user(officer).missing_vote_warning)
        self.start_tour(
            f"{SESSIONS}/{session.id}", "kttv_officer_closes_with_a_member_missing_tour", login="kttv_officer"
        )
        self.assertEqual(session.state, "closed")
        # 2 of 3 members is more than half: the missing vote counted as not approving, and it still passed.
        self.assertEqual((registration.vote_approve_count, registration.vote_member_count), (2, 3))


@tagged("post_install", "-at_install")
class TestBallotOnAPhone(VietnameseScreensMixin, HttpCase):
    """A council member votes from a phone: the ballot's dossiers are cards, each opened to vote."""

    browser_size = "390x844"
    touch_enabled = True

    def test_a_member_votes_on_a_phone(self):
        ref = self.env.ref
        officer, council = ref("kttv_emulation.user_officer"), ref("kttv_emulation.user_council")
        phase = ref("kttv_emulation.phase_2023_2025")
        session = (
            self.env["kttv.council.session"]
            .with_user(officer)
            .create(
                {
                    "name": "Phiên họp (kiểm thử trên điện thoại)",
                    "phase_id": phase.id,
                    "secretary_id": officer.id,
                    "member_ids": [Command.set(council.ids)],
                }
            )
        )
        unit = ref("kttv_emulation.dept_bac_bo")
        registrations = (
            self.env["kttv.exemplar.registration"]
            .sudo()
            .create(
                [
                    {
                        "phase_id": phase.id,
                        "registering_unit_id": unit.id,
                        "employee_id": self.env["hr.employee"].create({"name": name, "department_id": unit.id}).id,
                        "title_id": ref("kttv_emulation.title_cstd_co_so").id,
                        "model_summary": "Mô hình kiểm thử trên điện thoại.",
                    }
                    for name in ("Đỗ Văn Phong", "Vũ Thị Hạnh")
                ]
            )
        )
        # As TCCB leaves them once sent to the council.
        registrations.write({"state": "council", "council_session_id": session.id})
        session.with_user(officer).action_open_vote()
        self.start_tour(f"{SESSIONS}/{session.id}", "kttv_council_ballot_phone_tour", login="kttv_council")
        votes = self.env["kttv.council.vote"].sudo().search([("session_id", "=", session.id)])
        self.assertEqual(votes.member_id, council)
        self.assertEqual(sorted(votes.mapped("vote")), ["approve", "reject"])
        self.assertEqual(set(votes.mapped("comment")), {"Đồng ý.", False})


@tagged("post_install", "-at_install")
class TestMenusFitTheScreen(VietnameseScreensMixin, HttpCase):
    """At 1366 px, as offices' laptops are, every menu a role needs is in the bar, none behind "+"."""

    browser_size = "1366x768"

    def test_every_role_sees_all_its_menus(self):
        for login in ("kttv_officer", "kttv_director", "kttv_unit", "kttv_council", "kttv_employee"):
            with self.subTest(login=login):
                self.start_tour("/odoo/action-kttv_emulation.kttv_home_action", "kttv_menu_fits_tour", login=login)


@tagged("post_install", "-at_install")
class TestListsFitTheScreen(VietnameseScreensMixin, HttpCase):
    """The registrations' list at the laptops' widths: codes, states and criteria are read in full."""

    def _check_at(self, size):
        self.browser_size = size
        self.start_tour(f"{REGISTRATIONS}?view_type=list", "kttv_lists_fit_tour", login="kttv_officer")

    def test_the_list_fits_1366(self):
        states = set(self.env["kttv.exemplar.registration"].search([]).mapped("state"))
        self.assertGreaterEqual(len(states), 6, "the demo shows the list with most of its states")
        self._check_at("1366x768")

    def test_the_list_fits_1440(self):
        self._check_at("1440x900")
