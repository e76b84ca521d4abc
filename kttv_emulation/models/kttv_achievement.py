from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..lib import streaks

# Decree 152/2025 art. 4 and Law 06/2022 art. 8: the kinds of award. Only
# awards for merit (theo công trạng và thành tích) count for the rules that read
# consecutive years; the others are recorded, never counted.
AWARD_KINDS = [
    ("merit", "For merit and achievements"),
    ("thematic", "By campaign or theme"),
    ("ad_hoc", "Ad hoc"),
    ("long_service", "For long service"),
    ("foreign", "Foreign relations"),
]


class KttvAchievement(models.Model):
    """A title or commendation a subject obtained (thành tích)."""

    _name = "kttv.achievement"
    _inherit = ["kttv.subject.mixin"]
    _description = "Achievement"
    _order = "year desc, title_rank desc, id desc"

    year = fields.Integer(required=True, index=True, aggregator=None)
    title_id = fields.Many2one("kttv.emulation.title", string="Title", required=True, index=True, ondelete="restrict")
    # Precomputed: a decision writes hundreds at once, in the INSERT rather than UPDATEs after it.
    kind = fields.Selection(related="title_id.kind", store=True, precompute=True)
    level = fields.Selection(related="title_id.level", store=True, precompute=True)
    title_rank = fields.Integer(related="title_id.rank", store=True, precompute=True, string="Title rank")
    decision_number = fields.Char(help="Number and symbol of the decision, e.g. 123/QĐ-TCKTTV.")
    decision_date = fields.Date()
    authority = fields.Char(
        "Issuing authority",
        help="Who signed the decision, e.g. Cục trưởng Cục Khí tượng Thủy văn.",
    )
    source = fields.Selection(
        [("manual", "Entered by hand"), ("import", "Imported"), ("decision", "Decision in this system")],
        required=True,
        default="manual",
        readonly=True,
    )
    award_kind = fields.Selection(
        AWARD_KINDS,
        "Kind of award",
        required=True,
        default="merit",
        help="Only awards for merit count for the rules on consecutive years (Decree 152/2025 art. 4).",
    )
    note = fields.Char()
    decision_id = fields.Many2one("kttv.emulation.decision", index=True, ondelete="restrict", readonly=True)
    registration_id = fields.Many2one("kttv.exemplar.registration", index=True, ondelete="set null", readonly=True)

    _sql_constraints = [
        (
            "one_subject",
            "check((employee_id is null) != (department_id is null))",
            "An achievement is for an employee or for a department, exactly one of them.",
        ),
    ]

    @api.depends("employee_id", "department_id", "year", "title_id")
    def _compute_display_name(self):
        for achievement in self:
            achievement.display_name = (
                f"{achievement.title_id.name or ''} {achievement.year or ''} – "
                f"{achievement._subject().display_name or ''}"
            )

    @api.constrains("title_id", "employee_id", "department_id")
    def _check_title_target(self):
        for achievement in self:
            if achievement.target and not achievement.title_id._applies_to(achievement.target):
                raise ValidationError(
                    _(
                        "%(title)s cannot be given to %(subject)s: it is not for this kind of subject.",
                        title=achievement.title_id.name,
                        subject=achievement._subject().display_name,
                    )
                )

    def _duplicate_key(self, vals):
        """A title is held once a year; commendations may repeat."""
        title = self.env["kttv.emulation.title"].browse(vals.get("title_id"))
        if not vals.get("year") or not title or title.kind != "title":
            return None
        if bool(vals.get("employee_id")) == bool(vals.get("department_id")):
            return None
        return (vals.get("employee_id") or False, vals.get("department_id") or False, vals["year"], title.id)

    def _duplicate_message(self, key):
        employee, department, year, title = key
        subject = self.env["hr.employee"].browse(employee) or self.env["hr.department"].browse(department)
        return _(
            "%(subject)s already holds %(title)s for %(year)s.",
            subject=subject.display_name,
            title=self.env["kttv.emulation.title"].browse(title).name,
            year=year,
        )

    def _check_not_from_decision(self):
        # Only the decision itself, as superuser, writes or removes its rows: a
        # context key alone can be sent by any RPC client.
        if self.env.su and self.env.context.get("kttv_decision_sync"):
            return
        if any(achievement.source == "decision" for achievement in self):
            raise UserError(
                _(
                    "This achievement was written by a signed decision: cancel the "
                    "decision to undo it instead of changing it here."
                )
            )

    def _check_provenance_values(self, vals_list):
        """Where a row comes from is the system's to say, not a client's."""
        if self.env.su:
            return
        for vals in vals_list:
            if vals.get("decision_id") or vals.get("registration_id") or vals.get("source") == "decision":
                raise UserError(
                    _(
                        "Only a signed decision records an achievement as coming from a decision: "
                        "enter it by hand with its decision number instead."
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_provenance_values(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_not_from_decision()
        self._check_provenance_values([vals])
        if "source" in vals and not self.env.su:
            raise UserError(_("The source of an achievement is recorded when it is created."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_from_decision(self):
        self._check_not_from_decision()

    # Achievements a decision writes: only the decision, as superuser, writes
    # or removes them (``_check_not_from_decision``).

    @api.model
    def _create_from_decision(self, decisions):
        """One achievement per exemplar the signed ``decisions`` recognise, in one create."""
        vals_list = []
        for decision in decisions:
            authority = decision._authority_text()
            for registration in decision.registration_ids.sudo():
                vals_list.append(
                    {
                        "employee_id": registration.employee_id.id,
                        "department_id": registration.department_id.id,
                        "year": decision.achievement_year,
                        "title_id": decision._title_for(registration).id,
                        "decision_number": decision.number,
                        "decision_date": decision.date,
                        "authority": authority,
                        "source": "decision",
                        "award_kind": decision.award_kind,
                        "decision_id": decision.id,
                        "registration_id": registration.id,
                    }
                )
        return self.sudo().with_context(kttv_decision_sync=True).create(vals_list)

    @api.model
    def _unlink_from_decision(self, decisions):
        """What cancelled ``decisions`` wrote leaves the history."""
        achievements = decisions.sudo().achievement_ids
        achievements.with_context(kttv_decision_sync=True).unlink()
        return True

    # Streak engine: one query for the rows, the arithmetic in lib.streaks.

    @api.model
    def _subject_field(self, subjects):
        return "employee_id" if subjects._name == "hr.employee" else "department_id"

    @api.model
    def _title_rows(self, subjects, titles, up_to_year):
        """(subject id, year) rows where a subject held one of ``titles``."""
        field = self._subject_field(subjects)
        self.flush_model([field, "year", "title_id", "award_kind"])
        query = self._search(
            [
                (field, "in", subjects.ids),
                ("title_id", "in", titles.ids),
                ("year", "<=", up_to_year),
                ("award_kind", "=", "merit"),
            ]
        )
        return self.env.execute_query(query.select(f'"{self._table}"."{field}"', f'"{self._table}"."year"'))

    @api.model
    def _title_streaks(self, subjects, titles, up_to_year):
        """Consecutive years up to ``up_to_year`` holding ``titles`` or higher.

        ``subjects`` is a recordset of employees or of departments; returns
        ``{subject id: years}`` in a constant number of queries.
        """
        rows = self._title_rows(subjects, titles._with_higher(), up_to_year)
        return streaks.streaks(rows, up_to_year, subjects.ids)

    @api.model
    def _title_history(self, subjects, up_to_year):
        """``{subject id: {year: (rank, title id)}}`` of the highest title a year.

        Two queries whatever the number of subjects.
        """
        field = self._subject_field(subjects)
        self.flush_model([field, "year", "title_id", "award_kind"])
        query = self._search(
            [
                (field, "in", subjects.ids),
                ("kind", "=", "title"),
                ("year", "<=", up_to_year),
                ("award_kind", "=", "merit"),
            ]
        )
        table = self._table
        rows = self.env.execute_query(
            query.select(f'"{table}"."{field}"', f'"{table}"."year"', f'"{table}"."title_id"')
        )
        titles = self.env["kttv.emulation.title"].with_context(active_test=False)
        titles = titles.browse(list({row[2] for row in rows}))
        return streaks.highest_by_year(rows, {title.id: title.rank for title in titles})
