from odoo import _, fields, models

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
    )

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
            Column(
                "employee",
                (_("Employee code"), "Employee code"),
                kind="code",
                note=_("The Employee code (số hiệu cán bộ) shown on the employee form. Empty for a collective."),
            ),
            Column(
                "department",
                (_("Collective (code or name)"), "Collective (code or name)"),
                note=_("The unit's code or its exact name. Empty for an individual."),
                width=32,
            ),
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

    def _row_key(self, values):
        return (values.get("employee"), xlsx_io.normalise(values.get("department")))

    def _resolve(self, rows):
        Resolver = self.env["kttv.subject.resolver"]
        employees = Resolver._employees_by_code({v["employee"] for _n, v in rows if v["employee"]})
        departments = Resolver._departments({v["department"] for _n, v in rows if v["department"]})
        titles = Resolver._titles({v["title"] for _n, v in rows if v["title"]})
        unit_tree = self.env["hr.department"].sudo().search([("id", "child_of", self.registering_unit_id.id)])
        labels = {column.key: column.labels[0] for column in self._columns()}
        existing = {
            (r.employee_id.id, r.department_id.id): r
            for r in self.env["kttv.exemplar.registration"]
            .sudo()
            .search([("phase_id", "=", self.phase_id.id), ("state", "!=", "cancelled")])
        }
        items, issues = [], []
        for number, values in rows:
            if values["target"] == "individual":
                subject = employees.get(values["employee"]) if values["employee"] else None
                if not subject:
                    issues.append(
                        self._issue(
                            number,
                            labels["employee"],
                            _("no employee has the code %(code)s", code=values["employee"] or ""),
                        )
                    )
                    continue
                unit = subject.department_id
            else:
                subject = departments.get(values["department"]) if values["department"] else False
                if subject is None:
                    issues.append(
                        self._issue(
                            number,
                            labels["department"],
                            _("%(name)s names several units: use its code", name=values["department"]),
                        )
                    )
                    continue
                if not subject:
                    issues.append(
                        self._issue(
                            number,
                            labels["department"],
                            _("no unit has the code or name %(name)s", name=values["department"] or ""),
                        )
                    )
                    continue
                unit = subject
            if unit not in unit_tree:
                issues.append(
                    self._issue(
                        number,
                        "",
                        _(
                            "%(subject)s does not belong to %(unit)s",
                            subject=subject.name,
                            unit=self.registering_unit_id.name,
                        ),
                    )
                )
                continue
            title = titles.get(values["title"]) if values["title"] else self.env["kttv.emulation.title"]
            if values["title"] and not title:
                issues.append(
                    self._issue(
                        number,
                        labels["title"],
                        _("no title or commendation is called %(title)s", title=values["title"]),
                    )
                )
                continue
            if title and not title._applies_to(values["target"]):
                issues.append(
                    self._issue(
                        number, labels["title"], _("%(title)s is not given to this kind of subject", title=title.name)
                    )
                )
                continue
            if values["scope"] == "specific" and not values["aspects"]:
                issues.append(
                    self._issue(number, labels["aspects"], _("say which aspects, for an exemplar on specific aspects"))
                )
                continue
            vals = {
                "employee_id": subject.id if values["target"] == "individual" else False,
                "department_id": subject.id if values["target"] == "collective" else False,
                "target": values["target"],
                "scope": values["scope"],
                "scope_aspects": values["aspects"] or False,
                "field_of_work": values["field"] or False,
                "title_id": title.id or False,
                "model_summary": values["summary"],
            }
            current = existing.get((vals["employee_id"], vals["department_id"]))
            if current and current.state != "draft" and not self._same(current, vals):
                issues.append(
                    self._issue(
                        number,
                        "",
                        _(
                            "%(subject)s is already registered and submitted: it cannot change here",
                            subject=subject.name,
                        ),
                    )
                )
                continue
            items.append((current, vals))
        return items, issues

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
