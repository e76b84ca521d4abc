from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tests.common import new_test_user

from .common import COUNCIL
from .test_registration_workflow import KttvWorkflowCase

STRUCTURE = ("parent_id", "kttv_code", "kttv_is_unit", "manager_id", "company_id", "active")


@tagged("post_install", "-at_install")
class TestDepartmentStructure(KttvWorkflowCase):
    """Only HR and TCCB officers change what the emulation rules follow (DESIGN section 5).

    Odoo's hr lets every internal user write hr.department; the record rules
    follow the department tree, so a unit officer could otherwise widen their
    own reach, rename a unit's code the imports match on, or take a unit out
    of the unit plans and the review figures.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_hr = new_test_user(cls.env, "kttv_t_hr", groups="hr.group_hr_user", name="Cán bộ nhân sự")
        cls.user_council_only = new_test_user(cls.env, "kttv_t_council_only", groups=COUNCIL, name="Ủy viên")
        cls.unit_b.write({"kttv_code": "T-DB", "kttv_is_unit": True})
        # A department without staff: setting its manager moves nobody (hr
        # re-parents the staff of a department whose manager changes).
        cls.empty = cls.env["hr.department"].create({"name": "Phòng trống", "parent_id": cls.root.id})
        cls.manager_emp = cls.env["hr.employee"].create({"name": "Đỗ Văn Quản", "department_id": cls.root.id})
        cls.refused = {
            "unit officer": cls.user_unit_a,
            "council member": cls.user_council_only,
            "employee": cls.user_employee,
        }
        cls.allowed = {
            "TCCB officer": cls.user_officer,
            "Director General": cls.user_manager,  # the manager group implies the TCCB officer's
            "HR officer": cls.user_hr,
        }

    def _changes(self, department):
        """A new value for each structure field of ``department``."""
        return {
            "parent_id": self.unit_a.id,
            "kttv_code": "T-XX",
            "kttv_is_unit": not department.kttv_is_unit,
            "manager_id": self.manager_emp.id,
            "company_id": self.env.company.id,
            "active": False,
        }

    def _snapshot(self, department):
        department.invalidate_recordset()
        return {name: department.with_context(active_test=False)[name] for name in STRUCTURE}

    def test_each_structure_field_is_refused_to_every_other_role_with_the_fields_named(self):
        labels = {name: self.env["hr.department"]._fields[name].string for name in STRUCTURE}
        for role, user in self.refused.items():
            for name, value in self._changes(self.unit_b).items():
                with self.subTest(role=role, field=name):
                    before = self._snapshot(self.unit_b)
                    with self.assertRaises(AccessError) as error:
                        self.unit_b.with_user(user).write({name: value})
                    self.assertIn(labels[name], str(error.exception))
                    self.assertIn(self.unit_b.display_name, str(error.exception))
                    self.assertEqual(self._snapshot(self.unit_b), before)
            with self.subTest(role=role, fields="all at once"), self.assertRaises(AccessError) as error:
                self.unit_b.with_user(user).write(self._changes(self.unit_b))
            self.assertTrue(all(label in str(error.exception) for label in labels.values()))

    def test_archive_unarchive_and_delete_are_refused_to_every_other_role(self):
        self.empty.active = False
        for role, user in self.refused.items():
            for name, call in (
                ("action_archive", lambda u: self.unit_b.with_user(u).action_archive()),
                ("toggle_active", lambda u: self.unit_b.with_user(u).toggle_active()),
                ("action_unarchive", lambda u: self.empty.with_user(u).action_unarchive()),
                ("unlink", lambda u: self.unit_b.with_user(u).unlink()),
            ):
                with self.subTest(role=role, call=name), self.assertRaises(AccessError):
                    call(user)
        self.assertTrue(self.unit_b.active)
        self.assertFalse(self.empty.active)

    def test_the_tree_cannot_be_changed_through_the_children_either(self):
        for role, user in self.refused.items():
            for command in (Command.link(self.unit_b.id), Command.unlink(self.unit_a_child.id), Command.clear()):
                with self.subTest(role=role, command=command[0]), self.assertRaises(AccessError):
                    self.unit_a.with_user(user).write({"child_ids": [command]})
        self.assertEqual(self.unit_b.parent_id, self.root)
        self.assertEqual(self.unit_a_child.parent_id, self.unit_a)

    def test_a_unit_officer_cannot_widen_their_reach(self):
        """The attack of the issue: A makes B a child of A, then reads B's registrations."""
        theirs = self._register(self.user_officer, employee_id=self.emp_b.id, registering_unit_id=self.unit_b.id)
        Registration = self.env["kttv.exemplar.registration"].with_user(self.user_unit_a)
        self.assertFalse(Registration.search([("id", "=", theirs.id)]))
        with self.assertRaises(AccessError):
            self.unit_b.with_user(self.user_unit_a).write({"parent_id": self.unit_a.id})
        self.assertEqual(self.unit_b.parent_id, self.root)
        self.env.registry.clear_cache()
        self.assertFalse(Registration.search([("id", "=", theirs.id)]))
        with self.assertRaises(AccessError):
            theirs.with_user(self.user_unit_a).read(["name"])
        # Nor can A take B's code (the imports match on it) or drop B from the unit plans.
        for vals in ({"kttv_code": "T-DA2"}, {"kttv_is_unit": False}):
            with self.assertRaises(AccessError):
                self.unit_b.with_user(self.user_unit_a).write(vals)
        self.assertEqual((self.unit_b.kttv_code, self.unit_b.kttv_is_unit), ("T-DB", True))

    def test_hr_and_tccb_officers_change_the_structure(self):
        for role, user in self.allowed.items():
            with self.subTest(role=role):
                department = self.env["hr.department"].create({"name": f"Phòng của {role}", "parent_id": self.root.id})
                department.with_user(user).write(
                    {"parent_id": self.unit_a.id, "kttv_code": f"T-{user.id}", "kttv_is_unit": True}
                )
                self.empty.with_user(user).write({"manager_id": self.manager_emp.id, "company_id": self.env.company.id})
                self.assertEqual(self.empty.manager_id, self.manager_emp)
                self.empty.with_user(user).write({"manager_id": False})
                department.with_user(user).action_archive()
                self.assertFalse(department.active)
                department.with_user(user).action_unarchive()
                self.assertEqual(
                    (department.parent_id, department.kttv_code, department.kttv_is_unit, department.active),
                    (self.unit_a, f"T-{user.id}", True, True),
                )
        # Deleting is hr's own right (its access rights): HR officers delete.
        self.empty.with_user(self.user_hr).unlink()
        self.assertFalse(self.empty.exists())

    def test_everyone_keeps_the_rights_hr_gives_on_the_other_fields(self):
        for role, user in {**self.refused, **self.allowed}.items():
            with self.subTest(role=role):
                self.unit_b.with_user(user).write({"note": f"Ghi chú của {role}", "color": 3})
                self.assertEqual(self.unit_b.note, f"Ghi chú của {role}")
                self.assertTrue(self.unit_b.with_user(user).read(["name", "parent_id", "kttv_code"]))
        self.unit_b.with_user(self.user_employee).write({"name": "Đài Khí tượng Thủy văn B (mới)"})
        self.assertEqual(self.unit_b.name, "Đài Khí tượng Thủy văn B (mới)")
        # Creating departments stays hr's: refused to the others as before.
        with self.assertRaises(AccessError):
            self.env["hr.department"].with_user(self.user_unit_a).create({"name": "Phòng mới"})
        self.env["hr.department"].with_user(self.user_hr).create({"name": "Phòng mới", "parent_id": self.unit_b.id})

    def test_the_refusal_is_in_vietnamese(self):
        user = self.user_unit_a.with_context(lang="vi_VN")
        with self.assertRaises(AccessError) as error:
            self.unit_b.with_user(user).with_context(lang="vi_VN").write({"kttv_code": "X", "parent_id": False})
        self.assertIn("Chỉ cán bộ nhân sự và chuyên viên tổ chức cán bộ", str(error.exception))
        self.assertIn("Mã đơn vị", str(error.exception))
