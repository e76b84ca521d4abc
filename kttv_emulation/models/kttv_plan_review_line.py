from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .kttv_plan_review import FREEZING


class KttvPlanReviewLine(models.Model):
    """A review's figures for one unit, frozen with the review: only its computation writes them."""

    _name = "kttv.plan.review.line"
    _description = "Phase review figures by unit"
    _order = "registration_count desc, id"

    review_id = fields.Many2one("kttv.plan.review", required=True, ondelete="cascade", index=True)
    department_id = fields.Many2one("hr.department", string="Unit", required=True)
    currency_id = fields.Many2one(related="review_id.currency_id")
    registration_count = fields.Integer("Registrations")
    collective_count = fields.Integer("Collectives")
    individual_count = fields.Integer("Individuals")
    registered_count = fields.Integer("Registered", help="Drafts and registrations submitted, not yet accepted.")
    nurturing_count = fields.Integer("Nurturing")
    nominated_count = fields.Integer("Nominated", help="Nominated, or before the council.")
    recognized_count = fields.Integer("Recognised")
    ministry_proposed_count = fields.Integer("Proposed to the Ministry")
    closed_count = fields.Integer("Refused or cancelled")
    nurturing_review_count = fields.Integer("Nurturing reviews")
    replication_count = fields.Integer("Replication activities")
    replication_cost = fields.Monetary("Cost")
    replication_spent = fields.Monetary("Spent on activities", help="Charged to the reward fund, not cancelled.")

    def _check_freezing(self, reviews):
        if not (self.env.su and self.env.context.get(FREEZING)):
            raise UserError(_("The figures of a review by unit are computed from the records, never typed."))
        if any(review.state != "draft" for review in reviews):
            raise UserError(_("The figures of a review that is done stay as they were."))

    @api.model_create_multi
    def create(self, vals_list):
        # Access first: a role with no right hears that, not how figures are made.
        self.check_access("create")
        self._check_freezing(
            self.env["kttv.plan.review"].browse({vals["review_id"] for vals in vals_list if vals.get("review_id")})
        )
        return super().create(vals_list)

    def write(self, vals):
        self.check_access("write")
        self._check_freezing(self.review_id)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_when_recomputed(self):
        self._check_freezing(self.review_id)
