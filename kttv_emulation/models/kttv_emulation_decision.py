from collections import defaultdict

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, LazyTranslate, float_compare, formatLang

from ..lib import decisions as decision_rules
from .kttv_achievement import AWARD_KINDS
from .kttv_numbered_mixin import NEW
from .kttv_workflow_mixin import ALL, MANAGER, OFFICER, UNLINK, Step

_lt = LazyTranslate(__name__)

SIGN = "kttv_emulation.mail_act_decision_sign"
PRINT = "kttv_emulation.mail_act_decision_print"
PAY = "kttv_emulation.mail_act_decision_pay"
PUBLICISE = "kttv_emulation.mail_act_decision_publicise"
FOLLOW_UPS = (PRINT, PAY, PUBLICISE)
SEQUENCES = ("kttv_emulation.seq_kttv_emulation_decision", "kttv_emulation.seq_kttv_ministry_proposal")

# Written by the life cycle (the steps, the proposal), never by a client.
WORKFLOW_FIELDS = frozenset(
    {
        "state",
        "signer_id",
        "signed_on",
        "cancel_reason",
        "achievement_ids",
        "fund_line_ids",
        "proposal_id",
        "number_issued",
        "kttv_identity",
    }
)
# What may still change once a decision is signed or cancelled: the scan of the paper.
SCAN_FIELDS = frozenset({"document", "document_name"})

# What signing does to a registration, and what cancelling undoes, per authority.
RECOGNITION = {
    "administration": {"from": "council", "to": "recognized", "fund_level": "administration"},
    "ministry": {"from": "ministry_proposed", "to": "ministry_recognized", "fund_level": "ministry"},
}


class KttvEmulationDecision(models.Model):
    """A decision recognising exemplars (quyết định công nhận).

    On the workflow engine: draft → to_sign (numbered, one sign activity for
    the Director General) → signed (exemplars recognised, achievements and
    reward payments written, print/pay/publicise for TCCB); cancelled with a
    reason from any of them, signing undone.  A Ministry decision is recorded
    by TCCB straight from draft, under the Ministry's number.
    """

    _name = "kttv.emulation.decision"
    _inherit = ["kttv.workflow.mixin", "kttv.numbered.mixin", "mail.thread", "mail.activity.mixin"]
    _description = "Recognition decision"
    _order = "date desc, id desc"
    _rec_name = "number"

    _kttv_workflow_fields = WORKFLOW_FIELDS
    _kttv_create_defaults = {"state": "draft"}
    _kttv_writable = {
        "draft": {OFFICER: ALL},
        "signed": {OFFICER: SCAN_FIELDS},
        "cancelled": {OFFICER: SCAN_FIELDS},
    }
    _kttv_unlink_states = ("draft",)
    # The Director General's group includes TCCB's: who signs which decision
    # is the authority's (``_kttv_step_condition``).
    _kttv_steps = {
        "fetch_passed": Step(("draft",), (OFFICER,), _lt("prepare a decision")),
        "to_sign": Step(("draft",), (OFFICER,), _lt("send a decision for signature")),
        "reset_to_draft": Step(("to_sign",), (OFFICER,), _lt("put a decision back to draft")),
        "sign": Step(("draft", "to_sign"), (OFFICER,), _lt("sign this decision")),
        "cancel": Step(("draft", "to_sign", "signed"), (OFFICER,), _lt("cancel a decision")),
    }
    # Withdrawn when no longer asked for (back to draft, cancelled); the sign
    # activity is marked done by the signature itself.
    _kttv_activity_types = {SIGN: UNLINK, PRINT: UNLINK, PAY: UNLINK, PUBLICISE: UNLINK}
    _kttv_activity_once = frozenset(FOLLOW_UPS)

    _kttv_number_sequence = "kttv.emulation.decision"
    _kttv_number_symbol = "QĐ"
    _kttv_number_scope = ("authority",)

    number = fields.Char(
        help="Number and symbol, unique in a year for an authority. An Administration decision takes the next "
        "number of the year of its date when it is sent for signature, unless one was typed; a Ministry "
        "decision carries the Ministry's own number.",
    )
    number_entry = fields.Char(
        help="Leave empty to take the next number of the year when the decision is sent for signature; "
        "type the number of a decision already numbered on paper, or the Ministry's number.",
    )
    authority = fields.Selection(
        [("administration", "Administration"), ("ministry", "Ministry")],
        required=True,
        default="administration",
        tracking=True,
        help="Administration: signed here by the Director General. Ministry: the Minister's decision, "
        "recorded by TCCB.",
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    achievement_year = fields.Integer(
        "Year of the titles",
        compute="_compute_achievement_year",
        store=True,
        readonly=False,
        aggregator=None,
        help="The year the recognised titles are recorded for in each subject's history.",
    )
    subject = fields.Char(
        "Abstract",
        required=True,
        default=lambda self: self.env._("Recognition of advanced exemplars"),
        help="The subject line (trích yếu), e.g. Về việc công nhận điển hình tiên tiến giai đoạn 2021-2023.",
    )
    phase_id = fields.Many2one("kttv.exemplar.phase", index=True)
    award_kind = fields.Selection(
        AWARD_KINDS,
        "Kind of award",
        required=True,
        default="merit",
        tracking=True,
        help="Written on every achievement of the decision; only awards for merit count for the rules on "
        "consecutive years (Decree 152/2025 art. 4).",
    )
    title_id = fields.Many2one(
        "kttv.emulation.title",
        string="Title granted",
        ondelete="restrict",
        help="The title or commendation this decision grants to all; leave empty to grant each "
        "registration the recognition it proposed.",
    )
    registration_ids = fields.Many2many(
        "kttv.exemplar.registration",
        "kttv_decision_registration_rel",
        "decision_id",
        "registration_id",
        string="Exemplars",
        # A copy starts empty: its dossiers are those the council passes next, not another decision's.
        copy=False,
    )
    registration_count = fields.Integer(compute="_compute_registration_count")
    # The year-end titles it awards (kttv.title.nomination), besides or instead of exemplars.
    nomination_ids = fields.Many2many(
        "kttv.title.nomination",
        "kttv_decision_nomination_rel",
        "decision_id",
        "nomination_id",
        string="Titles of the year",
        copy=False,
    )
    basis = fields.Text(
        compute="_compute_basis",
        store=True,
        readonly=False,
        precompute=True,
        help="The texts the decision is grounded on (căn cứ), one per line, without the words the decision prints "
        "before them: those in force on the decision's date (Configuration > Legal grounds), and any added by hand.",
    )
    recipients = fields.Text(
        "Recipients",
        default=lambda self: self.env._("As in Article 3;\nThe Ministry (to report);\nFiling: VT, TCCB."),
        help="Nơi nhận, one per line.",
    )
    signer_id = fields.Many2one("res.users", string="Signed by", readonly=True, copy=False)
    signer_name = fields.Char(
        copy=False,
        help="Name printed under the signature. For an Administration decision, the name of the user who signs; "
        "for a Ministry decision, the Minister or deputy who signed.",
    )
    signer_title = fields.Char(
        copy=False,
        help="Title of the person who signs, e.g. Cục trưởng, Phó Cục trưởng, or Bộ trưởng for a Ministry "
        "decision: the titles of the organisation's identity on the decision's date.",
    )
    signer_on_behalf = fields.Char(
        "Signed on behalf of",
        copy=False,
        help="For a deputy signing on behalf of the head (KT., Decree 30/2020): the head's title, printed above "
        "the deputy's own title.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("to_sign", "To sign"), ("signed", "Signed"), ("cancelled", "Cancelled")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        string="Status",
    )
    signed_on = fields.Datetime(
        "Signed in the system on",
        readonly=True,
        copy=False,
        help="When the signature was recorded here. The decision's own date, printed on it, is the date it was "
        "issued, which may be earlier (a paper decision recorded later) or later (signed ahead of its date).",
    )
    cancel_reason = fields.Text(readonly=True, copy=False, tracking=True)
    document = fields.Binary("Signed scan", attachment=True, copy=False)
    document_name = fields.Char(copy=False)
    achievement_ids = fields.One2many("kttv.achievement", "decision_id", string="Achievements written")
    fund_line_ids = fields.One2many("kttv.reward.fund.line", "decision_id", string="Reward payments", groups=OFFICER)
    total_reward = fields.Monetary(compute="_compute_total_reward", currency_field="currency_id", groups=OFFICER)
    currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env.ref("base.VND", raise_if_not_found=False)
    )
    reward_preview = fields.Html(
        "Rewards due",
        compute="_compute_reward_preview",
        sanitize=False,
        groups=OFFICER,
        help="Before signing: what signing will pay each exemplar, on the decision's date, as signing computes it.",
    )
    proposal_id = fields.Many2one("kttv.ministry.proposal", string="Proposal", index=True, copy=False, readonly=True)
    reward_shortfall = fields.Monetary(
        "Rewards paid short",
        compute="_compute_reward_shortfall",
        search="_search_reward_shortfall",
        currency_field="currency_id",
        groups=OFFICER,
        help="What a signed decision paid less than is due on its date, e.g. signed at the old base salary before "
        "the new one was recorded: pay it with Pay the difference.",
    )

    can_fetch_passed = fields.Boolean(compute="_compute_kttv_can")
    can_to_sign = fields.Boolean(compute="_compute_kttv_can")
    can_reset_to_draft = fields.Boolean(compute="_compute_kttv_can")
    can_sign = fields.Boolean(compute="_compute_kttv_can")
    can_cancel = fields.Boolean(compute="_compute_kttv_can")

    # ------------------------------------------------------------------
    # Defaults and computes
    # ------------------------------------------------------------------

    @api.model
    def _kttv_update_sequences(self):
        """Bring the numbering of an existing database in line (the 18.0.1.1.0 migration).

        Decree 30/2020 numbers documents from 01 each year (two digits below 10),
        and a document number is never skipped. The sequences are noupdate data,
        so a database created before that keeps its old settings otherwise.
        """
        for xmlid in SEQUENCES:
            sequence = self.env.ref(xmlid, raise_if_not_found=False)
            if not sequence:
                continue
            sequence = sequence.sudo()
            vals = {}
            if sequence.padding < 2:
                vals["padding"] = 2
            if sequence.implementation != "no_gap":
                # The counters of a "standard" sequence live in PostgreSQL
                # sequences that the switch drops: carry them over first.
                sequence.invalidate_recordset(["number_next_actual"])
                sequence.date_range_ids.invalidate_recordset(["number_next_actual"])
                for date_range in sequence.date_range_ids:
                    date_range.number_next = date_range.number_next_actual
                vals.update(implementation="no_gap", number_next=sequence.number_next_actual)
            if vals:
                sequence.write(vals)

    @api.model
    def _default_basis(self, on_date=None, authority="administration"):
        """The grounds in force on ``on_date`` for decisions of ``authority``, one per line."""
        Ground = self.env["kttv.legal.ground"]
        return "\n".join(Ground._lines_for(on_date or fields.Date.context_today(self), authority=authority))

    @api.depends("date", "authority")
    def _compute_basis(self):
        known = None
        for decision in self:
            if decision.state not in (False, "draft"):
                continue
            on_date = decision.date or fields.Date.context_today(self)
            grounds = decision._default_basis(on_date, decision.authority or "administration")
            if not decision.basis:
                decision.basis = grounds
                continue
            if known is None:
                # Every ground of the data, in force or not, whoever cites it: one query.
                Ground = self.env["kttv.legal.ground"].sudo().with_context(active_test=False)
                known = set(Ground.search([("text", "!=", False)]).mapped("text"))
            # The grounds of the data follow the date; lines added by hand keep their wording (the decree they
            # name follows the date).
            added = [
                decision_rules.cite_decree(line, on_date)
                for line in decision.basis.splitlines()
                if line.strip() and decision_rules.ground_text(line) not in known
            ]
            decision.basis = "\n".join(filter(None, [grounds, *added]))

    @api.depends("date")
    def _compute_achievement_year(self):
        for decision in self:
            if decision.date and not decision.achievement_year:
                decision.achievement_year = decision.date.year

    @api.depends("registration_ids")
    def _compute_registration_count(self):
        for decision in self:
            decision.registration_count = len(decision.registration_ids)

    @api.depends(
        "state", "date", "title_id", "achievement_year", "registration_ids", "fund_line_ids.amount",
        "fund_line_ids.cancelled",
    )  # fmt: skip
    def _compute_total_reward(self):
        """Paid, once signed; before that, what signing would pay, so that the signer sees it first.

        In batch (the decisions list): ``_rewards_due_by_decision`` for all the
        unsigned decisions at once.
        """
        unsigned = self.filtered(lambda decision: decision.state not in ("signed", "cancelled") and decision.date)
        due = self.env["kttv.reward.fund.line"].sudo()._rewards_due_by_decision(unsigned)
        for decision in self:
            if decision in unsigned:
                decision.total_reward = sum(amount for _registration, _title, amount in due.get(decision.id, []))
            else:
                decision.total_reward = sum(
                    decision.fund_line_ids.filtered(lambda line: not line.cancelled).mapped("amount")
                )

    @api.depends("state", "date", "registration_ids")
    def _compute_reward_preview(self):
        """One row per exemplar and title, so the signer sees who is paid what before signing."""
        FundLine = self.env["kttv.reward.fund.line"].sudo()
        for decision in self:
            registrations = decision.registration_ids.sudo()
            if decision.state not in ("draft", "to_sign") or not decision.date or not registrations:
                decision.reward_preview = False
                continue
            due = FundLine._rewards_due(decision, registrations)
            rows = Markup("").join(
                Markup("<tr><td>%s</td><td>%s</td><td class='text-end'>%s</td></tr>")
                % (
                    registration.display_name,
                    title.name,
                    formatLang(self.env, amount, currency_obj=decision.currency_id),
                )
                for registration, title, amount in due
            )
            decision.reward_preview = Markup(
                "<table class='table table-sm o_kttv_reward_preview'><thead><tr><th>%s</th><th>%s</th>"
                "<th class='text-end'>%s</th></tr></thead><tbody>%s</tbody>"
                "<tfoot><tr><th colspan='2'>%s</th><th class='text-end'>%s</th></tr></tfoot></table>"
            ) % (
                self.env._("Exemplar"),
                self.env._("Title or commendation"),
                self.env._("Amount"),
                rows,
                self.env._("Total"),
                formatLang(self.env, sum(amount for _r, _t, amount in due), currency_obj=decision.currency_id),
            )

    def _compute_reward_shortfall(self):
        shortfalls = self.env["kttv.reward.fund.line"]._shortfalls(self)
        for decision in self:
            decision.reward_shortfall = sum(amount for _r, _t, amount in shortfalls.get(decision, []))

    def _search_reward_shortfall(self, operator, value):
        """The signed decisions that paid short: computed over the signed ones, in batch."""
        if operator not in (">", "!=") or value not in (0, False):
            raise UserError(_("Search the decisions paid short with the filter provided."))
        signed = self.sudo().search([("state", "=", "signed")])
        return [("id", "in", [decision.id for decision in self.env["kttv.reward.fund.line"]._shortfalls(signed)])]

    def action_top_up_rewards(self):
        """Pay the difference: a top-up line on the fund, with its reason, for what each exemplar was paid short."""
        self._kttv_require(OFFICER, _lt("pay the difference of a decision's rewards"))
        not_signed = self.filtered(lambda decision: decision.state != "signed")[:1]
        if not_signed:
            raise UserError(
                _("Decision %(number)s is not signed: it pays nothing yet.", number=not_signed.display_name)
            )
        lines = self.env["kttv.reward.fund.line"]._create_top_ups(self)
        if not lines:
            raise UserError(_("Nothing is due: the rewards of these decisions are paid in full."))
        self._kttv_log(
            {
                decision.id: self.env._(
                    "Difference paid: %(amount)s VND (%(reason)s)",
                    amount=formatLang(self.env, sum(decision_lines.mapped("amount")), digits=0),
                    reason=decision_lines[:1].top_up_reason,
                )
                for decision in self
                if (decision_lines := lines.filtered(lambda line, decision=decision: line.decision_id == decision))
            }
        )
        return True

    def _title_for(self, registration):
        """What the decision grants ``registration``: its own title, or the one it grants to all."""
        return self.title_id or registration.title_id

    def _fund_level(self):
        """The level of the fund that pays the decision's rewards."""
        self.ensure_one()
        return RECOGNITION[self.authority]["fund_level"]

    def _authority_text(self):
        """Who decided, as the achievements record it: the head of the agency on the decision's date."""
        identity = self._kttv_identity_values()
        if self.authority == "administration":
            return f"{identity['head_title']} {identity['agency_name']}".strip()
        return self.signer_title or identity["parent_authority"]

    def _grounds(self):
        """The grounds as printed (Decree 30/2020): "Căn cứ ...;" lines, then "Theo đề nghị của ...".

        ``(grounds, proposer)``: the texts of ``basis`` and the title of who
        proposes the decision, from the identity the decision keeps.
        """
        self.ensure_one()
        identity = self._kttv_identity_values()
        grounds = [decision_rules.ground_text(line) for line in (self.basis or "").splitlines() if line.strip()]
        # Who proposes is printed last, from the identity: not as a "Căn cứ" line (grounds written before 2026).
        grounds = [ground for ground in grounds if not decision_rules.is_proposal_line(ground)]
        if self.authority == "administration":
            proposer = identity["staff_unit_head_title"]
        else:
            proposer = f"{identity['head_title']} {identity['agency_name']}".strip()
        return grounds, proposer

    # ------------------------------------------------------------------
    # Create, write, unlink: the engine's guard, in the decision's words
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals.setdefault("authority", self.env.context.get("default_authority") or "administration")
            vals.setdefault("date", fields.Date.context_today(self))
        decisions = super().create(vals_list)
        decisions._check_authority_all()
        return decisions

    def write(self, vals):
        res = super().write(vals)
        if {"title_id", "registration_ids", "authority"} & set(vals):
            self._check_authority_all()
        return res

    def _kttv_workflow_fields_message(self, names):
        if not self:
            # On create: nothing of the life cycle is typed.
            return _("A decision is created as a draft: it is signed and cancelled with its buttons, never typed.")
        return _("Use the buttons of the decision to change its status.")

    def _kttv_locked_message(self, names):
        if self.state == "to_sign":
            return _(
                "Decision %(number)s is waiting for its signature: it cannot be changed unless it is put back to "
                "draft.",
                number=self.display_name,
            )
        if self.state == "cancelled":
            return _(
                "Decision %(number)s is cancelled: only the scan of the paper can still be attached.",
                number=self.display_name,
            )
        if self.state == "signed":
            return _("A signed decision cannot be changed: cancel it with a reason instead.")
        return super()._kttv_locked_message(names)

    def _kttv_unlink_message(self):
        if self.number_issued:
            return self._kttv_number_unlink_message()
        return super()._kttv_unlink_message()

    def _kttv_number_unlink_message(self):
        return _(
            "Decision %(number)s has been issued under its number: it cannot be deleted, only cancelled with a "
            "reason, and stays in the register.",
            number=self.display_name,
        )

    def _kttv_number_used_message(self, number, year, scope):
        authorities = dict(self._fields["authority"]._description_selection(self.env))
        return _(
            "Decision number %(number)s is already used in %(year)s by the %(authority)s: choose another number.",
            number=number,
            year=year,
            authority=authorities.get(scope[0], scope[0] or "").lower(),
        )

    # ------------------------------------------------------------------
    # Steps: who, from which state, with today's refusals
    # ------------------------------------------------------------------

    def _signatory_group(self):
        """Who signs (and undoes the signature): the Director General here, TCCB records the Ministry's."""
        self.ensure_one()
        return MANAGER if self.authority == "administration" else OFFICER

    @api.depends("state", "authority")
    @api.depends_context("uid")
    def _compute_kttv_can(self):
        # Who signs follows the authority as well as the state.
        return super()._compute_kttv_can()

    def _kttv_step_condition(self, step):
        if step in ("fetch_passed", "to_sign"):
            return self.filtered(lambda decision: decision.authority == "administration")
        if step == "sign":
            return self.filtered(lambda decision: decision._kttv_has_group(decision._signatory_group()))
        if step == "cancel":
            return self.filtered(
                lambda decision: decision.state != "signed" or decision._kttv_has_group(decision._signatory_group())
            )
        return self

    def _kttv_step_refusal(self, step):
        if step == "fetch_passed":
            return _("Only a draft decision of the Administration pulls the council's dossiers.")
        if step == "to_sign":
            return _(
                "Decision %(number)s is the Ministry's: it is recorded as signed, not sent for signature.",
                number=self.display_name,
            )
        return super()._kttv_step_refusal(step)

    def _kttv_state_refusal(self, step):
        """Why ``step`` cannot be taken from this decision's state, as the decision says it."""
        if step == "sign":
            if self.state == "signed":
                return _("Decision %(number)s is already signed.", number=self.display_name)
            return _("Decision %(number)s cannot be signed now.", number=self.display_name)
        if step == "cancel":
            return _("Decision %(number)s is already cancelled.", number=self.display_name)
        if step == "to_sign":
            return _("Decision %(number)s is not a draft.", number=self.display_name)
        if step == "reset_to_draft":
            return _("Only a decision waiting for its signature goes back to draft.")
        return _("Only a draft decision of the Administration pulls the council's dossiers.")

    def _kttv_check_step(self, step):
        """The engine's check, the signatory's role first and the decision's own words for the states.

        Signing, and undoing a signature, is the role of the authority's
        signatory: an AccessError like any role refused.
        """
        declared = self._kttv_steps[step]
        if declared.groups and any(self._kttv_has_group(group) for group in declared.groups):
            for decision in self:
                if step == "sign" or (step == "cancel" and decision.state == "signed"):
                    action = declared.label if step == "sign" else _lt("cancel a signed decision")
                    decision._kttv_require(decision._signatory_group(), action)
            refused = self.filtered(lambda decision: decision.state not in declared.states)
            if refused:
                raise UserError(refused[:1]._kttv_state_refusal(step))
        return super()._kttv_check_step(step)

    def _lock(self):
        """Take the decisions' rows for this transaction, or fail at once.

        Two people signing at the same moment: the second waits for nothing and
        gets a lock error; Odoo retries their request, which then finds the
        decision signed and stops with a clear message.
        """
        self.env.cr.execute(
            SQL("SELECT id FROM kttv_emulation_decision WHERE id IN %s FOR UPDATE NOWAIT", tuple(self.ids))
        )
        self.invalidate_recordset()

    # ------------------------------------------------------------------
    # Registrations
    # ------------------------------------------------------------------

    def action_fetch_passed(self):
        """Pull in every dossier the council passed that no decision recognises yet."""
        return self._kttv_run("fetch_passed")

    def _do_fetch_passed(self):
        passed = self.env["kttv.exemplar.registration"].search([("state", "=", "council"), ("vote_passed", "=", True)])
        taken = self.search([("state", "in", ("draft", "to_sign")), ("id", "not in", self.ids)]).registration_ids
        free = passed - taken
        added = False
        for decision in self:
            # Titles the head cannot award go to the Ministry (a proposal), not into this decision.
            fetched = free.filtered(
                lambda r, decision=decision: (
                    (not decision.phase_id or r.phase_id == decision.phase_id)
                    and (not decision._title_for(r) or decision._title_for(r)._awardable_by(decision.authority))
                )
            )
            fetched -= decision.registration_ids
            if fetched:
                decision.registration_ids = [fields.Command.link(registration.id) for registration in fetched]
                # One decision recognises a dossier.
                free -= fetched
                added = True
        if not added:
            raise UserError(
                _(
                    "Nothing to add to %(decision)s: no dossier the council passed is waiting for it. Those already "
                    "in another decision not yet signed, of another phase, or with a title the Ministry awards are "
                    "left out.",
                    decision=self[:1].display_name,
                )
            )

    def _check_registrations(self):
        """Every exemplar is one the council passed (or the Ministry was proposed), granted what it could be.

        None of them is on hold (discipline, inspection) on the decision's
        date: one query per date.
        """
        states = dict(self.env["kttv.exemplar.registration"]._fields["state"]._description_selection(self.env))
        Hold = self.env["kttv.subject.hold"]
        for on_date in set(self.mapped("date")):
            registrations = self.filtered(lambda d, on_date=on_date: d.date == on_date).registration_ids.sudo()
            Hold._check_no_hold(
                registrations.employee_id,
                registrations.department_id,
                on_date,
                _("Recognising them by a decision dated %(date)s", date=fields.Date.to_string(on_date)),
            )
        for decision in self:
            rule = RECOGNITION[decision.authority]
            if not decision.registration_ids and not decision.nomination_ids:
                raise UserError(_("Decision %(number)s recognises nobody yet.", number=decision.display_name))
            for registration in decision.registration_ids:
                if registration.state != rule["from"] or (
                    decision.authority == "administration" and not registration.vote_passed
                ):
                    raise UserError(
                        _(
                            "%(registration)s cannot be recognised by decision %(number)s: it is %(state)s.",
                            registration=registration.display_name,
                            number=decision.display_name,
                            state=states.get(registration.state, registration.state),
                        )
                    )
                decision._check_title(registration)
        self.env["kttv.title.nomination"]._kttv_check_decisions(self)

    def _check_title(self, registration):
        """What is granted is what the council could vote: right kind of subject, threshold reached."""
        title = self._title_for(registration)
        if not title:
            raise UserError(_("%(registration)s has no recognition proposed.", registration=registration.display_name))
        if not title._applies_to(registration.target):
            raise UserError(
                _(
                    "%(registration)s cannot receive %(title)s by decision %(number)s: it is not granted to a "
                    "%(target)s.",
                    registration=registration.display_name,
                    title=title.name,
                    number=self.display_name,
                    target=dict(registration._fields["target"]._description_selection(self.env))[
                        registration.target
                    ].lower(),
                )
            )
        self._check_authority(title, registration)
        # The Ministry's decision follows the Ministry's own council: only ours is checked here. The title the
        # council voted on is counted on the rules frozen when its vote opened; another title granted instead
        # needs its own threshold.
        threshold = registration.vote_threshold if title == registration.title_id else title.vote_threshold
        if (
            self.authority == "administration"
            and title.secret_vote
            and float_compare(threshold, registration.vote_percent, precision_digits=2) > 0
        ):
            raise UserError(
                _(
                    "%(registration)s cannot receive %(title)s by decision %(number)s: the council approved it "
                    "with %(percent)s%% of its members and %(title)s needs %(threshold)s%% in a secret vote.",
                    registration=registration.display_name,
                    title=title.name,
                    number=self.display_name,
                    percent=formatLang(self.env, registration.vote_percent, digits=2),
                    threshold=formatLang(self.env, threshold, digits=2),
                )
            )

    def _check_authority(self, title, registration=None):
        """The issuer may award ``title`` (Law 06/2022 art. 80), or a clear refusal saying where it goes."""
        if not title or title._awardable_by(self.authority):
            return
        authorities = dict(title._fields["award_authority"]._description_selection(self.env))
        values = {
            "number": self.display_name,
            "title": title.name,
            "subject": registration.display_name if registration else self.subject,
            "authority": authorities.get(title.award_authority, "").lower(),
        }
        if self.authority == "administration":
            raise UserError(
                _(
                    "Decision %(number)s cannot grant %(title)s (%(subject)s): it is awarded by the %(authority)s, "
                    "not by the head of the agency (Law on Emulation and Commendation, art. 80). Propose it to "
                    "the Ministry with a Proposal to the Ministry instead.",
                    **values,
                )
            )
        raise UserError(
            _(
                "The Ministry's decision %(number)s cannot grant %(title)s (%(subject)s): it is awarded by the "
                "%(authority)s (Law on Emulation and Commendation, art. 80).",
                **values,
            )
        )

    def _check_authority_all(self):
        """Every title the drafts grant is theirs to grant: checked when they are written."""
        for decision in self.filtered(lambda d: d.state in ("draft", "to_sign")):
            if decision.title_id and not decision.registration_ids:
                decision._check_authority(decision.title_id)
            for registration in decision.registration_ids:
                decision._check_authority(decision._title_for(registration), registration)

    # ------------------------------------------------------------------
    # Life cycle
    # ------------------------------------------------------------------

    def _kttv_expected_activities(self):
        """One sign activity per decision waiting for its signature; print, pay, publicise once signed."""
        expected = []
        to_sign = self.filtered(lambda decision: decision.state == "to_sign")
        if to_sign:
            director = self._kttv_director()
            for decision in to_sign:
                note = _("%(count)s exemplars to recognise.", count=len(decision.registration_ids))
                expected.append((decision, SIGN, director, note))
        signed = self.filtered(lambda decision: decision.state == "signed")
        if signed:
            tccb = self._kttv_tccb_officers()
            for decision in signed:
                officers = decision.sudo().registration_ids.plan_id.officer_id or tccb
                expected.extend((decision, xmlid, officers, False) for xmlid in FOLLOW_UPS)
        return expected

    def action_to_sign(self):
        return self._kttv_run("to_sign")

    def _do_to_sign(self):
        self._check_registrations()
        self._kttv_number_issue()
        self._kttv_move("to_sign")

    def action_reset_to_draft(self):
        """Back to draft: the sign activity is withdrawn; the number taken stays the decision's."""
        return self._kttv_run("reset_to_draft")

    def _do_reset_to_draft(self):
        self._kttv_move("draft")

    def action_sign(self):
        """Sign: recognise the exemplars, write their achievements and pay their rewards."""
        return self._kttv_run("sign")

    def _signature_values(self, user):
        """Who signs, as printed: the head himself, or a deputy on his behalf (KT.).

        The head is the company's Director General; any other member of the
        Director General's group is a deputy. The name is the signing user's
        own (his employee's), never a text typed beforehand.
        """
        if self.authority != "administration":
            return {"signer_id": False}
        company = self.env.company.sudo()
        identity = self._kttv_identity_values()
        head_title = identity["head_title"]
        user = user.sudo()
        is_head = not company.kttv_director_id or user == company.kttv_director_id
        deputy_title = identity["deputy_title"] or decision_rules.deputy_title(head_title)
        return {
            "signer_id": user.id,
            "signer_name": user.employee_id.name or user.name,
            "signer_title": head_title if is_head else deputy_title,
            "signer_on_behalf": False if is_head else head_title,
        }

    def _do_sign(self):
        """The whole recordset at once: a number of queries that does not grow with the exemplars."""
        self._lock()
        if any(decision.authority == "ministry" and decision.number == NEW for decision in self):
            raise UserError(_("Enter the number of the decision before it is signed or recorded."))
        self._check_registrations()
        self._kttv_number_issue()
        self._recognise()
        self.env["kttv.achievement"]._create_from_decision(self)
        Lines = self.env["kttv.reward.fund.line"]
        paid = {decision.id: Lines._create_rewards(decision, decision.registration_ids.sudo()) for decision in self}
        for decision_id, lines in self.env["kttv.title.nomination"]._kttv_decided(self).items():
            paid[decision_id] |= lines
        # The Director General did what the activity asked.
        self._kttv_activities_done(self._kttv_activities_of([SIGN]))
        now = fields.Datetime.now()
        # One move per authority and titles of the head (the identity on the decisions' dates).
        groups = defaultdict(self.browse)
        for decision in self:
            identity = decision._kttv_identity_values()
            groups[decision.authority, identity["head_title"], identity["deputy_title"]] |= decision
        for decisions in groups.values():
            decisions._kttv_move(
                "signed",
                {"signed_on": now, **decisions[:1]._signature_values(self.env.user)},
                body={
                    decision.id: self.env._(
                        "Signed: %(count)s exemplars recognised, %(amount)s VND of rewards.",
                        count=len(decision.registration_ids) + len(decision.nomination_ids),
                        amount=formatLang(self.env, sum(paid[decision.id].mapped("amount")), digits=0),
                    )
                    for decision in decisions
                },
            )
        ministry = self.filtered("proposal_id")
        if ministry:
            ministry.proposal_id._ministry_decided(ministry)

    def _recognise(self):
        """The exemplars move to recognised (by the Ministry for its decision), in one move per decision.

        Each exemplar names its decision in ``recognition_decision_id``; its
        note is the state's change, with no text sanitised hundreds of times.
        """
        for decision in self:
            decision.registration_ids.sudo()._kttv_move(
                RECOGNITION[decision.authority]["to"],
                {"date_recognized": decision.date, "recognition_decision_id": decision.id},
            )

    def action_cancel(self):
        """Ask for the reason, once it is sure the cancellation can go through."""
        self._kttv_check_step("cancel")
        # Refused before the reason is asked: nothing to type in vain.
        self.filtered(lambda decision: decision.state == "signed")._check_cancellable()
        return {
            "type": "ir.actions.act_window",
            "res_model": "kttv.decision.cancel.wizard",
            "view_mode": "form",
            "target": "new",
            "name": _("Cancel the decision"),
            "context": {"default_decision_ids": self.ids},
        }

    def _do_cancel(self, reason):
        """Cancel with a reason; for a signed decision, undo all that signing did."""
        if not (reason or "").strip():
            raise UserError(_("Give the reason the decision is cancelled."))
        self._lock()
        if any(decision.state == "cancelled" for decision in self):
            raise UserError(_("The decision has just been cancelled by someone else."))
        signed = self.filtered(lambda decision: decision.state == "signed")
        if signed:
            signed._check_cancellable()
            signed._undo_signature(reason)
        self._kttv_move("cancelled", {"cancel_reason": reason}, body=_("Cancelled: %(reason)s", reason=reason))

    def _check_cancellable(self):
        """Refuse, before anything is undone, a cancellation that would leave wrong data behind."""
        self._check_not_gone_further()
        self._check_no_later_top_up()
        self.filtered("proposal_id")._check_left_out_unchanged()

    def _check_not_gone_further(self):
        """Exemplars the Administration recognised and then proposed to the Ministry."""
        for decision in self.filtered(lambda d: d.authority == "administration"):
            further = decision.registration_ids.sudo().filtered(
                lambda r: r.state in ("ministry_proposed", "ministry_recognized")
            )
            if not further:
                continue
            proposals = further.proposal_ids.filtered(lambda p: p.state in ("sent", "decided"))
            ministry = further.decision_ids.filtered(lambda d: d.authority == "ministry" and d.state == "signed")
            documents = [self.env._("the Ministry's decision %(number)s", number=d.number) for d in ministry]
            documents += [self.env._("the proposal %(number)s", number=p.number) for p in proposals]
            raise UserError(
                _(
                    "Decision %(number)s cannot be cancelled: %(registrations)s went on to the Ministry. "
                    "Cancel first %(documents)s.",
                    number=decision.number,
                    registrations=", ".join(further.mapped("display_name")),
                    documents=", ".join(documents),
                )
            )

    def _check_no_later_top_up(self):
        """A later decision paid a higher title only the difference with this one's payment.

        Cancelling this one would leave that subject underpaid: the later
        decision is cancelled first (then signed again if it still stands).
        One search for the whole recordset.
        """
        mine = self.sudo().fund_line_ids.filtered(
            lambda line: not line.cancelled and line.kind == "reward" and line.title_id.kind == "title"
        )
        if not mine:
            return
        later = (
            self.env["kttv.achievement"]
            .sudo()
            .search(
                [
                    ("source", "=", "decision"),
                    ("decision_id", "not in", self.ids),
                    ("decision_id.state", "=", "signed"),
                    ("kind", "=", "title"),
                    ("year", "in", list(set(self.mapped("achievement_year")))),
                    "|",
                    ("employee_id", "in", mine.employee_id.ids),
                    ("department_id", "in", mine.department_id.ids),
                ]
            )
        )
        for decision in self.sudo():
            paid = {(line.employee_id.id, line.department_id.id) for line in mine if line.decision_id == decision}
            if not paid:
                continue
            first_row = {}
            for achievement in decision.achievement_ids:
                first_row.setdefault((achievement.employee_id.id, achievement.department_id.id), achievement.id)
            topped = later.filtered(
                lambda a, decision=decision, paid=paid, first_row=first_row: (
                    a.year == decision.achievement_year
                    and (key := (a.employee_id.id, a.department_id.id)) in paid
                    and a.id > first_row.get(key, 0)
                )
            )
            if topped:
                raise UserError(
                    _(
                        "Decision %(number)s cannot be cancelled: the later decision %(later)s paid %(subjects)s "
                        "only the difference with what this one paid (the highest title of a year is paid once). "
                        "Cancel %(later)s first.",
                        number=decision.number,
                        later=", ".join(sorted(set(topped.decision_id.mapped("number")))),
                        subjects=", ".join(sorted({a._subject().display_name for a in topped})),
                    )
                )

    def _check_left_out_unchanged(self):
        """Those the Ministry left out go back to its proposal: unless they have moved since."""
        states = dict(self.env["kttv.exemplar.registration"]._fields["state"]._description_selection(self.env))
        for decision in self:
            left_out = decision._left_out()
            before = self.env["kttv.ministry.proposal"]._state_without_ministry(left_out)
            moved = left_out.filtered(lambda r, before=before: r.state != before[r.id])
            if moved:
                raise UserError(
                    _(
                        "Decision %(number)s cannot be cancelled: %(registrations)s, left out by it, have changed "
                        "since (%(states)s) and could not return to proposal %(proposal)s.",
                        number=decision.number,
                        registrations=", ".join(moved.mapped("display_name")),
                        states=", ".join(sorted({states.get(state, state) for state in moved.mapped("state")})),
                        proposal=decision.proposal_id.number,
                    )
                )

    def _left_out(self):
        """The exemplars of the proposal this Ministry decision did not recognise."""
        self.ensure_one()
        return self.proposal_id.sudo().registration_ids - self.registration_ids

    def _undo_signature(self, reason):
        """Undo what signing did, for the whole recordset: exemplars, achievements, payments, proposals."""
        groups = defaultdict(lambda: [self.env["kttv.exemplar.registration"].sudo(), {}])
        for decision in self:
            rule = RECOGNITION[decision.authority]
            # Only what this decision recognised: not a dossier another signed decision holds.
            registrations = decision.registration_ids.sudo().filtered(
                lambda r, decision=decision, rule=rule: (
                    r.state == rule["to"]
                    and not r.decision_ids.filtered(
                        lambda d: d.id not in self.ids and d.state == "signed" and d.authority == decision.authority
                    )
                )
            )
            text = _("Decision %(number)s was cancelled: %(reason)s", number=decision.number, reason=reason)
            group = groups[rule["from"]]
            group[0] |= registrations
            group[1].update(dict.fromkeys(registrations.ids, text))
        for state, (registrations, bodies) in groups.items():
            # Back to the decision still signed (the Administration's under a cancelled Ministry's), if any.
            by_decision = defaultdict(registrations.browse)
            for registration in registrations:
                by_decision[registration._recognition_decision(excluding=self)] |= registration
            for still, moved in by_decision.items():
                moved._kttv_move(
                    state,
                    {"recognition_decision_id": still.id, "date_recognized": still.date},
                    body={registration_id: bodies[registration_id] for registration_id in moved.ids},
                )
        self.env["kttv.achievement"]._unlink_from_decision(self)
        self.env["kttv.title.nomination"]._kttv_decision_cancelled(self, reason)
        self.env["kttv.reward.fund.line"]._cancel_rewards(self, reason)
        ministry = self.filtered("proposal_id")
        if ministry:
            ministry.proposal_id._ministry_decision_cancelled(ministry, reason)

    def action_open_registrations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("kttv_emulation.kttv_exemplar_registration_action")
        action["domain"] = [("id", "in", self.registration_ids.ids)]
        action["context"] = {}
        return action
