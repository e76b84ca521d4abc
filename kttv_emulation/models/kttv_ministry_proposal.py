from datetime import date as Date

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .kttv_numbered_mixin import NEW
from .kttv_workflow_mixin import OFFICER

# Written by the life cycle (the action_* methods), never by a client.
WORKFLOW_FIELDS = ("state",)


class KttvMinistryProposal(models.Model):
    """A proposal to the Minister to recognise exemplars (tờ trình đề nghị Bộ)."""

    _name = "kttv.ministry.proposal"
    _inherit = ["mail.thread", "mail.activity.mixin", "kttv.workflow.mixin", "kttv.numbered.mixin"]
    _description = "Proposal to the Ministry"
    _order = "date desc, id desc"
    _rec_name = "number"

    number = fields.Char(
        required=True,
        copy=False,
        default=NEW,
        tracking=True,
        help="Number and symbol, unique in a year. Taken from the yearly numbering of the proposal's date when it "
        "is sent, unless one was typed.",
    )
    number_entry = fields.Char(
        help="Leave empty to take the next number of the year when the proposal is sent.",
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    subject = fields.Char(
        "Abstract",
        required=True,
        default=lambda self: _(
            "Proposal to recognise advanced exemplars of the natural resources and environment sector"
        ),
    )
    phase_id = fields.Many2one("kttv.exemplar.phase")
    registration_ids = fields.Many2many(
        "kttv.exemplar.registration",
        "kttv_proposal_registration_rel",
        "proposal_id",
        "registration_id",
        string="Exemplars proposed",
    )
    registration_count = fields.Integer(compute="_compute_registration_count")
    body = fields.Html(help="The reasons for the proposal, as the Minister will read them.")
    recipients = fields.Text(default=lambda self: _("As above;\nFiling: VT, TCCB."))
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("sent", "Sent to the Ministry"),
            ("decided", "Decided by the Ministry"),
            ("cancelled", "Withdrawn"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        string="Status",
    )
    decision_ids = fields.One2many("kttv.emulation.decision", "proposal_id", string="Ministry decisions")

    @api.depends("registration_ids")
    def _compute_registration_count(self):
        for proposal in self:
            proposal.registration_count = len(proposal.registration_ids)

    # ------------------------------------------------------------------
    # Numbers
    # ------------------------------------------------------------------

    def _number_clash(self, number, year, exclude=()):
        return bool(
            self.sudo().search_count(
                [
                    ("number", "=", number),
                    ("date", ">=", Date(year, 1, 1)),
                    ("date", "<=", Date(year, 12, 31)),
                    ("id", "not in", list(exclude)),
                ],
                limit=1,
            )
        )

    def _check_number_free(self, vals_list):
        """A number already used that year is refused, before the insert."""
        for vals in vals_list:
            number, day = vals.get("number"), fields.Date.to_date(vals.get("date"))
            if not number or number == NEW or not day:
                continue
            if self._number_clash(number, day.year, vals.get("_exclude", [])):
                raise ValidationError(
                    _(
                        "Proposal number %(number)s is already used in %(year)s: choose another number.",
                        number=number,
                        year=day.year,
                    )
                )

    def _number_taken(self, number):
        return self._number_clash(number, self.date.year)

    def _assign_number(self):
        """Number the proposals still without one, in the year of their own date."""
        for proposal in self.filtered(lambda p: p.number == NEW):
            proposal.sudo().write({"number": proposal._next_free_number("kttv.ministry.proposal", "TTr")})

    # ------------------------------------------------------------------
    # Create, write, unlink
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not self.env.su and vals.get("state", "draft") != "draft":
                raise UserError(_("A proposal is created as a draft: it is sent with its button."))
            vals.setdefault("date", fields.Date.context_today(self))
        vals_list = [self._number_vals({"number": NEW, **vals}) for vals in vals_list]
        self._check_number_free(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            if set(vals) & set(WORKFLOW_FIELDS):
                raise UserError(_("Use the buttons of the proposal to change its status."))
            if "registration_ids" in vals and any(p.state != "draft" for p in self):
                raise UserError(_("The exemplars of a proposal sent to the Ministry cannot change."))
            sent = self.filtered(lambda p: p.state != "draft")
            if sent:
                raise UserError(
                    _(
                        "Proposal %(number)s has been sent to the Ministry: it cannot be changed.",
                        number=sent[0].display_name,
                    )
                )
        vals = self._number_vals(vals)
        if {"number", "date"} & set(vals):
            self._check_number_free(
                [
                    {
                        "number": vals.get("number", proposal.number),
                        "date": vals.get("date", proposal.date),
                        "_exclude": [proposal.id],
                    }
                    for proposal in self
                ]
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(proposal.state != "draft" for proposal in self):
            raise UserError(_("A proposal sent to the Ministry cannot be deleted."))

    # ------------------------------------------------------------------
    # Life cycle
    # ------------------------------------------------------------------

    def action_send(self):
        """Send to the Ministry: the exemplars become proposed."""
        self._kttv_require(OFFICER, _("propose exemplars to the Ministry"))
        for proposal in self:
            if proposal.state != "draft":
                raise UserError(_("Proposal %(number)s has already been sent.", number=proposal.display_name))
            if not proposal.registration_ids:
                raise UserError(_("Proposal %(number)s proposes nobody.", number=proposal.display_name))
            not_recognised = proposal.registration_ids.filtered(lambda r: r.state != "recognized")
            if not_recognised:
                raise UserError(
                    _(
                        "Only exemplars recognised by the Administration can be proposed: %(names)s.",
                        names=", ".join(not_recognised.mapped("display_name")),
                    )
                )
        self._assign_number()
        self.sudo().write({"state": "sent"})
        for proposal in self:
            registrations = proposal.registration_ids.sudo()
            registrations.write({"state": "ministry_proposed"})
            for registration in registrations:
                registration.message_post(body=_("Proposed to the Ministry by %(number)s.", number=proposal.number))

    def action_cancel(self):
        """Withdraw the proposal: its exemplars are again recognised by the Administration only."""
        self._kttv_require(OFFICER, _("withdraw a proposal to the Ministry"))
        for proposal in self:
            if proposal.state == "cancelled":
                raise UserError(_("Proposal %(number)s is already withdrawn.", number=proposal.display_name))
            if proposal.state == "decided":
                raise UserError(
                    _(
                        "The Ministry has decided on proposal %(number)s: cancel its decision %(decision)s first.",
                        number=proposal.display_name,
                        decision=", ".join(
                            proposal.decision_ids.filtered(lambda d: d.state == "signed").mapped("number")
                        ),
                    )
                )
        for proposal in self:
            # Its unsigned Ministry decisions would now recognise nobody proposed.
            pending = proposal.decision_ids.filtered(lambda d: d.state in ("draft", "to_sign"))
            if pending:
                pending.sudo()._kttv_cancel(_("Proposal %(number)s was withdrawn.", number=proposal.display_name))
            if proposal.state == "sent":
                registrations = proposal.registration_ids.sudo().filtered(lambda r: r.state == "ministry_proposed")
                registrations.write({"state": "recognized"})
                for registration in registrations:
                    registration.message_post(
                        body=_("Proposal %(number)s to the Ministry was withdrawn.", number=proposal.number)
                    )
        self.sudo().write({"state": "cancelled"})

    def action_record_decision(self):
        """Open a Ministry decision for this proposal, to record once signed there."""
        self.ensure_one()
        self._kttv_require(OFFICER, _("record the Ministry's decision"))
        if self.state != "sent":
            raise UserError(_("Proposal %(number)s has not been sent to the Ministry.", number=self.display_name))
        decision = self.env["kttv.emulation.decision"].create(
            {
                "authority": "ministry",
                "number": NEW,
                "date": fields.Date.context_today(self),
                "proposal_id": self.id,
                "phase_id": self.phase_id.id,
                "subject": _("Recognition of advanced exemplars of the sector"),
                "registration_ids": [(6, 0, self.registration_ids.ids)],
                "title_id": self.env.ref("kttv_emulation.commendation_bang_khen_bo").id,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "kttv.emulation.decision",
            "res_id": decision.id,
            "view_mode": "form",
        }

    def _ministry_decided(self, decision):
        """The Ministry signed: those it left out are recognised by the Administration only."""
        self.sudo().write({"state": "decided"})
        left_out = (
            self.registration_ids.sudo().filtered(lambda r: r.state == "ministry_proposed") - decision.registration_ids
        )
        left_out.write({"state": "recognized"})
        for registration in left_out:
            registration.message_post(
                body=_("Not recognised by the Ministry's decision %(number)s.", number=decision.number)
            )

    def _ministry_decision_cancelled(self, decision, reason):
        """The Ministry's decision was cancelled: the proposal waits for a decision again.

        Those it left out are proposed again; those it recognised went back to
        proposed with the decision itself.
        """
        left_out = decision._left_out().filtered(lambda r: r.state == "recognized")
        left_out.write({"state": "ministry_proposed"})
        for registration in left_out:
            registration.message_post(
                body=_(
                    "The Ministry's decision %(number)s was cancelled: proposed again by %(proposal)s.",
                    number=decision.number,
                    proposal=self.number,
                )
            )
        if self.state == "decided" and not self.decision_ids.filtered(lambda d: d != decision and d.state == "signed"):
            self.sudo().write({"state": "sent"})
        self.message_post(
            body=_(
                "The Ministry's decision %(number)s was cancelled: %(reason)s The proposal waits for the "
                "Ministry's decision again.",
                number=decision.number,
                reason=reason,
            )
        )
