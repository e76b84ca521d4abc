from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression

LEVELS = [
    ("unit", "Unit"),
    ("administration", "Administration"),
    ("ministry", "Ministry"),
    ("government", "Government"),
    ("state", "State"),
]


# Who may award a title or a commendation (Law 06/2022 art. 80).
AUTHORITIES = [
    ("head", "Head of the agency"),
    ("minister", "Minister"),
    ("prime_minister", "Prime Minister"),
    ("president", "President"),
]
# The authority of a decision's issuer, as kttv.emulation.decision says it.
DECISION_AUTHORITIES = {"administration": "head", "ministry": "minister"}


class KttvEmulationTitle(models.Model):
    _name = "kttv.emulation.title"
    _description = "Emulation title or commendation"
    _order = "kind desc, target, rank desc, sequence, id"
    _rec_names_search = ["name", "code"]

    name = fields.Char(required=True, help="Official Vietnamese name.")
    code = fields.Char(required=True, index=True)
    kind = fields.Selection(
        [("title", "Emulation title"), ("commendation", "Commendation")],
        required=True,
        default="title",
    )
    target = fields.Selection(
        [
            ("individual", "Individual"),
            ("collective", "Collective"),
            ("both", "Individual and collective"),
        ],
        required=True,
        default="individual",
    )
    level = fields.Selection(LEVELS, required=True, default="unit")
    rank = fields.Integer(
        default=10,
        help="Position in the ladder of titles of the same kind and target: "
        "holding a title also counts as holding every lower-ranked one "
        "(a Chiến sĩ thi đua cơ sở is also a Lao động tiên tiến).",
    )
    sequence = fields.Integer(default=10)
    coefficient_individual = fields.Float(
        "Coefficient (individual)",
        digits=(4, 2),
        help="Reward for an individual, as a multiple of the base salary.",
    )
    coefficient_collective = fields.Float(
        "Coefficient (collective)",
        digits=(4, 2),
        help="Reward for a collective, as a multiple of the base salary.",
    )
    secret_vote = fields.Boolean(
        "Secret council vote",
        help="The emulation and commendation council votes on it by secret ballot, counted on all of its members.",
    )
    vote_threshold = fields.Float(
        "Vote threshold (%)",
        digits=(5, 2),
        help="Share of all council members who must approve.",
    )
    period_years = fields.Integer(
        "Counting period (years)",
        default=1,
        aggregator=None,
        help="Years of achievement the title counts: 1 for a yearly title, 3 for Chiến sĩ thi đua cấp bộ. Several "
        "titles of a subject counting the same period are paid the highest one only; titles of different periods "
        "are all paid (Decree 152/2025 art. 49(5)).",
    )
    award_authority = fields.Selection(
        AUTHORITIES,
        "Awarded by",
        required=True,
        default="head",
        help="Who may award it (Law 06/2022 art. 80): the head of the agency, under a ministry, awards Lao động "
        "tiên tiến, Chiến sĩ thi đua cơ sở, Tập thể lao động tiên tiến and Giấy khen; the others are proposed to "
        "the Minister, who awards or proposes them further up.",
    )
    legal_basis = fields.Char(help="Article of the law or decree that defines it.")
    description = fields.Text(help="Conditions, as the law states them.")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "The code of a title must be unique."),
        (
            "coefficient_positive",
            "check(coefficient_individual >= 0 and coefficient_collective >= 0)",
            "A reward coefficient cannot be negative.",
        ),
        (
            "threshold_range",
            "check(vote_threshold >= 0 and vote_threshold <= 100)",
            "A vote threshold is a percentage between 0 and 100.",
        ),
    ]

    @api.depends("code", "name")
    def _compute_display_name(self):
        for title in self:
            title.display_name = title.name or title.code

    def _check_numbers(self, vals):
        """Before the insert, so the user reads this and not the SQL check."""
        name = vals.get("name") or self.display_name
        for field in ("coefficient_individual", "coefficient_collective"):
            if (vals.get(field) or 0) < 0:
                raise ValidationError(_("%(title)s: a reward coefficient cannot be negative.", title=name))
        if "period_years" in vals and (vals["period_years"] or 0) < 1:
            raise ValidationError(_("%(title)s: a title counts at least one year.", title=name))
        if not 0 <= (vals.get("vote_threshold") or 0) <= 100:
            raise ValidationError(_("%(title)s: the vote threshold must be between 0 and 100%%.", title=name))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_numbers(vals)
        return super().create(vals_list)

    def write(self, vals):
        for title in self:
            title._check_numbers(vals)
        return super().write(vals)

    def _applies_to(self, target):
        self.ensure_one()
        return self.target in (target, "both")

    def _awardable_by(self, decision_authority):
        """Whether a decision of ``decision_authority`` (administration, ministry) may grant it."""
        self.ensure_one()
        return self.award_authority == DECISION_AUTHORITIES.get(decision_authority)

    def _coefficient_for(self, target):
        self.ensure_one()
        if target == "collective":
            return self.coefficient_collective
        return self.coefficient_individual

    def _with_higher(self):
        """These titles and every title ranked above them in the same ladder.

        One query whatever the number of titles: the streak rules ask for
        "this title or a higher one".
        """
        if not self:
            return self
        domain = expression.OR(
            [
                ("kind", "=", title.kind),
                ("target", "in", list({"both", title.target})),
                ("rank", ">=", title.rank),
            ]
            for title in self
        )
        return self.with_context(active_test=False).search(domain) | self
