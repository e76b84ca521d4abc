import base64

from odoo import Command, models
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tests.common import new_test_user

from .common import MANAGER, OFFICER
from .test_registration_workflow import KttvWorkflowCase


def _value(value):
    """A field's value as written: a record as its id."""
    return value.id if isinstance(value, models.BaseModel) else value


XLSX = base64.b64encode(b"PK\x03\x04 every unit's ratings")


@tagged("post_install", "-at_install")
class TestWizardsAreTheirCreatorsOnly(KttvWorkflowCase):
    """Every wizard of the addon: its creator reads, writes and deletes it; nobody else does.

    Odoo 18 does not restrict transient records to their creator: without a
    record rule, any user with access to a wizard model reads every other
    user's ballots, reasons and spreadsheets (and the files of their Binary
    fields, see test_file_access).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A second user of each role that has a wizard of its own.
        cls.user_officer_2 = new_test_user(cls.env, "kttv_t_officer_2", groups=OFFICER, name="Chuyên viên TCCB 2")
        cls.user_council_2 = cls.members[1]
        cls.user_manager_2 = new_test_user(cls.env, "kttv_t_manager_2", groups=MANAGER, name="Phó Tổng cục trưởng")
        # The administrators: the signing configuration's wizard is theirs.
        cls.user_admin = new_test_user(cls.env, "kttv_t_admin", groups="base.group_system", name="Quản trị hệ thống")
        cls.user_admin_2 = new_test_user(cls.env, "kttv_t_admin_2", groups="base.group_system", name="Quản trị 2")
        cls.roles = {
            "unit A": cls.user_unit_a,
            "unit B": cls.user_unit_b,
            "TCCB": cls.user_officer,
            "TCCB 2": cls.user_officer_2,
            "council": cls.user_council,
            "council 2": cls.user_council_2,
            "manager": cls.user_manager,
            "manager 2": cls.user_manager_2,
            "employee": cls.user_employee,
            "admin": cls.user_admin,
            "admin 2": cls.user_admin_2,
        }
        cls.registration = cls.env["kttv.exemplar.registration"].create(
            {
                "phase_id": cls.phase.id,
                "registering_unit_id": cls.unit_a.id,
                "employee_id": cls.emp_a.id,
                "model_summary": "Mô hình dự báo mưa lớn.",
            }
        )
        cls.decision = cls.env["kttv.emulation.decision"].create(
            {"date": "2027-01-15", "subject": "Về việc công nhận điển hình tiên tiến", "phase_id": cls.phase.id}
        )
        cls.session = cls.env["kttv.council.session"].create(
            {
                "name": "Phiên họp kiểm thử",
                "phase_id": cls.phase.id,
                "secretary_id": cls.user_secretary.id,
                "member_ids": [Command.set(cls.members.ids)],
            }
        )
        # A ballot exists only while its session votes, on a dossier before it: set as the steps would.
        cls.session.write({"state": "voting"})
        cls.registration.write({"state": "council", "council_session_id": cls.session.id})
        cls.session._kttv_freeze_dossiers(cls.registration)
        # A member misses the meeting: the secretary records their written votes.
        cls.absent = cls.members[-1]
        cls.session.write({"absent_member_ids": [Command.set(cls.absent.ids)]})
        cls.activity = cls.env["kttv.replication.activity"].create(
            {
                "name": "Hội nghị trao đổi kinh nghiệm",
                "kind": "exchange",
                "date": "2027-05-10",
                "organising_unit_id": cls.unit_a.id,
                "cost": 1_000_000,
            }
        )

    def _wizards(self):
        """Each wizard model: its creator, the values it is created with, and a field to change."""
        return {
            "kttv.registration.reason.wizard": (
                self.user_unit_a,
                {"registration_ids": [Command.set(self.registration.ids)], "action": "cancel", "reason": "Lý do."},
                {"reason": "Lý do khác."},
            ),
            "kttv.vote.wizard": (
                self.user_secretary,
                {"session_id": self.session.id, "written": True, "member_id": self.absent.id},
                {"member_id": False},
            ),
            "kttv.vote.wizard.line": (
                self.user_council,
                {
                    "wizard_id": self._ballot(self.user_council).id,
                    "registration_id": self.registration.id,
                    "vote": "reject",
                    "comment": "Ý kiến riêng.",
                },
                {"vote": "approve"},
            ),
            "kttv.decision.cancel.wizard": (
                self.user_officer,
                {"decision_ids": [Command.set(self.decision.ids)], "reason": "Sai sót."},
                {"reason": "Sai sót khác."},
            ),
            "kttv.fund.override.wizard": (
                self.user_manager,
                {"activity_ids": [Command.set(self.activity.ids)], "reason": "Cần thiết."},
                {"reason": "Rất cần thiết."},
            ),
            "kttv.fund.cancel.wizard": (
                self.user_officer,
                {"activity_id": self.activity.id, "reason": "Hủy."},
                {"reason": "Hủy khác."},
            ),
            "kttv.xlsx.import.issue": (
                self.user_unit_a,
                {"wizard_model": "kttv.history.import.wizard", "wizard_id": 1, "row": 2, "message": "Lỗi."},
                {"message": "Lỗi khác."},
            ),
            "kttv.history.import.wizard": (
                self.user_officer,
                {"file": XLSX, "filename": "xep-loai.xlsx"},
                {"filename": "khac.xlsx"},
            ),
            "kttv.registration.import.wizard": (
                self.user_unit_a,
                {"file": XLSX, "filename": "danh-sach.xlsx", "registering_unit_id": self.unit_a.id},
                {"filename": "khac.xlsx"},
            ),
            "kttv.xlsx.export.wizard": (
                self.user_officer,
                {"kind": "history", "department_id": self.unit_a.id},
                {"year_from": 2001},
            ),
            "kttv.statistics.form.wizard": (self.user_officer, {"year": 2026}, {"year": 2025}),
            "kttv.title.registration.import.wizard": (
                self.user_unit_a,
                {"file": XLSX, "filename": "dang-ky.xlsx", "department_id": self.unit_a.id, "year": 2026},
                {"filename": "khac.xlsx"},
            ),
            "kttv.annual.rating.import.wizard": (
                self.user_officer,
                {"file": XLSX, "filename": "xep-loai.xlsx"},
                {"filename": "khac.xlsx"},
            ),
            "kttv.initiative.import.wizard": (
                self.user_unit_a,
                {"file": XLSX, "filename": "sang-kien.xlsx"},
                {"filename": "khac.xlsx"},
            ),
            # The administrator's alone: its keys go to a model nobody reads.
            "kttv.signature.config.wizard": (self.user_admin, {"target": "agency"}, {"kind": "pkcs11"}),
            "kttv.signature.upload.wizard": (
                self.user_officer,
                {"decision_id": self.decision.id, "data": base64.b64encode(b"%PDF-1.4 signed elsewhere")},
                {"filename": "qd.pdf"},
            ),
        }

    def _ballot(self, member):
        """A member's ballot without its lines, so that a test adds the line it means."""
        return self._create("kttv.vote.wizard", member, {"session_id": self.session.id, "line_ids": [Command.clear()]})

    def _create(self, model, creator, vals):
        return self.env[model].with_user(creator).create(vals)

    def test_every_transient_model_of_the_addon_has_its_creator_rule(self):
        """No wizard escapes: a new one without its rule fails here."""
        transient = sorted(
            name
            for name, model in self.env.registry.items()
            if model._transient and model._original_module == "kttv_emulation"
        )
        self.assertEqual(transient, sorted(self._wizards()), "every wizard of the addon is tested below")
        for name in transient:
            with self.subTest(model=name):
                rule = self.env.ref(f"kttv_emulation.{name.replace('.', '_')}_rule_creator")
                self.assertEqual(rule.model_id.model, name)
                self.assertEqual(rule.domain_force, "[('create_uid', '=', user.id)]")
                self.assertFalse(rule.groups, "a global rule: no group widens it")
                self.assertTrue(all((rule.perm_read, rule.perm_write, rule.perm_create, rule.perm_unlink)))

    def test_another_users_wizard_is_refused_on_read_write_and_unlink(self):
        for model, (creator, vals, change) in self._wizards().items():
            wizard = self._create(model, creator, vals)
            self.env.invalidate_all()
            others = {role: user for role, user in self.roles.items() if user != creator}
            # The roles that may use this wizard, and those that may not even open one.
            with_access = {role for role, user in others.items() if self.env[model].with_user(user).has_access("read")}
            self.assertTrue(with_access, f"{model}: another user of the creator's role is tried")
            for role, user in others.items():
                theirs = wizard.with_user(user)
                with self.subTest(model=model, role=role):
                    if role in with_access:
                        self.assertFalse(self.env[model].with_user(user).search([("id", "=", wizard.id)]))
                        # Their own wizards only (the council member has a ballot of their own).
                        self.assertEqual(
                            self.env[model].with_user(user).search_count([("create_uid", "!=", user.id)]), 0
                        )
                    else:
                        with self.assertRaises(AccessError):
                            self.env[model].with_user(user).search([])
                    with self.assertRaises(AccessError):
                        theirs.read(list(change))
                    with self.assertRaises(AccessError):
                        theirs.write(change)
                    with self.assertRaises(AccessError):
                        theirs.unlink()
            self.assertTrue(wizard.sudo().exists(), f"{model}: still there, untouched")
            self.assertNotEqual(
                [_value(wizard.sudo()[name]) for name in change], list(change.values()), f"{model}: nobody changed it"
            )

    def test_the_creators_own_wizard_works(self):
        for model, (creator, vals, change) in self._wizards().items():
            with self.subTest(model=model):
                wizard = self._create(model, creator, vals)
                self.env.invalidate_all()
                self.assertEqual(self.env[model].with_user(creator).search([("id", "=", wizard.id)]), wizard)
                self.assertTrue(wizard.read(list(change)))
                wizard.write(change)
                self.env.invalidate_all()
                field, value = next(iter(change.items()))
                self.assertEqual(_value(wizard[field]), value)
                wizard.unlink()
                self.assertFalse(wizard.sudo().exists())

    def test_the_council_and_tccb_do_not_read_each_others_ballots(self):
        """The case of the issue: ballots of others, with voter, choice and comment."""
        lines = self.env["kttv.vote.wizard.line"]
        for member in self.members:
            ballot = self._ballot(member)
            lines |= self._create(
                "kttv.vote.wizard.line",
                member,
                {
                    "wizard_id": ballot.id,
                    "registration_id": self.registration.id,
                    "vote": "reject",
                    "comment": f"Ý kiến của {member.name}.",
                },
            )
        self.env.invalidate_all()
        for user in (self.user_council, self.user_officer, self.user_secretary, self.user_manager):
            with self.subTest(user=user.name):
                Line = self.env["kttv.vote.wizard.line"].with_user(user)
                if not Line.has_access("read"):
                    with self.assertRaises(AccessError):
                        lines.with_user(user).read(["vote", "comment"])
                    continue
                own = lines.filtered(lambda line, u=user: line.create_uid == u)
                self.assertEqual(Line.search([]), own)
                self.assertEqual([row["id"] for row in Line.search_read([], ["comment"])], own.ids)
                with self.assertRaises(AccessError):
                    (lines - own).with_user(user).read(["vote", "comment"])
