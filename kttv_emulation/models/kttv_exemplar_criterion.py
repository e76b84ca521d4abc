from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .kttv_annual_rating import RATINGS


class KttvExemplarCriterion(models.Model):
    """A criterion an exemplar must meet (plan II.3)."""

    _name = "kttv.exemplar.criterion"
    _description = "Exemplar criterion"
    _order = "sequence, id"

    name = fields.Text(required=True)
    code = fields.Char(required=True, index=True)
    sequence = fields.Integer(default=10)
    applies_to = fields.Selection(
        [
            ("general", "Every exemplar"),
            ("collective", "Collectives"),
            ("individual", "Individuals"),
            ("leader", "Individuals who head their unit"),
        ],
        required=True,
        default="general",
    )
    method = fields.Selection(
        [("rule", "Decided by a rule on the history"), ("manual", "Decided by a reviewer with evidence")],
        required=True,
        default="manual",
    )
    rule = fields.Selection(
        [
            ("history", "Title and/or rating every assessed year"),
            ("unit_exemplar", "The unit is itself an exemplar"),
        ],
        help="History: every year of the phase's assessed years holds the title (or a higher one) "
        "and the rating (or a better one). Unit exemplar: a unit head qualifies only if their unit "
        "is a recognised exemplar of the same phase.",
    )
    rule_title_id = fields.Many2one("kttv.emulation.title", string="Title each year", ondelete="restrict")
    rule_rating = fields.Selection(RATINGS, string="Rating each year")
    needs_review = fields.Boolean(
        "Reviewer confirms too",
        help="The rule decides the part the history records; a reviewer confirms the rest.",
    )
    description = fields.Text()
    active = fields.Boolean(default=True)

    _sql_constraints = [("code_unique", "unique(code)", "The code of a criterion must be unique.")]

    @api.constrains("method", "rule", "rule_title_id", "rule_rating")
    def _check_rule(self):
        for criterion in self:
            if criterion.method != "rule":
                continue
            if not criterion.rule:
                raise ValidationError(_("%(code)s: choose the rule that decides it.", code=criterion.code))
            if criterion.rule == "history" and not (criterion.rule_title_id or criterion.rule_rating):
                raise ValidationError(
                    _("%(code)s: a history rule needs a title, a rating or both.", code=criterion.code)
                )

    @api.depends("code", "name")
    def _compute_display_name(self):
        for criterion in self:
            criterion.display_name = f"{criterion.code}. {criterion.name}" if criterion.code else criterion.name

    def _applies(self, target):
        """Criteria of this set that apply to a registration of ``target``."""
        kinds = {"general", target} | ({"leader"} if target == "individual" else set())
        return self.filtered(lambda criterion: criterion.applies_to in kinds)
