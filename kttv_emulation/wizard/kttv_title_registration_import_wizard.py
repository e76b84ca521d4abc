from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..lib import xlsx_io
from ..lib.xlsx_io import Column


class KttvTitleRegistrationImportWizard(models.TransientModel):
    """A unit's registration of the year (đăng ký thi đua) from its spreadsheet: one row per subject and title."""

    _name = "kttv.title.registration.import.wizard"
    _inherit = ["kttv.year.import.mixin"]
    _description = "Import a registration of the year"

    department_id = fields.Many2one(
        "hr.department",
        string="Unit",
        required=True,
        default=lambda self: self.env.user.kttv_unit_ids[:1],
        domain=lambda self: self.env["kttv.registration.import.wizard"]._registering_unit_domain(),
        help="The unit whose registration this is: one of your units (any unit for TCCB officers).",
    )
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)

    def _columns(self):
        return (
            self._person_column(),
            self._collective_column(_("The unit's code or its exact name. Empty for an individual.")),
            Column(
                "title",
                (_("Title registered"), "Title registered"),
                required=True,
                note=_("Code or name of the emulation title, as in the list."),
                width=34,
            ),
            Column("note", (_("Note"), "Note"), width=30),
        )

    def _template_name(self):
        return _("Registration of the year")

    def _window_title(self):
        return _("Import a registration of the year")

    def _template_example(self):
        return {"employee": "KT0001", "title": "Chiến sĩ thi đua cơ sở"}

    def _choice_lists(self):
        titles = self.env["kttv.emulation.title"].search([("kind", "=", "title")]).mapped("name")
        return {"title": titles}

    def _check_unit(self):
        """A unit officer imports the registrations of their own units only."""
        my_units = self.env["kttv.subject.resolver"]._my_units()
        if my_units is not None and self.department_id not in my_units:
            raise UserError(
                _(
                    "%(unit)s is not one of your units: you can import the registrations of your own units only.",
                    unit=self.department_id.name,
                )
            )

    def _registration(self):
        """The unit's registration of the year, if any; refused when it can no longer change."""
        registration = (
            self.env["kttv.title.registration"]
            .sudo()
            .search([("department_id", "=", self.department_id.id), ("year", "=", self.year)], limit=1)
        )
        if registration and registration.state != "draft":
            raise UserError(
                _(
                    "The registration of %(unit)s for %(year)s is %(state)s: its lines change only while it is a "
                    "draft (TCCB returns it to the unit first).",
                    unit=self.department_id.name,
                    year=self.year,
                    state=registration._kttv_state_label(),
                )
            )
        return registration

    def _resolve(self, rows):
        self._check_unit()
        registration = self._registration()
        Resolver = self.env["kttv.subject.resolver"]
        refs = {
            "people": Resolver._employees_by_code_or_name({v["employee"] for _n, v in rows if v["employee"]}),
            "departments": Resolver._departments({v["department"] for _n, v in rows if v["department"]}),
            "titles": Resolver._titles({v["title"] for _n, v in rows if v["title"]}),
            "unit_tree": self.env["hr.department"]
            .sudo()
            .with_context(active_test=False)
            .search([("id", "child_of", self.department_id.id)]),
            "labels": self._labels(),
        }
        registered = {
            (line.employee_id.id, line.department_id.id, line.title_id.id) for line in registration.sudo().line_ids
        }
        seen = {}
        items, issues = [], []
        for number, values in rows:
            subject, issue = self._row_subject(number, values, refs)
            title = None
            if not issue:
                issue = self._row_check_unit(number, values, subject, refs)
            if not issue:
                title, issue = self._row_title(number, values, subject, refs)
            if not issue:
                column = f"{self._subject_column(values, refs)}, {refs['labels']['title']}"
                issue = xlsx_io.repeated(seen, (subject._name, subject.id, title.id), number, column)
            if issue:
                issues.append(issue)
                continue
            employee = subject.id if subject._name == "hr.employee" else False
            department = subject.id if subject._name == "hr.department" else False
            if (employee or False, department or False, title.id) in registered:
                items.append(None)  # already registered: unchanged
                continue
            items.append(
                {"employee_id": employee, "department_id": department, "title_id": title.id, "note": values["note"]}
            )
        return (registration, items), issues

    def _row_check_unit(self, number, values, subject, refs):
        if self._subject_unit(subject) not in refs["unit_tree"]:
            return self._issue(
                number,
                self._subject_column(values, refs),
                _("%(subject)s does not belong to %(unit)s", subject=subject.name, unit=self.department_id.name),
            )
        return None

    def _row_title(self, number, values, subject, refs):
        label = refs["labels"]["title"]
        title = refs["titles"].get(values["title"])
        if not title or title.kind != "title":
            return None, self._issue(number, label, _("no emulation title is called %(title)s", title=values["title"]))
        target = "individual" if subject._name == "hr.employee" else "collective"
        if not title._applies_to(target):
            return None, self._issue(
                number, label, _("%(title)s is not given to this kind of subject", title=title.name)
            )
        return title, None

    @api.model
    def _result(self, rows, created, unchanged):
        return _(
            "Imported %(rows)s rows: %(created)s titles registered, %(unchanged)s already registered.",
            rows=rows,
            created=created,
            unchanged=unchanged,
        )

    def _apply(self, plan):
        """The lines, on the unit's registration of the year (a draft created if there is none), as the user."""
        registration, items = plan
        lines = [vals for vals in items if vals]
        if lines:
            if not registration:
                registration = self.env["kttv.title.registration"].create(
                    {"department_id": self.department_id.id, "year": self.year}
                )
            self.env["kttv.title.registration.line"].create(
                [{**vals, "registration_id": registration.id} for vals in lines]
            )
        return self._result(len(items), len(lines), len(items) - len(lines))
