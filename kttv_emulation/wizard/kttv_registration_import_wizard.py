from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..lib import xlsx_io
from ..lib.xlsx_io import Column


class KttvRegistrationImportWizard(models.TransientModel):
    """A unit's list of registered exemplars for a phase, from its spreadsheet."""

    _name = "kttv.registration.import.wizard"
    _inherit = ["kttv.xlsx.import.mixin"]
    _description = "Import a registration list"

    phase_id = fields.Many2one(
        "kttv.exemplar.phase", required=True, default=lambda self: self.env["kttv.exemplar.phase"]._current()
    )
    registering_unit_id = fields.Many2one(
        "hr.department",
        string="Registering unit",
        required=True,
        default=lambda self: self.env.user.kttv_unit_ids[:1],
        domain=lambda self: self._registering_unit_domain(),
        help="The unit whose list this is: one of your units (any unit for TCCB officers).",
    )

    @api.model
    def _registering_unit_domain(self):
        if self.env["kttv.subject.resolver"]._my_units() is None:
            return []
        return [("id", "child_of", self.env.user.kttv_unit_ids.ids)]

    def _columns(self):
        return (
            Column(
                "target",
                (_("Target"), "Target"),
                kind="choice",
                required=True,
                choices=self._choice(("kttv.exemplar.registration", "target")),
                width=12,
            ),
            self._employee_code_column(),
            self._collective_column(_("The unit's code or its exact name. Empty for an individual.")),
            Column(
                "scope",
                (_("Scope"), "Scope"),
                kind="choice",
                required=True,
                choices=self._choice(("kttv.exemplar.registration", "scope")),
                width=22,
            ),
            Column("aspects", (_("Aspects"), "Aspects"), note=_("For an exemplar on specific aspects: which ones.")),
            Column("field", (_("Field of work"), "Field of work")),
            Column("title", (_("Recognition proposed"), "Recognition proposed"), width=30),
            Column("summary", (_("Model or initiative"), "Model or initiative"), required=True, width=60),
        )

    def _template_name(self):
        return _("Registration list")

    def _window_title(self):
        return _("Import a registration list")

    def _template_example(self):
        Registration = self.env["kttv.exemplar.registration"]
        targets = dict(Registration._fields["target"]._description_selection(self.env))
        scopes = dict(Registration._fields["scope"]._description_selection(self.env))
        return {
            "target": targets["individual"],
            "employee": "KT0001",
            "scope": scopes["comprehensive"],
            "field": "Dự báo",
            "title": "Chiến sĩ thi đua cơ sở",
            "summary": "Mô hình dự báo mưa lớn bằng tổ hợp số liệu ra đa và vệ tinh.",
        }

    def _choice_lists(self):
        Registration = self.env["kttv.exemplar.registration"]
        # The whole (small) title catalog becomes the drop-down list of the template.
        titles = self.env["kttv.emulation.title"].search([]).mapped("name")  # pylint: disable=no-search-all
        return {
            "target": [label for _k, label in Registration._fields["target"]._description_selection(self.env)],
            "scope": [label for _k, label in Registration._fields["scope"]._description_selection(self.env)],
            "title": titles,
        }

    def _check_registering_unit(self):
        """A unit officer imports the lists of their own units only: the records are theirs to write."""
        my_units = self.env["kttv.subject.resolver"]._my_units()
        if my_units is not None and self.registering_unit_id not in my_units:
            raise UserError(
                _(
                    "%(unit)s is not one of your units: you can import the registration lists of your own units "
                    "only. Choose one of them as the registering unit.",
                    unit=self.registering_unit_id.name,
                )
            )

    def _existing(self, employees, departments):
        """The phase's registrations of these subjects: those the user may change, and the others.

        The user's own are read with the user's rights, so record rules
        decide what an import may update. The others are only looked up
        (as the model's duplicate check does) to say a row cannot be imported.
        """
        Registration = self.env["kttv.exemplar.registration"]
        domain = [
            ("phase_id", "=", self.phase_id.id),
            ("state", "!=", "cancelled"),
            "|",
            ("employee_id", "in", employees.ids),
            ("department_id", "in", departments.ids),
        ]
        mine = {(r.employee_id.id, r.department_id.id): r for r in Registration.search(domain)}
        others = {
            (r.employee_id.id, r.department_id.id)
            for r in Registration.sudo().search_fetch(
                [*domain, ("id", "not in", list({r.id for r in mine.values()}))], ["employee_id", "department_id"]
            )
        }
        return mine, others

    def _resolve(self, rows):
        self._check_registering_unit()
        Resolver = self.env["kttv.subject.resolver"]
        employees = Resolver._employees_by_code({v["employee"] for _n, v in rows if v["employee"]})
        departments = Resolver._departments({v["department"] for _n, v in rows if v["department"]})
        existing, others = self._existing(
            self.env["hr.employee"].union(*employees.values()),
            self.env["hr.department"].union(*(d for d in departments.values() if d)),
        )
        refs = {
            "employees": employees,
            "departments": departments,
            "titles": Resolver._titles({v["title"] for _n, v in rows if v["title"]}),
            "unit_tree": self.env["hr.department"].sudo().search([("id", "child_of", self.registering_unit_id.id)]),
            "labels": self._labels(),
        }
        seen = {}  # resolved subject: first row
        items, issues = [], []
        for number, values in rows:
            subject, issue = self._row_subject(number, values, refs)
            # The column that names the row's subject, for the problems about it.
            column = refs["labels"]["employee" if values["target"] == "individual" else "department"]
            issue = issue or xlsx_io.repeated(seen, (subject._name, subject.id), number, column)
            vals = None
            if not issue:
                vals, issue = self._row_vals(number, values, subject, refs)
            key = vals and (vals["employee_id"], vals["department_id"])
            if not issue and key in others:
                issue = self._issue(
                    number,
                    column,
                    _("%(subject)s is already registered in this phase by another unit", subject=subject.name),
                )
            current = existing.get(key) if not issue else None
            if current and current.state != "draft" and not self._same(current, vals):
                issue = self._issue(
                    number,
                    column,
                    _("%(subject)s is already registered and submitted: it cannot change here", subject=subject.name),
                )
            if issue:
                issues.append(issue)
            else:
                items.append((current, vals))
        return items, issues

    def _row_subject(self, number, values, refs):
        """The row's employee or collective: ``(subject, None)`` or ``(None, issue)``."""
        if values["target"] == "individual":
            return self._find_employee(number, values["employee"], refs)
        return self._find_department(number, values["department"], refs)

    def _row_vals(self, number, values, subject, refs):
        """The registration a row describes: ``(vals, None)`` or ``(None, issue)``."""
        labels = refs["labels"]
        if self._subject_unit(subject) not in refs["unit_tree"]:
            return None, self._issue(
                number,
                labels["employee" if values["target"] == "individual" else "department"],
                _("%(subject)s does not belong to %(unit)s", subject=subject.name, unit=self.registering_unit_id.name),
            )
        title = refs["titles"].get(values["title"]) if values["title"] else self.env["kttv.emulation.title"]
        if values["title"] and not title:
            return None, self._issue(
                number, labels["title"], _("no title or commendation is called %(title)s", title=values["title"])
            )
        if title and not title._applies_to(values["target"]):
            return None, self._issue(
                number, labels["title"], _("%(title)s is not given to this kind of subject", title=title.name)
            )
        if values["scope"] == "specific" and not values["aspects"]:
            return None, self._issue(
                number, labels["aspects"], _("say which aspects, for an exemplar on specific aspects")
            )
        return {
            "employee_id": subject.id if values["target"] == "individual" else False,
            "department_id": subject.id if values["target"] == "collective" else False,
            "target": values["target"],
            "scope": values["scope"],
            "scope_aspects": values["aspects"] or False,
            "field_of_work": values["field"] or False,
            "title_id": title.id or False,
            "model_summary": values["summary"],
        }, None

    def _same(self, registration, vals):
        return all(
            (registration[name].id if registration._fields[name].type == "many2one" else registration[name]) == value
            for name, value in vals.items()
        )

    def _apply(self, items):
        Registration = self.env["kttv.exemplar.registration"]
        create = [
            {**vals, "phase_id": self.phase_id.id, "registering_unit_id": self.registering_unit_id.id}
            for current, vals in items
            if not current
        ]
        updated = 0
        for current, vals in items:
            if current and not self._same(current, vals):
                current.write(vals)
                updated += 1
        Registration.create(create)
        return _(
            "Imported %(rows)s rows: %(created)s registrations created, %(updated)s updated, %(unchanged)s already "
            "up to date.",
            rows=len(items),
            created=len(create),
            updated=updated,
            unchanged=len(items) - len(create) - updated,
        )
