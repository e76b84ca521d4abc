import base64
import io

from PIL import Image

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .test_registration_workflow import KttvWorkflowCase


def png(index):
    """A small image of its own colour: each file's bytes tell it apart (and /web/image serves it as it is)."""
    output = io.BytesIO()
    Image.new("RGB", (3 + index, 2), (index * 7 % 256, 90, 160)).save(output, format="PNG")
    return output.getvalue()


class KttvFilesCase(KttvWorkflowCase):
    """The files of each kind of record of the addon, and of its wizards, and who may read each.

    A file follows its record: a user who cannot read the record cannot read
    its file, by any route. The roles' access to the records is the record
    rules' (tested elsewhere); here, the files follow it exactly, and a few
    cells of DESIGN section 5 are spelled out.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.roles = {
            "unit A": cls.user_unit_a,
            "unit B": cls.user_unit_b,
            "TCCB": cls.user_officer,
            "council": cls.user_council,
            "Director General": cls.user_manager,
            "employee": cls.user_employee,
        }
        Registration = env["kttv.exemplar.registration"]
        cls.council_session = env["kttv.council.session"].create(
            {
                "name": "Phiên họp có ủy viên 1",
                "phase_id": cls.phase.id,
                "secretary_id": cls.user_secretary.id,
                "member_ids": [Command.set(cls.members.ids)],
            }
        )
        cls.other_session = env["kttv.council.session"].create(
            {
                "name": "Phiên họp khác",
                "phase_id": cls.phase.id,
                "secretary_id": cls.user_secretary.id,
                "member_ids": [Command.set(cls.members[1:].ids)],
            }
        )
        cls.reg_a = Registration.create(
            {
                "phase_id": cls.phase.id,
                "registering_unit_id": cls.unit_a.id,
                "employee_id": cls.emp_a.id,
                "model_summary": "Hồ sơ của đơn vị A.",
            }
        )
        # Put before the council (as the workflow would): its members read the dossier.
        cls.reg_a.write({"state": "nominated", "council_session_id": cls.council_session.id})
        cls.reg_b = Registration.create(
            {
                "phase_id": cls.phase.id,
                "registering_unit_id": cls.unit_b.id,
                "employee_id": cls.emp_b.id,
                "model_summary": "Hồ sơ của đơn vị B.",
            }
        )
        Decision = env["kttv.emulation.decision"]
        cls.signed = Decision.create(
            {"date": "2027-01-15", "subject": "Công nhận (đã ký)", "phase_id": cls.phase.id, "number": "7/QĐ-T"}
        )
        cls.signed.write({"registration_ids": [Command.set(cls.reg_a.ids)], "state": "signed"})
        cls.draft = Decision.create({"date": "2027-01-16", "subject": "Dự thảo", "phase_id": cls.phase.id})
        cls.draft.write({"registration_ids": [Command.set(cls.reg_a.ids)]})
        UnitPlan = env["kttv.unit.plan"]
        cls.unit_plan_a = UnitPlan.create({"phase_id": cls.phase.id, "department_id": cls.unit_a.id})
        cls.unit_plan_b = UnitPlan.create({"phase_id": cls.phase.id, "department_id": cls.unit_b.id})
        cls.activity = env["kttv.replication.activity"].create(
            {"name": "Hội nghị", "kind": "exchange", "date": "2027-05-10", "organising_unit_id": cls.unit_a.id}
        )
        # The wizards of the issue: TCCB's uploaded history spreadsheet, and the others' wizards.
        cls.history_import = (
            env["kttv.history.import.wizard"].with_user(cls.user_officer).create({"filename": "xep-loai.xlsx"})
        )
        cls.registration_import = (
            env["kttv.registration.import.wizard"]
            .with_user(cls.user_unit_a)
            .create({"filename": "danh-sach.xlsx", "registering_unit_id": cls.unit_a.id})
        )
        cls.export = (
            env["kttv.xlsx.export.wizard"]
            .with_user(cls.user_officer)
            .create({"kind": "history", "department_id": cls.unit_a.id})
        )
        binaries = [
            (cls.reg_a, "achievement_report"),
            (cls.reg_a, "unit_minutes"),
            (cls.reg_b, "achievement_report"),
            (cls.reg_b, "unit_minutes"),
            (cls.council_session, "minutes"),
            (cls.other_session, "minutes"),
            (cls.signed, "document"),
            (cls.draft, "document"),
            (cls.unit_plan_a, "document"),
            (cls.unit_plan_b, "document"),
            (cls.plan, "document"),
            (cls.activity, "document"),
            (cls.history_import, "file"),
            (cls.history_import, "error_file"),
            (cls.registration_import, "file"),
            (cls.export, "file"),
        ]
        cls.files = {}
        for index, (record, field) in enumerate(binaries):
            content = png(index)
            # Written as the system would (su): a signed decision keeps its scan, a wizard its creator's file.
            record.sudo().write({field: base64.b64encode(content)})
            attachment = (
                env["ir.attachment"]
                .sudo()
                .search([("res_model", "=", record._name), ("res_id", "=", record.id), ("res_field", "=", field)])
            )
            cls.files[f"{record._name}/{record.id}/{field}"] = (record, field, attachment, content)
        # Files attached in the chatter of a registration (no field).
        for index, record in enumerate((cls.reg_a, cls.reg_b), start=len(binaries)):
            content = png(index)
            attachment = env["ir.attachment"].create(
                {"name": f"minh-chung-{index}.png", "raw": content, "res_model": record._name, "res_id": record.id}
            )
            cls.files[f"{record._name}/{record.id}/chatter"] = (record, None, attachment, content)
        for key, (_record, _field, attachment, _content) in cls.files.items():
            assert len(attachment) == 1, key
        env.flush_all()

    def readable(self, user, record):
        """Whether ``user`` reads ``record`` (its model's access rights and record rules)."""
        return record.with_user(user).has_access("read")

    def assertDesignCells(self):
        """The files each role reads, as DESIGN section 5 says, beside the rule of "as its record"."""
        expected = {
            "unit A": {
                f"kttv.exemplar.registration/{self.reg_a.id}/achievement_report",
                f"kttv.exemplar.registration/{self.reg_a.id}/unit_minutes",
                f"kttv.exemplar.registration/{self.reg_a.id}/chatter",
                f"kttv.emulation.decision/{self.signed.id}/document",
                f"kttv.unit.plan/{self.unit_plan_a.id}/document",
                f"kttv.exemplar.plan/{self.plan.id}/document",
                f"kttv.replication.activity/{self.activity.id}/document",
                f"kttv.registration.import.wizard/{self.registration_import.id}/file",
            },
            "unit B": {
                f"kttv.exemplar.registration/{self.reg_b.id}/achievement_report",
                f"kttv.exemplar.registration/{self.reg_b.id}/unit_minutes",
                f"kttv.exemplar.registration/{self.reg_b.id}/chatter",
                f"kttv.unit.plan/{self.unit_plan_b.id}/document",
                f"kttv.exemplar.plan/{self.plan.id}/document",
                f"kttv.replication.activity/{self.activity.id}/document",
            },
            "council": {
                f"kttv.exemplar.registration/{self.reg_a.id}/achievement_report",
                f"kttv.exemplar.registration/{self.reg_a.id}/unit_minutes",
                f"kttv.exemplar.registration/{self.reg_a.id}/chatter",
                f"kttv.council.session/{self.council_session.id}/minutes",
                f"kttv.emulation.decision/{self.signed.id}/document",
                f"kttv.exemplar.plan/{self.plan.id}/document",
                f"kttv.replication.activity/{self.activity.id}/document",
            },
            "employee": set(),
        }
        wizards = {key for key in self.files if "wizard" in key}
        officer_wizards = {
            f"kttv.history.import.wizard/{self.history_import.id}/file",
            f"kttv.history.import.wizard/{self.history_import.id}/error_file",
            f"kttv.xlsx.export.wizard/{self.export.id}/file",
        }
        expected["TCCB"] = (set(self.files) - wizards) | officer_wizards
        expected["Director General"] = set(self.files) - wizards
        for role, user in self.roles.items():
            readable = {key for key, (record, *_rest) in self.files.items() if self.readable(user, record)}
            self.assertEqual(readable, expected[role], f"{role} reads the records of DESIGN section 5")
        return expected

    def cases(self):
        """(role, user, key, attachment, content, allowed) for every file and role."""
        for role, user in self.roles.items():
            for key, (record, _field, attachment, content) in self.files.items():
                yield role, user, key, attachment, content, self.readable(user, record)


@tagged("post_install", "-at_install")
class TestFileAccess(KttvFilesCase):
    def test_the_files_follow_their_records_through_the_orm(self):
        expected = self.assertDesignCells()
        self.assertTrue(all(expected.values()) or expected["employee"] == set())
        for role, user, key, attachment, content, allowed in self.cases():
            Attachment = self.env["ir.attachment"].with_user(user)
            with self.subTest(role=role, file=key, allowed=allowed):
                field = attachment.res_field or False
                domain = [("res_model", "=", attachment.res_model), ("res_id", "=", attachment.res_id)]
                domain.append(("res_field", "=", field))
                self.env.invalidate_all()
                if not allowed:
                    self.assertFalse(Attachment.search(domain), "search")
                    self.assertFalse(Attachment.search_read([("id", "=", attachment.id)], ["raw"]), "search_read")
                    self.assertFalse(Attachment.search_count(domain), "search_count")
                    groups = Attachment.read_group(domain, ["res_model"], ["res_model"])
                    self.assertFalse(groups, "read_group")
                    self.assertFalse(Attachment._read_group(domain, ["res_id"], ["__count"]), "_read_group")
                    with self.assertRaises(AccessError):
                        Attachment.browse(attachment.id).read(["raw"])
                    self.env.invalidate_all()
                    with self.assertRaises(AccessError):
                        Attachment.browse(attachment.id).read(["name", "datas"])
                    self.env.invalidate_all()
                    with self.assertRaises(AccessError):
                        Attachment.browse(attachment.id).write({"name": "lấy cắp.png"})
                    with self.assertRaises(AccessError):
                        Attachment.browse(attachment.id).unlink()
                else:
                    self.assertEqual(Attachment.search(domain), attachment, "search")
                    self.assertEqual(base64.b64decode(Attachment.browse(attachment.id).datas), content)
                    groups = Attachment.read_group(domain, ["res_model"], ["res_model"])
                    self.assertEqual([group["res_model_count"] for group in groups], [1], "read_group")
                self.env.invalidate_all()
                # The same through the record's own field.
                record, field = self.files[key][:2]
                if field:
                    if allowed:
                        self.assertEqual(base64.b64decode(record.with_user(user)[field]), content)
                    else:
                        with self.assertRaises(AccessError):
                            record.with_user(user).read([field])
        self.assertTrue(attachment.sudo().exists(), "nobody deleted a file")

    def test_a_search_for_every_file_returns_only_the_readable_ones(self):
        ids = [attachment.id for _record, _field, attachment, _content in self.files.values()]
        for role, user in self.roles.items():
            with self.subTest(role=role):
                readable = {
                    attachment.id
                    for record, _field, attachment, _content in self.files.values()
                    if self.readable(user, record)
                }
                Attachment = self.env["ir.attachment"].with_user(user)
                self.env.invalidate_all()
                self.assertEqual(set(Attachment.search([("id", "in", ids)]).ids), readable)
                self.assertEqual({row["id"] for row in Attachment.search_read([("id", "in", ids)], ["name"])}, readable)
                by_model = Attachment.search([("res_model", "like", "kttv."), ("res_field", "!=", False)])
                self.assertEqual(set(by_model.ids) & set(ids), {i for i in readable if i in by_model.ids})
                self.assertFalse(set(by_model.ids) & (set(ids) - readable))

    def test_the_uploaded_history_spreadsheet_of_the_issue(self):
        """TCCB uploads every unit's ratings into the import wizard; a unit officer cannot download them."""
        wizard = self.env["kttv.history.import.wizard"].with_user(self.user_officer).create({})
        wizard.write({"file": base64.b64encode(b"PK\x03\x04 every unit's ratings"), "filename": "tat-ca.xlsx"})
        self.env.flush_all()
        self.env.invalidate_all()
        for user in (self.user_unit_a, self.user_unit_b, self.user_manager, self.user_employee):
            Attachment = self.env["ir.attachment"].with_user(user)
            with self.subTest(user=user.name):
                found = Attachment.search([("res_model", "=", wizard._name), ("res_field", "=", "file")])
                self.assertNotIn(wizard.id, found.mapped("res_id"))
                self.assertFalse(Attachment.search([("res_field", "=", "file"), ("res_id", "=", wizard.id)]))
                with self.assertRaises(AccessError):
                    wizard.with_user(user).read(["file"])

    def test_a_file_of_an_emulation_record_cannot_be_made_public(self):
        """A public attachment is readable by every user: the records' own access would not hold."""
        mine = self.files[f"kttv.exemplar.registration/{self.reg_a.id}/chatter"][2]
        for vals in ({"public": True}, {"public": True, "name": "công khai.png"}):
            with self.assertRaises(AccessError):
                mine.with_user(self.user_unit_a).write(vals)
        with self.assertRaises(AccessError):
            self.env["ir.attachment"].with_user(self.user_unit_a).create(
                {"name": "x.png", "raw": png(1), "res_model": self.reg_a._name, "res_id": self.reg_a.id, "public": True}
            )
        with self.assertRaises(AccessError):
            self.env["ir.attachment"].with_user(self.user_officer).create(
                {"name": "y.png", "raw": png(2), "res_model": self.history_import._name, "public": True}
            )
        # Re-homing a public file onto an emulation record is the same.
        public = (
            self.env["ir.attachment"]
            .with_user(self.user_unit_a)
            .create({"name": "z.png", "raw": png(3), "public": True})
        )
        with self.assertRaises(AccessError):
            public.with_user(self.user_unit_a).write({"res_model": self.reg_a._name, "res_id": self.reg_a.id})
        self.assertFalse(mine.public)
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            mine.with_user(self.user_unit_b).read(["raw"])


@tagged("post_install", "-at_install")
class TestFileRoutes(KttvFilesCase, HttpCase):
    """The web routes that serve files, tried by each role for each file."""

    def _get(self, url):
        response = self.url_open(url, allow_redirects=False)
        return response.status_code, response.content

    def test_every_route_serves_a_file_only_to_who_reads_its_record(self):
        self.assertDesignCells()
        served = refused = 0
        for role, user in self.roles.items():
            self.authenticate(user.login, user.login)
            for key, (record, field, attachment, content) in self.files.items():
                allowed = self.readable(user, record)
                routes = {
                    "content by id": f"/web/content/{attachment.id}",
                    "content by id, download": f"/web/content/{attachment.id}?download=true",
                    "image by id": f"/web/image/{attachment.id}",
                    "attachment's raw": f"/web/content/ir.attachment/{attachment.id}/raw",
                }
                if field:
                    routes["content by field"] = f"/web/content/{record._name}/{record.id}/{field}"
                    routes["content by field, download"] = f"/web/content/{record._name}/{record.id}/{field}?download=1"
                    routes["image by field"] = f"/web/image/{record._name}/{record.id}/{field}"
                for route, url in routes.items():
                    with self.subTest(role=role, file=key, route=route, allowed=allowed):
                        status, body = self._get(url)
                        if allowed:
                            self.assertEqual((status, body), (200, content))
                            served += 1
                        else:
                            # /web/image answers a placeholder image, the others an error: never the file.
                            self.assertNotEqual(body, content)
                            self.assertNotIn(content, body)
                            if route.startswith("image"):
                                self.assertIn(status, (200, 403, 404))
                            else:
                                self.assertIn(status, (403, 404))
                            refused += 1
        self.assertTrue(served and refused)
