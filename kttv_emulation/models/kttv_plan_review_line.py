from odoo import _, fields, models

from .kttv_workflow_mixin import ALL


class KttvPlanReviewLine(models.Model):
    """A review's figures for one unit, frozen with the review: only its computation writes them."""

    _name = "kttv.plan.review.line"
    _inherit = ["kttv.workflow.mixin"]
    _description = "Phase review figures by unit"
    _order = "registration_count desc, id"

    # Created, written and deleted by the review's computation only (even as
    # superuser), while the review is a draft: the mixin's guard.
    _kttv_state_from = "review_id"
    _kttv_computed_fields = ALL
    _kttv_computed_states = ("draft",)

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

    def _kttv_computed_message(self, names):
        return _("The figures of a review by unit are computed from the records, never typed.")

    def _kttv_computed_locked_message(self):
        return _("The figures of a review that is done stay as they were.")
