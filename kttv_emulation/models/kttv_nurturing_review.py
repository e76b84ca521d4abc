from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

LEVELS = [("high", "High"), ("medium", "Medium"), ("low", "Low")]
REVIEW_STATES = ("nurturing", "nominated", "council")


class KttvNurturingReview(models.Model):
    """A check on an exemplar being nurtured (bồi dưỡng, kiểm tra đánh giá, plan II.1.4)."""

    _name = "kttv.nurturing.review"
    _inherit = ["mail.thread"]
    _description = "Nurturing review"
    _order = "date desc, id desc"

    registration_id = fields.Many2one(
        "kttv.exemplar.registration", required=True, ondelete="cascade", index=True, tracking=True
    )
    phase_id = fields.Many2one(related="registration_id.phase_id", store=True)
    registering_unit_id = fields.Many2one(related="registration_id.registering_unit_id", store=True, string="Unit")
    target = fields.Selection(related="registration_id.target", store=True)
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    reviewer_id = fields.Many2one("res.users", string="Reviewer", required=True, default=lambda self: self.env.user)
    effectiveness = fields.Selection(LEVELS, required=True, help="Effect and efficiency of the model so far.")
    development_potential = fields.Selection(LEVELS, required=True, help="Room the model has to grow.")
    influence = fields.Selection(
        LEVELS, required=True, help="Influence of the exemplar in its unit, the Administration and society."
    )
    findings = fields.Html(help="What the review found.")
    difficulties = fields.Text("Difficulties met")
    support_given = fields.Text("Support given", help="What was done to help the exemplar keep up its results.")

    @api.depends("registration_id", "date")
    def _compute_display_name(self):
        for review in self:
            review.display_name = f"{review.registration_id.display_name} – {review.date or ''}"

    @api.constrains("registration_id")
    def _check_registration_state(self):
        for review in self:
            if review.registration_id.state not in REVIEW_STATES:
                raise ValidationError(
                    _(
                        "%(registration)s is not being nurtured: reviews are written once TCCB has accepted it.",
                        registration=review.registration_id.display_name,
                    )
                )
