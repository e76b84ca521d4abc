from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..lib import criteria

EVIDENCE_STATES = ("draft", "submitted", "nurturing")

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

    def write(self, vals):
        if not self.env.su:
            self._check_can_write(vals)
        if "review_result" in vals:
            vals = dict(vals, reviewer_id=self.env.user.id if vals["review_result"] else False)
        return super().write(vals)

    def _check_can_write(self, vals):
        officer = self.env.user.has_group("kttv_emulation.group_emulation_officer")
        if "review_result" in vals and not officer:
            raise AccessError(_("Only a TCCB officer decides a criterion."))
        if not officer and any(line.registration_id.state not in EVIDENCE_STATES for line in self):
            raise UserError(_("The criteria of a nominated registration are kept as they were assessed."))
