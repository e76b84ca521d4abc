from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .kttv_workflow_mixin import OFFICER


class KttvMinistryProposal(models.Model):
    """A proposal to the Minister to recognise exemplars (tờ trình đề nghị Bộ)."""

    _name = "kttv.ministry.proposal"
    _inherit = ["mail.thread", "mail.activity.mixin", "kttv.workflow.mixin"]
    _description = "Proposal to the Ministry"
    _order = "date desc, id desc"
    _rec_name = "number"

    number = fields.Char(required=True, copy=False, default=lambda self: self._default_number(), tracking=True)
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
        [("draft", "Draft"), ("sent", "Sent to the Ministry"), ("decided", "Decided by the Ministry")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        string="Status",
    )
    decision_ids = fields.One2many("kttv.emulation.decision", "proposal_id", string="Ministry decisions")

    @api.model
    def _default_number(self):
        sequence = self.env["ir.sequence"].next_by_code("kttv.ministry.proposal") or "/"
        return f"{sequence}/TTr-{self.env.company.kttv_symbol or ''}"

    @api.depends("registration_ids")
    def _compute_registration_count(self):
        for proposal in self:
            proposal.registration_count = len(proposal.registration_ids)

    def write(self, vals):
        if "state" in vals and not self.env.su:
            raise UserError(_("Use the buttons of the proposal to change its status."))
        if not self.env.su and "registration_ids" in vals and any(p.state != "draft" for p in self):
            raise UserError(_("The exemplars of a proposal sent to the Ministry cannot change."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(proposal.state != "draft" for proposal in self):
            raise UserError(_("A proposal sent to the Ministry cannot be deleted."))

    def action_send(self):
        """Send to the Ministry: the exemplars become proposed."""
        self._kttv_require(OFFICER, _("propose exemplars to the Ministry"))
        for proposal in self:
            if proposal.state != "draft":
                raise UserError(_("Proposal %(number)s has already been sent.", number=proposal.number))
            if not proposal.registration_ids:
                raise UserError(_("Proposal %(number)s proposes nobody.", number=proposal.number))
            not_recognised = proposal.registration_ids.filtered(lambda r: r.state != "recognized")
            if not_recognised:
                raise UserError(
                    _(
                        "Only exemplars recognised by the Administration can be proposed: %(names)s.",
                        names=", ".join(not_recognised.mapped("display_name")),
                    )
                )
        self.sudo().write({"state": "sent"})
        for proposal in self:
            registrations = proposal.registration_ids.sudo()
            registrations.write({"state": "ministry_proposed"})
            for registration in registrations:
                registration.message_post(body=_("Proposed to the Ministry by %(number)s.", number=proposal.number))

    def action_record_decision(self):
        """Open a Ministry decision for this proposal, to record once signed there."""
        self.ensure_one()
        self._kttv_require(OFFICER, _("record the Ministry's decision"))
        if self.state != "sent":
            raise UserError(_("Proposal %(number)s has not been sent to the Ministry.", number=self.number))
        decision = self.env["kttv.emulation.decision"].create(
            {
                "authority": "ministry",
                "number": "/",
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
