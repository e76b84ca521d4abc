from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, LazyTranslate, float_compare

from .kttv_workflow_mixin import ALL, DONE, OFFICER, UNIT, AllBut, Step

_lt = LazyTranslate(__name__)

REVIEW_ACTIVITY = "kttv_emulation.mail_act_initiative_review"

# What TCCB records when it recognises: the unit proposes, it does not decide.
RECOGNITION_FIELDS = frozenset({"scope", "decision_number", "decision_date", "decision_authority"})
SCOPES = [("unit", "Unit"), ("ministry", "Ministry"), ("national", "National")]


class KttvInitiative(models.Model):
    """An initiative or a research project (sáng kiến, đề tài) and its recognition.

    One initiative counts for one title of one person only: once a title is
    recognised on it, it is spent (``used_for_id``) and no other title reads it.
    """

    _name = "kttv.initiative"
    _inherit = ["kttv.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _description = "Initiative or research project"
    _order = "year desc, id desc"

    _kttv_workflow_fields = frozenset(
        {"state", "date_submitted", "used_for_id", "used_employee_id", "date_used", "refusal_reason"}
    )
    _kttv_create_defaults = {"state": "draft"}
    # The unit writes its draft but the recognition; TCCB writes drafts and
    # records the recognition of what is submitted.
    _kttv_writable = {
        "draft": {UNIT: AllBut(RECOGNITION_FIELDS), OFFICER: ALL},
        "submitted": {OFFICER: RECOGNITION_FIELDS | {"attachment_ids"}},
        "recognized": {OFFICER: {"attachment_ids"}},
    }
    _kttv_unlink_states = ("draft",)
    _kttv_steps = {
        "submit": Step(("draft",), (UNIT,), _lt("submit an initiative"), access="write"),
        "recognize": Step(("submitted",), (OFFICER,), _lt("recognise an initiative")),
        "refuse": Step(("submitted",), (OFFICER,), _lt("refuse an initiative")),
        "return": Step(("submitted",), (OFFICER,), _lt("return an initiative to its unit")),
        "cancel": Step(("draft", "submitted", "recognized"), (UNIT,), _lt("cancel an initiative"), access="write"),
        "reset": Step(("refused", "cancelled"), (UNIT,), _lt("reopen an initiative"), access="write"),
    }
    _kttv_activity_types = {REVIEW_ACTIVITY: DONE}

    name = fields.Char("Title of the initiative", required=True, tracking=True)
    kind = fields.Selection(
        [("initiative", "Initiative"), ("research", "Research project")],
        required=True,
        default="initiative",
        tracking=True,
    )
    department_id = fields.Many2one(
        "hr.department",
        string="Unit",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        help="The unit that applies the initiative and manages its file.",
    )
    year = fields.Integer(required=True, index=True, aggregator=None, default=lambda self: self._default_year())
    field_of_work = fields.Char("Field", help="The field the initiative belongs to, e.g. hydrological forecasting.")
    author_ids = fields.One2many("kttv.initiative.author", "initiative_id", string="Authors", copy=True)
    author_share_total = fields.Float("Shares (%)", compute="_compute_author_share_total", digits=(5, 2))
    change_description = fields.Text("What it changes", help="What the initiative changes in the way work is done.")
    effect = fields.Text(help="The effect obtained: time or cost saved, accuracy, safety...")
    scope = fields.Selection(
        SCOPES,
        string="Recognised scope",
        tracking=True,
        help="The scope of the effect the recognition states: the unit, the whole ministry, or nationwide.",
    )
    decision_number = fields.Char("Recognition decision", tracking=True, help="Number and symbol of the decision.")
    decision_date = fields.Date("Recognition date", tracking=True)
    decision_authority = fields.Char("Recognised by", help="Who signed the recognition, e.g. the unit's head.")
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "kttv_initiative_attachment_rel",
        "initiative_id",
        "attachment_id",
        string="Files",
        help="The description, the council's minutes, the decision: the files that prove it.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("recognized", "Recognised"),
            ("refused", "Refused"),
            ("cancelled", "Cancelled"),
        ],
        string="Status",
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )
    date_submitted = fields.Date(readonly=True, copy=False)
    refusal_reason = fields.Text(readonly=True, copy=False, tracking=True)
    used_for_id = fields.Many2one(
        "kttv.achievement",
        string="Used for",
        readonly=True,
        copy=False,
        index=True,
        ondelete="set null",
        tracking=True,
        help="The title this initiative served for: it counts for no other.",
    )
    used_employee_id = fields.Many2one("hr.employee", string="Used by", readonly=True, copy=False, tracking=True)
    date_used = fields.Date(readonly=True, copy=False)
    is_used = fields.Boolean("Spent", compute="_compute_is_used", search="_search_is_used")
    can_submit = fields.Boolean(compute="_compute_kttv_can")
    can_recognize = fields.Boolean(compute="_compute_kttv_can")
    can_refuse = fields.Boolean(compute="_compute_kttv_can")
    can_return = fields.Boolean(compute="_compute_kttv_can")
    can_cancel = fields.Boolean(compute="_compute_kttv_can")
    can_reset = fields.Boolean(compute="_compute_kttv_can")

    _sql_constraints = [
        ("used_once", "unique(used_for_id)", "An initiative serves for one title only."),
    ]

    @api.model
    def _default_year(self):
        return fields.Date.context_today(self).year

    @api.depends("author_ids.share")
    def _compute_author_share_total(self):
        for initiative in self:
            initiative.author_share_total = sum(initiative.author_ids.mapped("share"))

    @api.depends("used_for_id")
    def _compute_is_used(self):
        for initiative in self:
            initiative.is_used = bool(initiative.used_for_id)

    def _search_is_used(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(operator)
        return [("used_for_id", "!=" if (operator == "=") == value else "=", False)]

    @api.constrains("year")
    def _check_year(self):
        for initiative in self:
            self.env["kttv.subject.mixin"]._check_year_value(initiative.year)

    @api.constrains("author_ids")
    def _check_author_shares(self):
        for initiative in self:
            if float_compare(initiative.author_share_total, 100, precision_digits=2) > 0:
                raise ValidationError(
                    _(
                        "%(initiative)s: the authors' shares add up to %(total)s%%, more than 100%%.",
                        initiative=initiative.display_name,
                        total=round(initiative.author_share_total, 2),
                    )
                )

    def _kttv_check_create(self, vals_list):
        if not self._kttv_has_group(OFFICER):
            for vals in vals_list:
                given = {name for name in RECOGNITION_FIELDS if vals.get(name)}
                if given:
                    raise UserError(
                        _(
                            "%(initiative)s: only TCCB records the recognition (%(fields)s).",
                            initiative=vals.get("name") or self._kttv_model_label(),
                            fields=self._kttv_field_labels(given),
                        )
                    )
        return super()._kttv_check_create(vals_list)

    def _kttv_workflow_fields_message(self, names):
        if names & {"used_for_id", "used_employee_id", "date_used"}:
            return _("An initiative is marked as used by the recognition of the title it serves for, never by hand.")
        return super()._kttv_workflow_fields_message(names)

    def _kttv_locked_message(self, names):
        if self.state == "draft" and names & RECOGNITION_FIELDS:
            return _(
                "%(initiative)s: only TCCB records the recognition (%(fields)s).",
                initiative=self.display_name,
                fields=self._kttv_field_labels(names & RECOGNITION_FIELDS),
            )
        return super()._kttv_locked_message(names)

    # ------------------------------------------------------------------
    # Steps
    # ------------------------------------------------------------------

    def _kttv_step_condition(self, step):
        if step == "cancel":
            # A recognised initiative: TCCB only (its decision revoked), and never once spent.
            is_officer = self._kttv_has_group(OFFICER)
            return self.filtered(
                lambda initiative: initiative.state != "recognized" or (is_officer and not initiative.used_for_id)
            )
        return self

    def _kttv_step_refusal(self, step):
        if step == "cancel":
            if self.used_for_id:
                return _(
                    "%(initiative)s has served for %(title)s: it cannot be cancelled.",
                    initiative=self.display_name,
                    title=self.used_for_id.display_name,
                )
            return _("%(initiative)s is recognised: only TCCB may cancel it.", initiative=self.display_name)
        return super()._kttv_step_refusal(step)

    def action_submit(self):
        """The unit sends its initiatives to TCCB for recognition."""
        return self._kttv_run("submit")

    def _do_submit(self):
        for initiative in self:
            if not initiative.author_ids:
                raise UserError(
                    _("%(initiative)s has no author: add its authors first.", initiative=initiative.display_name)
                )
            if float_compare(initiative.author_share_total, 100, precision_digits=2):
                raise UserError(
                    _(
                        "%(initiative)s: the authors' shares add up to %(total)s%%, not 100%%.",
                        initiative=initiative.display_name,
                        total=round(initiative.author_share_total, 2),
                    )
                )
        self._kttv_move("submitted", {"date_submitted": fields.Date.context_today(self)})

    def action_recognize(self):
        """TCCB records the recognition (scope, decision) of submitted initiatives."""
        return self._kttv_run("recognize")

    def _do_recognize(self):
        for initiative in self:
            if not initiative.scope or not initiative.decision_date:
                raise UserError(
                    _(
                        "%(initiative)s: record the recognised scope and the date of the recognition first.",
                        initiative=initiative.display_name,
                    )
                )
        self._kttv_move("recognized", {"refusal_reason": False})

    def action_refuse(self):
        """TCCB refuses the initiatives (the reason goes in the chatter)."""
        return self._kttv_run("refuse")

    def _do_refuse(self, reason=None):
        self._kttv_move("refused", {"refusal_reason": reason or False}, body=reason)

    def action_return(self):
        """TCCB gives the initiatives back to their unit, to be completed."""
        return self._kttv_run("return")

    def _do_return(self, reason=None):
        self._kttv_move("draft", {"date_submitted": False}, body=reason)

    def action_cancel(self):
        return self._kttv_run("cancel")

    def _do_cancel(self):
        self._kttv_move("cancelled")

    def action_reset(self):
        """A refused or cancelled initiative goes back to draft."""
        return self._kttv_run("reset")

    def _do_reset(self):
        self._kttv_move("draft", {"date_submitted": False, "refusal_reason": False})

    # ------------------------------------------------------------------
    # Spending: one initiative, one title of one person
    # ------------------------------------------------------------------

    def _kttv_spend(self, pairs):
        """Mark initiatives used: ``pairs`` is ``[(initiative, achievement)]``, checked and written in batch.

        Refuses, naming the initiative, one that is not recognised, already
        spent, given twice, or whose achievement's employee is not among its
        authors.  Called by the steps that recognise a title.
        """
        seen = set()
        achievements = set()
        initiatives = self.browse([initiative.id for initiative, _achievement in pairs])
        initiatives.fetch(["state", "used_for_id", "name"])
        initiatives.author_ids.fetch(["employee_id", "initiative_id"])
        for initiative, achievement in pairs:
            if initiative.state != "recognized":
                raise UserError(
                    _(
                        "%(initiative)s is %(state)s: only a recognised initiative counts for a title.",
                        initiative=initiative.display_name,
                        state=initiative._kttv_state_label(),
                    )
                )
            if initiative.used_for_id or initiative.id in seen:
                raise UserError(
                    _(
                        "%(initiative)s has already served for %(title)s: an initiative counts for one title only.",
                        initiative=initiative.display_name,
                        title=(initiative.used_for_id or achievement).display_name,
                    )
                )
            seen.add(initiative.id)
            if achievement.id in achievements:
                raise UserError(
                    _(
                        "%(title)s is given two initiatives: one initiative serves for one title.",
                        title=achievement.display_name,
                    )
                )
            achievements.add(achievement.id)
            if achievement.employee_id not in initiative.author_ids.employee_id:
                raise UserError(
                    _(
                        "%(employee)s is not an author of %(initiative)s: it cannot serve for their title.",
                        employee=achievement.employee_id.display_name or achievement.display_name,
                        initiative=initiative.display_name,
                    )
                )
        today = fields.Date.context_today(self)
        # One UPDATE for all: each initiative gets its own achievement.
        self.flush_model(["used_for_id", "used_employee_id", "date_used"])
        rows = SQL(", ").join(
            SQL("(%s, %s, %s)", initiative.id, achievement.id, achievement.employee_id.id)
            for initiative, achievement in pairs
        )
        self.env.cr.execute(
            SQL(
                """UPDATE kttv_initiative
                      SET used_for_id = v.achievement_id, used_employee_id = v.employee_id, date_used = %(today)s,
                          write_uid = %(uid)s, write_date = now() at time zone 'UTC'
                     FROM (VALUES %(rows)s) AS v(id, achievement_id, employee_id)
                    WHERE kttv_initiative.id = v.id""",
                today=today,
                uid=self.env.uid,
                rows=rows,
            )
        )
        initiatives.invalidate_recordset(
            ["used_for_id", "used_employee_id", "date_used", "is_used", "write_uid", "write_date"]
        )
        initiatives._kttv_log(
            {
                initiative.id: self.env._(
                    "Used for %(title)s: this initiative counts for no other title.",
                    title=achievement.display_name,
                )
                for initiative, achievement in pairs
            }
        )
        return True

    def _kttv_release(self):
        """The title it served for is undone (its decision cancelled): the initiative counts again."""
        self.sudo().write({"used_for_id": False, "used_employee_id": False, "date_used": False})

    # ------------------------------------------------------------------
    # Activities
    # ------------------------------------------------------------------

    def _kttv_expected_activities(self):
        submitted = self.filtered(lambda initiative: initiative.state == "submitted")
        if not submitted:
            return []
        tccb = self._kttv_tccb_officers()
        return [
            (
                initiative,
                REVIEW_ACTIVITY,
                tccb,
                self.env._("%(unit)s submitted an initiative for recognition.", unit=initiative.department_id.name),
            )
            for initiative in submitted
        ]
