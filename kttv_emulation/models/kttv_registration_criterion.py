from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..lib import criteria

EVIDENCE_STATES = ("draft", "submitted", "nurturing")
# TCCB decides the criteria up to the council; the council votes on them as they stand.
REVIEW_STATES = (*EVIDENCE_STATES, "nominated")
EVIDENCE_FIELDS = {"evidence_note", "evidence_attachment_ids"}
OFFICER_FIELDS = {"review_result"}

RESULTS = [
    ("pass", "Met"),
    ("fail", "Not met"),
    ("pending", "Undecided"),
    ("not_applicable", "Not applicable"),
]


class KttvRegistrationCriterion(models.Model):
    """How a registration stands against one criterion."""

    _name = "kttv.registration.criterion"
    _description = "Registration criterion"
    _order = "registration_id, sequence, id"

    registration_id = fields.Many2one("kttv.exemplar.registration", required=True, ondelete="cascade", index=True)
    criterion_id = fields.Many2one("kttv.exemplar.criterion", required=True, ondelete="restrict")
    sequence = fields.Integer(related="criterion_id.sequence", store=True)
    method = fields.Selection(related="criterion_id.method")
    needs_review = fields.Boolean(related="criterion_id.needs_review")
    rule_result = fields.Selection(RESULTS, readonly=True, copy=False)
    rule_detail = fields.Char(readonly=True, copy=False, help="What the rule found in the history.")
    evaluated_on = fields.Datetime(readonly=True, copy=False)
    review_result = fields.Selection(
        [("pass", "Met"), ("fail", "Not met")],
        "Reviewer's result",
        copy=False,
        help="The reviewer's decision, with evidence; it prevails over the rule.",
    )
    reviewer_id = fields.Many2one("res.users", readonly=True, copy=False)
    evidence_note = fields.Text("Evidence")
    evidence_attachment_ids = fields.Many2many("ir.attachment", string="Evidence files")
    result = fields.Selection(RESULTS, compute="_compute_result", store=True)

    _sql_constraints = [
        (
            "criterion_unique",
            "unique(registration_id, criterion_id)",
            "A criterion appears once on a registration.",
        ),
    ]

    @api.depends("rule_result", "review_result", "criterion_id.method", "criterion_id.needs_review")
    def _compute_result(self):
        for line in self:
            line.result = criteria.final_result(
                line.criterion_id.method, line.rule_result, line.review_result, line.criterion_id.needs_review
            )

    @api.model_create_multi
    def create(self, vals_list):
        # Lines come from the plan's criteria when the registration is assessed;
        # a client adds at most the evidence and the reviewer's word.
        if not self.env.su:
            self._check_fields({name for vals in vals_list for name in vals} - {"registration_id", "criterion_id"})
        lines = super().create(vals_list)
        if not self.env.su:
            lines._check_states()
        return lines

    @api.ondelete(at_uninstall=False)
    def _unlink_before_nomination(self):
        if not self.env.su and any(line.registration_id.state not in EVIDENCE_STATES for line in self):
            raise UserError(_("The criteria of a nominated registration are kept as they were assessed."))

    def write(self, vals):
        if not self.env.su:
            self._check_fields(set(vals))
            self._check_states()
        if "review_result" in vals:
            vals = dict(vals, reviewer_id=self.env.user.id if vals["review_result"] else False)
        return super().write(vals)

    def _is_officer(self):
        return self.env.user.has_group("kttv_emulation.group_emulation_officer")

    def _check_fields(self, names):
        refused = names - EVIDENCE_FIELDS - (OFFICER_FIELDS if self._is_officer() else set())
        if not refused:
            return
        if "review_result" in refused:
            raise AccessError(_("Only a TCCB officer decides a criterion."))
        labels = sorted(self._fields[name]._description_string(self.env) for name in refused)
        raise AccessError(
            _(
                "%(fields)s of a criterion are decided by its rule or its reviewer, not written by hand.",
                fields=", ".join(labels),
            )
        )

    def _check_states(self):
        states = REVIEW_STATES if self._is_officer() else EVIDENCE_STATES
        if any(line.registration_id.state not in states for line in self):
            raise UserError(_("The criteria of a nominated registration are kept as they were assessed."))
