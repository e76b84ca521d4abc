from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, float_compare, formatLang

from ..lib import decisions as decision_rules
from ..lib import rewards
from .kttv_numbered_mixin import NEW
from .kttv_workflow_mixin import MANAGER, OFFICER

SIGN = "kttv_emulation.mail_act_decision_sign"
FOLLOW_UPS = (
    "kttv_emulation.mail_act_decision_print",
    "kttv_emulation.mail_act_decision_pay",
    "kttv_emulation.mail_act_decision_publicise",
)
REGISTRATION_SIGN = "kttv_emulation.mail_act_registration_sign"
SEQUENCES = ("kttv_emulation.seq_kttv_emulation_decision", "kttv_emulation.seq_kttv_ministry_proposal")

# Written by the life cycle (the action_* methods), never by a client.
WORKFLOW_FIELDS = ("state", "signer_id", "signed_on", "cancel_reason", "achievement_ids", "fund_line_ids")
# What may still change once a decision is signed or cancelled: the scan of the paper.
SIGNED_WRITABLE = {"document", "document_name"}

# What signing does to a registration, and what cancelling undoes, per authority.
RECOGNITION = {
    "administration": {"from": "council", "to": "recognized", "fund_level": "administration"},
    "ministry": {"from": "ministry_proposed", "to": "ministry_recognized", "fund_level": "ministry"},
}


class KttvEmulationDecision(models.Model):
    """A decision recognising exemplars (quyết định công nhận)."""

    _name = "kttv.emulation.decision"
    _inherit = ["mail.thread", "mail.activity.mixin", "kttv.workflow.mixin", "kttv.numbered.mixin"]
    _description = "Recognition decision"
    _order = "date desc, id desc"
    _rec_name = "number"

    number = fields.Char(
        required=True,
        copy=False,
        tracking=True,
        default=NEW,
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
    year = fields.Integer(compute="_compute_year", store=True, aggregator=None, index=True)
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
        default=lambda self: _("Recognition of advanced exemplars"),
        help="The subject line (trích yếu), e.g. Về việc công nhận điển hình tiên tiến giai đoạn 2021-2023.",
    )
    phase_id = fields.Many2one("kttv.exemplar.phase", index=True)
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
    )
    registration_count = fields.Integer(compute="_compute_registration_count")
    basis = fields.Text(
        compute="_compute_basis",
        store=True,
        readonly=False,
        precompute=True,
        help="The grounds of the decision (căn cứ), one per line. The decree cited follows the date of the decision.",
    )
    recipients = fields.Text(
        "Recipients",
        default=lambda self: _("As in Article 3;\nThe Ministry (to report);\nFiling: VT, TCCB."),
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
        help="Title of the person who signs, e.g. Tổng cục trưởng, Phó Tổng cục trưởng, or Bộ trưởng for a "
        "Ministry decision.",
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
    signed_on = fields.Datetime(readonly=True, copy=False)
    cancel_reason = fields.Text(readonly=True, copy=False, tracking=True)
    document = fields.Binary("Signed scan", attachment=True, copy=False)
    document_name = fields.Char(copy=False)
    achievement_ids = fields.One2many("kttv.achievement", "decision_id", string="Achievements written")
    fund_line_ids = fields.One2many("kttv.reward.fund.line", "decision_id", string="Reward payments", groups=OFFICER)
    total_reward = fields.Monetary(compute="_compute_total_reward", currency_field="currency_id", groups=OFFICER)
    currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env.ref("base.VND", raise_if_not_found=False)
    )
    proposal_id = fields.Many2one("kttv.ministry.proposal", string="Proposal", index=True, copy=False)

    def init(self):
        # Unique per year and authority, except "/" (a Ministry decision whose
        # number is not known yet): a partial index, which _sql_constraints cannot express.
        self.env.cr.execute(
            """CREATE UNIQUE INDEX IF NOT EXISTS kttv_emulation_decision_number_unique
               ON kttv_emulation_decision (number, year, authority) WHERE number != '/'"""
        )

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

    def _number_taken(self, number):
        return self._number_clash(number, self.authority, self.date.year)

    def _assign_number(self):
        """Number the Administration's decisions still without one, by their own date."""
        for decision in self.filtered(lambda d: d.authority == "administration" and d.number == NEW):
            decision.sudo().write({"number": decision._next_free_number("kttv.emulation.decision", "QĐ")})

    @api.model
    def _default_basis(self, on_date=None):
        try:
            decree = decision_rules.decree_on(on_date or fields.Date.context_today(self))
        except LookupError:
            # Before Law 06/2022/QH15: the officer writes the grounds of the time.
            return _(
                "The proposal of the Emulation and Commendation Council and of the Director of the Personnel "
                "Department."
            )
        return _(
            "Law on Emulation and Commendation No. 06/2022/QH15 of 15 June 2022;\n"
            "Decree No. %(decree)s detailing the Law on Emulation and Commendation;\n"
            "The proposal of the Emulation and Commendation Council and of the Director of the Personnel Department.",
            decree=decree,
        )

    @api.depends("date")
    def _compute_basis(self):
        for decision in self:
            if decision.state not in (False, "draft"):
                continue
            on_date = decision.date or fields.Date.context_today(self)
            if decision.basis:
                # Grounds edited by hand keep their wording; only the decree follows the date.
                decision.basis = decision_rules.cite_decree(decision.basis, on_date)
            else:
                decision.basis = decision._default_basis(on_date)

    @api.depends("date")
    def _compute_year(self):
        for decision in self:
            decision.year = decision.date.year if decision.date else 0

    @api.depends("date")
    def _compute_achievement_year(self):
        for decision in self:
            if decision.date and not decision.achievement_year:
                decision.achievement_year = decision.date.year

    @api.depends("registration_ids")
    def _compute_registration_count(self):
        for decision in self:
            decision.registration_count = len(decision.registration_ids)

    @api.depends("fund_line_ids.amount", "fund_line_ids.cancelled")
    def _compute_total_reward(self):
        for decision in self:
            decision.total_reward = sum(
                decision.fund_line_ids.filtered(lambda line: not line.cancelled).mapped("amount")
            )

    # ------------------------------------------------------------------
    # Create, write, unlink
    # ------------------------------------------------------------------

    def _number_clash(self, number, authority, year, exclude=()):
        return bool(
            self.sudo()
            .with_context(active_test=False)
            .search_count(
                [
                    ("number", "=", number),
                    ("authority", "=", authority),
                    ("year", "=", year),
                    ("id", "not in", list(exclude)),
                ],
                limit=1,
            )
        )

    def _check_number_free(self, vals_list):
        """A number already used that year by the same authority is refused, before the insert."""
        for vals in vals_list:
            number, authority = vals.get("number"), vals.get("authority")
            date = fields.Date.to_date(vals.get("date"))
            if not number or number == NEW or not date:
                continue
            if self._number_clash(number, authority, date.year, vals.get("_exclude", [])):
                raise ValidationError(
                    _(
                        "Decision number %(number)s is already used in %(year)s by the %(authority)s: "
                        "choose another number.",
                        number=number,
                        year=date.year,
                        authority=dict(self._fields["authority"]._description_selection(self.env))[authority].lower(),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not self.env.su and (
                vals.get("state", "draft") != "draft" or any(vals.get(name) for name in WORKFLOW_FIELDS[1:])
            ):
                raise UserError(
                    _("A decision is created as a draft: it is signed and cancelled with its buttons, never typed.")
                )
            vals.setdefault("authority", self.env.context.get("default_authority") or "administration")
            vals.setdefault("date", fields.Date.context_today(self))
        # The number is taken when the decision is sent for signature, by its date.
        vals_list = [self._number_vals({"number": NEW, **vals}) for vals in vals_list]
        self._check_number_free(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            if set(vals) & set(WORKFLOW_FIELDS):
                raise UserError(_("Use the buttons of the decision to change its status."))
            for decision in self:
                if decision.state == "draft":
                    continue
                if decision.state == "to_sign":
                    raise UserError(
                        _(
                            "Decision %(number)s is waiting for its signature: it cannot be changed unless it is "
                            "put back to draft.",
                            number=decision.display_name,
                        )
                    )
                if set(vals) - SIGNED_WRITABLE:
                    raise UserError(_("A signed decision cannot be changed: cancel it with a reason instead."))
        vals = self._number_vals(vals)
        if {"number", "authority", "date"} & set(vals):
            self._check_number_free(
                [
                    {
                        "number": vals.get("number", decision.number),
                        "authority": vals.get("authority", decision.authority),
                        "date": vals.get("date", decision.date),
                        "_exclude": [decision.id],
                    }
                    for decision in self
                ]
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never_signed(self):
        for decision in self:
            if decision.signed_on or decision.state in ("signed", "cancelled"):
                raise UserError(
                    _(
                        "Decision %(number)s has been signed: it cannot be deleted, only cancelled with a reason.",
                        number=decision.number,
                    )
                )
            if decision.state == "to_sign":
                raise UserError(
                    _(
                        "Decision %(number)s is waiting for its signature: put it back to draft before deleting it.",
                        number=decision.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Registrations
    # ------------------------------------------------------------------

    def action_fetch_passed(self):
        """Pull in every dossier the council passed that no decision recognises yet."""
        self._kttv_require(OFFICER, _("prepare a decision"))
        for decision in self:
            if decision.state != "draft" or decision.authority != "administration":
                raise UserError(_("Only a draft decision of the Administration pulls the council's dossiers."))
            domain = [("state", "=", "council"), ("vote_passed", "=", True)]
            if decision.phase_id:
                domain.append(("phase_id", "=", decision.phase_id.id))
            passed = self.env["kttv.exemplar.registration"].search(domain)
            taken = self.search([("state", "in", ("draft", "to_sign")), ("id", "!=", decision.id)]).registration_ids
            decision.registration_ids |= passed - taken

    def _check_registrations(self):
        for decision in self:
            rule = RECOGNITION[decision.authority]
            if not decision.registration_ids:
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
                            state=dict(registration._fields["state"].selection)[registration.state],
                        )
                    )
                decision._check_title(registration)

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
        # The Ministry's decision follows the Ministry's own council: only ours is checked here.
        if (
            self.authority == "administration"
            and title.secret_vote
            and float_compare(title.vote_threshold, registration.vote_percent, precision_digits=2) > 0
        ):
            raise UserError(
                _(
                    "%(registration)s cannot receive %(title)s by decision %(number)s: the council approved it "
                    "with %(percent)s%% of its members and %(title)s needs %(threshold)s%% in a secret vote.",
                    registration=registration.display_name,
                    title=title.name,
                    number=self.display_name,
                    percent=formatLang(self.env, registration.vote_percent, digits=2),
                    threshold=formatLang(self.env, title.vote_threshold, digits=2),
                )
            )

    # ------------------------------------------------------------------
    # Life cycle
    # ------------------------------------------------------------------

    def _require_signatory(self, action):
        for decision in self:
            group = MANAGER if decision.authority == "administration" else OFFICER
            decision._kttv_require(group, action)

    def action_to_sign(self):
        self._kttv_require(OFFICER, _("send a decision for signature"))
        for decision in self:
            if decision.state != "draft":
                raise UserError(_("Decision %(number)s is not a draft.", number=decision.display_name))
            if decision.authority != "administration":
                raise UserError(
                    _(
                        "Decision %(number)s is the Ministry's: it is recorded as signed, not sent for signature.",
                        number=decision.display_name,
                    )
                )
        self._check_registrations()
        self._assign_number()
        self.sudo().write({"state": "to_sign"})
        for decision in self:
            decision._kttv_schedule(
                SIGN,
                self._kttv_director(),
                note=_("%(count)s exemplars to recognise.", count=decision.registration_count),
            )

    def action_reset_to_draft(self):
        self._kttv_require(OFFICER, _("put a decision back to draft"))
        if any(decision.state != "to_sign" for decision in self):
            raise UserError(_("Only a decision waiting for its signature goes back to draft."))
        self.sudo().write({"state": "draft"})
        self.activity_unlink([SIGN])

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

    def action_sign(self):
        """Sign: recognise the exemplars, write their achievements and pay their rewards."""
        self._require_signatory(_("sign this decision"))
        self._lock()
        for decision in self:
            if decision.state == "signed":
                raise UserError(_("Decision %(number)s is already signed.", number=decision.display_name))
            if decision.state not in ("draft", "to_sign"):
                raise UserError(_("Decision %(number)s cannot be signed now.", number=decision.display_name))
            if decision.authority == "ministry" and decision.number == NEW:
                raise UserError(_("Enter the number of the decision before it is signed or recorded."))
        self._check_registrations()
        self._assign_number()
        for decision in self:
            decision._apply_signature()

    def _signature_values(self, user):
        """Who signs, as printed: the head himself, or a deputy on his behalf (KT.).

        The head is the company's Director General; any other member of the
        Director General's group is a deputy. The name is the signing user's
        own (his employee's), never a text typed beforehand.
        """
        if self.authority != "administration":
            return {"signer_id": False}
        company = self.env.company.sudo()
        head_title = company.kttv_director_title or ""
        user = user.sudo()
        is_head = not company.kttv_director_id or user == company.kttv_director_id
        return {
            "signer_id": user.id,
            "signer_name": user.employee_id.name or user.name,
            "signer_title": head_title if is_head else decision_rules.deputy_title(head_title),
            "signer_on_behalf": False if is_head else head_title,
        }

    def _apply_signature(self):
        self.ensure_one()
        rule = RECOGNITION[self.authority]
        self.sudo().write(
            {"state": "signed", "signed_on": fields.Datetime.now(), **self._signature_values(self.env.user)}
        )
        registrations = self.registration_ids.sudo()
        registrations.write({"state": rule["to"], "date_recognized": self.date})
        registrations._activity_update()
        registrations.activity_feedback([REGISTRATION_SIGN])
        self._write_achievements(registrations)
        self._pay_rewards(registrations, rule["fund_level"])
        self.activity_feedback([SIGN])
        tccb = self.registration_ids.plan_id.officer_id or self._kttv_tccb_officers()
        for xmlid in FOLLOW_UPS:
            self._kttv_schedule(xmlid, tccb)
        if self.proposal_id:
            self.proposal_id._ministry_decided(self)
        self.message_post(
            body=_(
                "Signed: %(count)s exemplars recognised, %(amount)s VND of rewards.",
                count=len(registrations),
                amount=formatLang(self.env, self.total_reward, digits=0),
            )
        )

    def _title_for(self, registration):
        return self.title_id or registration.title_id

    def _write_achievements(self, registrations):
        self.env["kttv.achievement"].sudo().with_context(kttv_decision_sync=True).create(
            [
                {
                    "employee_id": registration.employee_id.id,
                    "department_id": registration.department_id.id,
                    "year": self.achievement_year,
                    "title_id": self._title_for(registration).id,
                    "decision_number": self.number,
                    "decision_date": self.date,
                    "authority": self._authority_text(),
                    "source": "decision",
                    "decision_id": self.id,
                    "registration_id": registration.id,
                }
                for registration in registrations
            ]
        )

    def _authority_text(self):
        company = self.env.company
        if self.authority == "administration":
            return f"{company.kttv_director_title or ''} {company.kttv_organisation or ''}".strip()
        return self.signer_title or company.kttv_parent_authority or ""

    def _pay_rewards(self, registrations, level):
        """One payment line per exemplar: coefficient x base salary on the decision date.

        For titles, a subject is paid the highest title of a year only: what
        was already paid for a lower title that year is deducted.
        """
        fund = self.env["kttv.reward.fund"]._get(self.date.year, level)
        BaseSalary = self.env["kttv.base.salary"].sudo()
        paid_titles = defaultdict(int)
        previous = (
            self.env["kttv.reward.fund.line"]
            .sudo()
            .search(
                [
                    ("kind", "=", "reward"),
                    ("cancelled", "=", False),
                    ("title_id.kind", "=", "title"),
                    ("decision_id.achievement_year", "=", self.achievement_year),
                    "|",
                    ("employee_id", "in", registrations.employee_id.ids),
                    ("department_id", "in", registrations.department_id.ids),
                ]
            )
        )
        for line in previous:
            paid_titles[line.employee_id.id, line.department_id.id] += line.amount
        vals_list = []
        for registration in registrations:
            title = self._title_for(registration)
            full = BaseSalary._reward(title, registration.target, self.date)
            key = (registration.employee_id.id, registration.department_id.id)
            amount = rewards.top_up(paid_titles[key], full) if title.kind == "title" else full
            if title.kind == "title":
                paid_titles[key] += amount
            if amount <= 0:
                continue
            vals_list.append(
                {
                    "fund_id": fund.id,
                    "date": self.date,
                    "kind": "reward",
                    "amount": amount,
                    "description": _(
                        "%(title)s – %(subject)s (decision %(number)s)",
                        title=title.name,
                        subject=registration._subject().display_name,
                        number=self.number,
                    ),
                    "decision_id": self.id,
                    "registration_id": registration.id,
                    "title_id": title.id,
                    "employee_id": registration.employee_id.id,
                    "department_id": registration.department_id.id,
                }
            )
        self.env["kttv.reward.fund.line"].sudo().create(vals_list)

    def action_cancel(self):
        for decision in self:
            if decision.state == "signed":
                decision._require_signatory(_("cancel a signed decision"))
            else:
                decision._kttv_require(OFFICER, _("cancel a decision"))
            if decision.state == "cancelled":
                raise UserError(_("Decision %(number)s is already cancelled.", number=decision.display_name))
        # Refused before the reason is asked: nothing to type in vain.
        self.filtered(lambda d: d.state == "signed")._check_cancellable()
        return {
            "type": "ir.actions.act_window",
            "res_model": "kttv.decision.cancel.wizard",
            "view_mode": "form",
            "target": "new",
            "name": _("Cancel the decision"),
            "context": {"default_decision_ids": self.ids},
        }

    def _kttv_cancel(self, reason):
        """Cancel with a reason; for a signed decision, undo all that signing did."""
        if not (reason or "").strip():
            raise UserError(_("Give the reason the decision is cancelled."))
        for decision in self:
            if decision.state == "signed":
                decision._require_signatory(_("cancel a signed decision"))
            elif decision.state in ("draft", "to_sign"):
                decision._kttv_require(OFFICER, _("cancel a decision"))
            else:
                raise UserError(_("Decision %(number)s is already cancelled.", number=decision.display_name))
        self._lock()
        if any(decision.state == "cancelled" for decision in self):
            raise UserError(_("The decision has just been cancelled by someone else."))
        signed = self.filtered(lambda d: d.state == "signed")
        signed._check_cancellable()
        for decision in self:
            if decision.state == "signed":
                decision._undo_signature(reason)
            decision.sudo().write({"state": "cancelled", "cancel_reason": reason})
            decision.activity_unlink([SIGN, *FOLLOW_UPS])
            decision.message_post(body=_("Cancelled: %(reason)s", reason=reason))

    def _check_cancellable(self):
        """Refuse, before anything is undone, a cancellation that would leave wrong data behind."""
        for decision in self:
            decision._check_not_gone_further()
            decision._check_no_later_top_up(self)
            if decision.proposal_id:
                decision._check_left_out_unchanged()

    def _check_not_gone_further(self):
        """Exemplars the Administration recognised and then proposed to the Ministry."""
        if self.authority != "administration":
            return
        further = self.registration_ids.sudo().filtered(
            lambda r: r.state in ("ministry_proposed", "ministry_recognized")
        )
        if not further:
            return
        proposals = further.proposal_ids.filtered(lambda p: p.state in ("sent", "decided"))
        ministry = further.decision_ids.filtered(lambda d: d.authority == "ministry" and d.state == "signed")
        documents = [_("the Ministry's decision %(number)s", number=d.number) for d in ministry]
        documents += [_("the proposal %(number)s", number=p.number) for p in proposals]
        raise UserError(
            _(
                "Decision %(number)s cannot be cancelled: %(registrations)s went on to the Ministry. "
                "Cancel first %(documents)s.",
                number=self.number,
                registrations=", ".join(further.mapped("display_name")),
                documents=", ".join(documents),
            )
        )

    def _check_no_later_top_up(self, cancelling):
        """A later decision paid a higher title only the difference with this one's payment.

        Cancelling this one would leave that subject underpaid: the later
        decision is cancelled first (then signed again if it still stands).
        """
        mine = self.sudo().fund_line_ids.filtered(
            lambda line: not line.cancelled and line.kind == "reward" and line.title_id.kind == "title"
        )
        if not mine:
            return
        first_row = {}
        for achievement in self.sudo().achievement_ids:
            first_row.setdefault((achievement.employee_id.id, achievement.department_id.id), achievement.id)
        later = (
            self.env["kttv.achievement"]
            .sudo()
            .search(
                [
                    ("source", "=", "decision"),
                    ("decision_id", "not in", cancelling.ids),
                    ("decision_id.state", "=", "signed"),
                    ("kind", "=", "title"),
                    ("year", "=", self.achievement_year),
                    "|",
                    ("employee_id", "in", mine.employee_id.ids),
                    ("department_id", "in", mine.department_id.ids),
                ]
            )
        )
        paid = {(line.employee_id.id, line.department_id.id) for line in mine}
        later = later.filtered(
            lambda a: (key := (a.employee_id.id, a.department_id.id)) in paid and a.id > first_row.get(key, 0)
        )
        if later:
            raise UserError(
                _(
                    "Decision %(number)s cannot be cancelled: the later decision %(later)s paid %(subjects)s only "
                    "the difference with what this one paid (the highest title of a year is paid once). "
                    "Cancel %(later)s first.",
                    number=self.number,
                    later=", ".join(sorted(set(later.decision_id.mapped("number")))),
                    subjects=", ".join(sorted({a._subject().display_name for a in later})),
                )
            )

    def _check_left_out_unchanged(self):
        """Those the Ministry left out go back to its proposal: unless they have moved since."""
        moved = self._left_out().filtered(lambda r: r.state != "recognized")
        if moved:
            raise UserError(
                _(
                    "Decision %(number)s cannot be cancelled: %(registrations)s, left out by it, have changed "
                    "since (%(states)s) and could not return to proposal %(proposal)s.",
                    number=self.number,
                    registrations=", ".join(moved.mapped("display_name")),
                    states=", ".join(
                        sorted({dict(moved._fields["state"]._description_selection(self.env))[r.state] for r in moved})
                    ),
                    proposal=self.proposal_id.number,
                )
            )

    def _left_out(self):
        """The exemplars of the proposal this Ministry decision did not recognise."""
        self.ensure_one()
        return self.proposal_id.sudo().registration_ids - self.registration_ids

    def _undo_signature(self, reason):
        rule = RECOGNITION[self.authority]
        # Only what this decision recognised: not a dossier another signed decision holds.
        registrations = self.registration_ids.sudo().filtered(
            lambda r: (
                r.state == rule["to"]
                and not r.decision_ids.filtered(
                    lambda d: d != self and d.state == "signed" and d.authority == self.authority
                )
            )
        )
        registrations.write({"state": rule["from"], "date_recognized": False})
        registrations._activity_update()
        for registration in registrations:
            registration.message_post(
                body=_("Decision %(number)s was cancelled: %(reason)s", number=self.number, reason=reason)
            )
        self.achievement_ids.sudo().with_context(kttv_decision_sync=True).unlink()
        self.fund_line_ids.sudo().write({"cancelled": True, "cancel_reason": reason})
        if self.proposal_id:
            self.proposal_id._ministry_decision_cancelled(self, reason)

    # ------------------------------------------------------------------
    # Printing
    # ------------------------------------------------------------------

    def _heading_names(self):
        """(governing body, issuer) printed in the heading of the decision."""
        company = self.env.company
        if self.authority == "ministry":
            return "", company.kttv_parent_authority
        return company.kttv_parent_authority, company.kttv_organisation

    def _issuer_heading(self):
        """Who decides, as written above the grounds: e.g. TỔNG CỤC TRƯỞNG TỔNG CỤC KHÍ TƯỢNG THỦY VĂN."""
        company = self.env.company
        if self.authority == "ministry":
            return self.signer_on_behalf or self.signer_title or company.kttv_parent_authority
        return f"{company.kttv_director_title or ''} {company.kttv_organisation or ''}".strip()

    def _signature(self):
        """(lines above the signature, name below it) as printed.

        Once signed, who actually signed; before, the head, for whom the
        Administration's decisions are prepared.
        """
        self.ensure_one()
        if self.authority == "administration" and not self.signer_id:
            company = self.env.company.sudo()
            director = company.kttv_director_id
            return (
                decision_rules.signature_lines(company.kttv_director_title),
                director.employee_id.name or director.name or "",
            )
        return decision_rules.signature_lines(self.signer_title, self.signer_on_behalf), self.signer_name or ""

    def _annex_rows(self):
        """The annex: collectives first, then individuals; the reward paid, or due once signed."""
        self.ensure_one()
        paid = {line.registration_id.id: line.amount for line in self.sudo().fund_line_ids if not line.cancelled}
        BaseSalary = self.env["kttv.base.salary"].sudo()
        rows = []
        registrations = self.registration_ids.sorted(
            lambda r: (r.target != "collective", r.registering_unit_id.name or "")
        )
        for registration in registrations:
            title = self._title_for(registration)
            if self.state == "signed":
                amount = paid.get(registration.id, 0)
            elif title:
                amount = BaseSalary._reward(title, registration.target, self.date)
            else:
                amount = 0
            subject = registration._subject()
            rows.append(
                {
                    "name": subject.name,
                    "collective": registration.target == "collective",
                    "unit": registration.registering_unit_id.name
                    if registration.target == "individual"
                    else (subject.parent_id.name or ""),
                    "position": registration.employee_id.job_title or "",
                    "title": title.name or "",
                    "amount": amount,
                }
            )
        return rows

    def action_open_registrations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("kttv_emulation.kttv_exemplar_registration_action")
        action["domain"] = [("id", "in", self.registration_ids.ids)]
        action["context"] = {}
        return action
