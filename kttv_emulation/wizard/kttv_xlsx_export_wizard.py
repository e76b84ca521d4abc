import base64
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..lib import xlsx_io
from ..lib.criteria import RECOGNISED_STATES


class KttvXlsxExportWizard(models.TransientModel):
    """The lists the Ministry and TCCB ask for, as Excel workbooks."""

    _name = "kttv.xlsx.export.wizard"
    _description = "Export to Excel"

    kind = fields.Selection(
        [
            ("registrations", "Consolidated registration list of a phase"),
            ("statistics", "Statistics by unit, phase, target and title"),
            ("history", "History of a unit"),
        ],
        required=True,
        default="registrations",
    )
    phase_id = fields.Many2one("kttv.exemplar.phase", default=lambda self: self.env["kttv.exemplar.phase"]._current())
    department_id = fields.Many2one(
        "hr.department", string="Unit", default=lambda self: self.env.user.kttv_unit_ids[:1]
    )
    year_from = fields.Integer(default=lambda self: fields.Date.context_today(self).year - 5)
    year_to = fields.Integer(default=lambda self: fields.Date.context_today(self).year)
    file = fields.Binary(readonly=True)
    filename = fields.Char()

    def action_export(self):
        self.ensure_one()
        builder = {
            "registrations": self._registrations,
            "statistics": self._statistics,
            "history": self._history,
        }[self.kind]
        name, content = builder()
        self.write({"file": base64.b64encode(content), "filename": f"{name}.xlsx"})
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/file/{self.filename}?download=true",
            "target": "self",
        }

    @api.model
    def _labels(self, model, field):
        return dict(self.env[model]._fields[field]._description_selection(self.env))

    def _registrations(self):
        """One row per exemplar, grouped by unit, with the columns of the Ministry's list."""
        if not self.phase_id:
            raise UserError(_("Choose the phase to export."))
        Registration = self.env["kttv.exemplar.registration"]
        registrations = Registration.search(
            [("phase_id", "=", self.phase_id.id), ("state", "!=", "cancelled")],
            order="registering_unit_id, target, id",
        )
        return _("Registrations %(phase)s", phase=self.phase_id.name), self._registration_rows(registrations)

    def _registration_rows(self, registrations):
        targets = self._labels("kttv.exemplar.registration", "target")
        scopes = self._labels("kttv.exemplar.registration", "scope")
        states = self._labels("kttv.exemplar.registration", "state")
        jobs = {e.id: e.job_title for e in registrations.employee_id.sudo()}
        decisions = defaultdict(str)
        for decision in registrations.decision_ids.filtered(lambda d: d.state == "signed"):
            for registration in decision.registration_ids:
                decisions[registration.id] = decision.number
        headers = [
            _("No."), _("Unit"), _("Collective or individual"), _("Position"), _("Target"), _("Scope"),
            _("Field of work"), _("Model or initiative"), _("Recognition proposed"), _("Status"),
            _("Recognition decision"),
        ]  # fmt: skip
        rows, group_rows, unit = [], [], None
        for number, registration in enumerate(registrations, start=1):
            if registration.registering_unit_id != unit:
                unit = registration.registering_unit_id
                group_rows.append(len(rows))
                rows.append(["", unit.name] + [""] * (len(headers) - 2))
            scope = scopes.get(registration.scope, "")
            if registration.scope_aspects:
                scope = f"{scope}: {registration.scope_aspects}"
            rows.append(
                [
                    number,
                    unit.name,
                    registration._subject().name,
                    jobs.get(registration.employee_id.id) or "",
                    targets.get(registration.target, ""),
                    scope,
                    registration.field_of_work or "",
                    registration.model_summary or "",
                    registration.title_id.name or "",
                    states.get(registration.state, ""),
                    decisions[registration.id],
                ]
            )
        widths = [6, 34, 30, 22, 10, 24, 18, 60, 26, 22, 20]
        return xlsx_io.write_table(_("Registrations"), headers, rows, widths, group_rows)

    def _statistics(self):
        """Counts by unit, phase, target and title, in one grouped query.

        Cancelled registrations are left out, as in the registration list.
        """
        domain = [("state", "!=", "cancelled")]
        if self.phase_id:
            domain.append(("phase_id", "=", self.phase_id.id))
        groups = self.env["kttv.exemplar.registration"]._read_group(
            domain, ["registering_unit_id", "phase_id", "target", "title_id", "state"], ["__count"]
        )
        table = defaultdict(lambda: [0, 0, 0, 0])
        for unit, phase, target, title, state, count in groups:
            key = (unit.name or "", phase.name or "", target, title.name or "")
            table[key][0] += count
            table[key][1] += count if state in RECOGNISED_STATES else 0
            table[key][2] += count if state in ("ministry_proposed", "ministry_recognized") else 0
            table[key][3] += count if state == "ministry_recognized" else 0
        targets = self._labels("kttv.exemplar.registration", "target")
        headers = [
            _("Unit"), _("Phase"), _("Target"), _("Recognition proposed"), _("Registered"), _("Recognised"),
            _("Proposed to the Ministry"), _("Recognised by the Ministry"),
        ]  # fmt: skip
        rows = [
            [unit, phase, targets.get(target, ""), title, *counts]
            for (unit, phase, target, title), counts in sorted(table.items())
        ]
        return _("Statistics"), xlsx_io.write_table(_("Statistics"), headers, rows, [34, 26, 12, 28, 12, 12, 14, 14])

    def _rows(self, model, domain, fields):
        """Plain tuples, one query, record rules applied: exports read thousands of rows.

        Archived records are included: a unit's history keeps its former staff.
        """
        Model = self.env[model].with_context(active_test=False)
        Model.flush_model(fields)
        columns = [SQL.identifier(Model._table, name) for name in fields]
        return self.env.execute_query(Model._search(domain).select(*columns))

    def _history(self):
        """Every rating and title of the unit and its staff, year by year."""
        if not self.department_id:
            raise UserError(_("Choose the unit whose history to export."))
        # Archived sub-units and former staff are part of the unit's history.
        units = (
            self.env["hr.department"]
            .with_context(active_test=False)
            .search([("id", "child_of", self.department_id.id)])
        )
        domain = [("year", ">=", self.year_from), ("year", "<=", self.year_to), ("unit_id", "in", units.ids)]
        ratings = self._rows("kttv.annual.rating", domain, ["employee_id", "department_id", "year", "rating"])
        achievements = self._rows(
            "kttv.achievement", domain, ["employee_id", "department_id", "year", "title_id", "decision_number"]
        )
        labels = self._labels("kttv.annual.rating", "rating")
        employee_ids = {row[0] for row in ratings + achievements if row[0]}
        employee_rows = self._rows(
            "hr.employee", [("id", "in", list(employee_ids))], ["id", "kttv_code", "name", "department_id"]
        )
        employees = {row[0]: row[1:] for row in employee_rows}
        department_ids = {row[1] for row in ratings + achievements if row[1]} | {
            e[2] for e in employees.values() if e[2]
        }
        departments = {
            d.id: (d.kttv_code or "", d.name) for d in self.env["hr.department"].sudo().browse(department_ids)
        }
        titles = {
            title.id: title.name
            for title in self.env["kttv.emulation.title"]
            .with_context(active_test=False)
            .browse({row[3] for row in achievements})
        }
        table = defaultdict(lambda: ["", [], []])
        for employee, department, year, rating in ratings:
            table[employee or False, department or False, year][0] = labels.get(rating, "")
        for employee, department, year, title, number in achievements:
            row = table[employee or False, department or False, year]
            row[1].append(titles[title])
            if number:
                row[2].append(number)

        def line(key, values):
            employee, department, year = key
            if employee:
                code, name, unit = employees[employee]
                unit_name = departments.get(unit, ("", ""))[1]
            else:
                code, name = departments[department]
                unit_name = name
            return [code or "", name, unit_name, year, values[0], "; ".join(values[1]), "; ".join(values[2])]

        rows = sorted((line(key, values) for key, values in table.items()), key=lambda row: (row[1], row[3]))
        headers = [_("Employee code"), _("Collective or individual"), _("Unit"), _("Year"), _("Rating"),
                   _("Titles and commendations"), _("Decisions")]  # fmt: skip
        return (
            _("History %(unit)s", unit=self.department_id.name),
            xlsx_io.write_table(_("History"), headers, rows, [14, 30, 30, 8, 28, 40, 30]),
        )
