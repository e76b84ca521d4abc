import os

from lxml import etree

from odoo.modules.module import get_module_path
from odoo.tests import tagged
from odoo.tests.common import TransactionCase

DEMO_USERS = ["user_unit", "user_unit_du_bao", "user_officer", "user_council", "user_director", "user_employee"]
# The employee and unit pickers of the emulation's forms.
PICKERS = {
    "kttv.exemplar.registration": ["employee_id", "department_id", "registering_unit_id"],
    "kttv.achievement": ["employee_id", "department_id"],
    "kttv.annual.rating": ["employee_id", "department_id"],
    "kttv.unit.plan": ["department_id"],
}


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    """The demo is a guest in the database: it sets the addon's settings only."""

    def _demo_xml(self):
        path = os.path.join(get_module_path("kttv_emulation"), "demo", "kttv_emulation_demo.xml")
        return etree.parse(path)

    def test_the_demo_keeps_the_companys_name_address_and_currency(self):
        company = self.env.ref("base.main_company")
        self.assertTrue(self.env.ref("kttv_emulation.user_director", raise_if_not_found=False), "demo data loaded")
        self.assertEqual(company.kttv_director_id, self.env.ref("kttv_emulation.user_director"))
        # Odoo's base data gives the company US dollars; neither hr nor this demo changes them.
        self.assertEqual(company.currency_id, self.env.ref("base.USD"))
        self.assertNotEqual(company.name, "Tổng cục Khí tượng Thủy văn")
        self.assertNotEqual(company.country_id, self.env.ref("base.vn"))
        written = {
            field.get("name")
            for record in self._demo_xml().iter("record")
            if record.get("model") == "res.company"
            for field in record.iter("field")
        }
        self.assertTrue(written)
        self.assertEqual(sorted(name for name in written if not name.startswith("kttv_")), [])

    def test_no_hr_demo_person_or_department_in_the_pickers(self):
        hr_data = self.env["ir.model.data"].search(
            [("module", "=", "hr"), ("model", "in", ("hr.employee", "hr.department"))]
        )
        hr_records = {(entry.model, entry.res_id) for entry in hr_data}
        self.assertTrue(
            self.env["ir.module.module"].search_count([("name", "=", "hr"), ("demo", "=", True)]),
            "hr's demo is loaded in this database",
        )
        self.assertGreater(len(hr_records), 20, "hr's demo people and departments exist (archived)")
        for xmlid in DEMO_USERS:
            user = self.env.ref(f"kttv_emulation.{xmlid}")
            for model, field_names in PICKERS.items():
                Model = self.env[model].with_user(user)
                for name in field_names:
                    field = Model._fields[name]
                    domain = field.domain if isinstance(field.domain, list) else []
                    offered = Model.env[field.comodel_name].name_search("", domain, limit=None)
                    with self.subTest(user=xmlid, field=f"{model}.{name}"):
                        self.assertFalse(
                            [label for rid, label in offered if (field.comodel_name, rid) in hr_records],
                            "Odoo's HR demo records offered",
                        )
        # What the pickers do offer: the demo's own people and units.
        officer = self.env.ref("kttv_emulation.user_officer")
        names = [label for _id, label in self.env["hr.employee"].with_user(officer).name_search("", limit=None)]
        self.assertIn(self.env.ref("kttv_emulation.emp_director").name, names)

    def test_without_hr_demo_nothing_is_archived(self):
        hr = self.env["ir.module.module"].search([("name", "=", "hr")])
        employee = self.env["hr.employee"].create({"name": "Nguyễn Thị Hoa"})
        self.env["ir.model.data"].create(
            {"module": "hr", "name": "kttv_test_employee", "model": "hr.employee", "res_id": employee.id}
        )
        hr.demo = False
        self.env["kttv.demo"]._archive_hr_demo()
        self.assertTrue(employee.active)
        hr.demo = True
        self.env["kttv.demo"]._archive_hr_demo()
        self.assertFalse(employee.active)
