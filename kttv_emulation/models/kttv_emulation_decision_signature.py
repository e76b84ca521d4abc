import base64
import logging
import shutil
import subprocess

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import LazyTranslate

from ..lib import pades
from .kttv_emulation_decision import WORKFLOW_FIELDS

_lt = LazyTranslate(__name__)
_logger = logging.getLogger(__name__)

# Written by signing and by a verified upload only, never by a client; kept as they are once written.
SIGNATURE_FIELDS = frozenset(
    {"signature_pdf", "signature_pdf_name", "signature_sha256", "signature_origin", "signature_report"}
)
REPORT = "kttv_emulation.action_report_decision"
FONTS = ("Times New Roman", "Liberation Serif", "DejaVu Serif")


class KttvEmulationDecision(models.Model):
    """Digital signatures of decisions (Decree 30/2020, Appendix I), with pyHanko.

    Signing renders the decision with its annex and signs it as PAdES: the
    signer's signature in the signer block, then the agency's over the seal
    position and at the top right of the annex.  A PDF signed elsewhere (the
    head's own token, the Ministry's decision) is verified before it is kept.
    Either way the PDF is kept as it is, its SHA-256 in the chatter.
    """

    _inherit = "kttv.emulation.decision"

    _kttv_workflow_fields = WORKFLOW_FIELDS | SIGNATURE_FIELDS

    signature_pdf = fields.Binary("Digitally signed PDF", attachment=True, readonly=True, copy=False)
    signature_pdf_name = fields.Char(readonly=True, copy=False)
    signature_sha256 = fields.Char("SHA-256 of the signed PDF", readonly=True, copy=False)
    signature_origin = fields.Selection(
        [("here", "Signed here"), ("upload", "Signed elsewhere, verified on upload")],
        "Digital signature",
        readonly=True,
        copy=False,
    )
    signature_report = fields.Text("Signature check", readonly=True, copy=False)
    can_upload_signed = fields.Boolean(compute="_compute_can_upload_signed")

    @api.depends("state", "authority", "signature_pdf")
    @api.depends_context("uid")
    def _compute_can_upload_signed(self):
        for decision in self:
            decision.can_upload_signed = (
                not decision.signature_origin
                and decision.state in decision._kttv_upload_states()
                and decision._kttv_has_group(decision._signatory_group())
            )

    def _kttv_upload_states(self):
        # The head signs on his own token what waits for his signature; the Ministry's file comes once recorded.
        return ("to_sign", "signed") if self.authority == "administration" else ("signed",)

    # ------------------------------------------------------------------
    # Signing here
    # ------------------------------------------------------------------

    def _do_sign(self):
        plan = self._kttv_signing_plan()
        res = super()._do_sign()
        if plan:
            self._kttv_sign_pdfs(plan)
        return res

    def _kttv_signing_plan(self):
        """(signer's configuration, agency's) when this signature makes signed PDFs, else None.

        Nothing is searched when the company has no configuration and does not
        require digital signatures: the button signs as it always did.  With
        "Require digital signatures", a decision of the Administration is
        signed only with both the signer's and the agency's configuration, or
        with a PDF signed elsewhere and verified.
        """
        company = self.env.company
        ours = self.filtered(lambda d: d.authority == "administration" and d.signature_origin != "upload")
        if not ours or not (company.kttv_require_digital_signature or company.kttv_signing_configured):
            return None
        configs = self.env["kttv.signature.config"]._kttv_for(company, self.env.user)
        signer, agency = configs.get(self.env.user.id), configs.get(False)
        if company.kttv_require_digital_signature and not signer:
            raise UserError(
                _(
                    "Decisions are signed digitally here, and you have no signing configuration: the administrator "
                    "sets it under Emulation > Configuration > Digital signatures. You can also sign the decision "
                    "on your own token and upload the signed PDF."
                )
            )
        if company.kttv_require_digital_signature and not agency:
            raise UserError(
                _(
                    "Decisions are signed digitally here, and the agency has no signing configuration for its seal: "
                    "the administrator sets it under Emulation > Configuration > Digital signatures."
                )
            )
        return (signer, agency) if signer else None

    def _kttv_sign_pdfs(self, plan):
        """Render each decision (with its annex), sign it, keep it; one note per decision with its hash."""
        signer_config, agency_config = plan
        font = _font_path()
        company = self.env.company.sudo()
        seal = base64.b64decode(company.kttv_seal_image) if company.kttv_seal_image else None
        image = signer_config.sudo().signature_image
        image = base64.b64decode(image) if image else None
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        notes = {}
        for decision in self.filtered(lambda d: d.authority == "administration" and d.signature_origin != "upload"):
            pdf = Report._render_qweb_pdf(REPORT, res_ids=decision.ids)[0]
            placement = pades.decision_placement(pades.read_layout(pdf), decision.signer_name)
            when = pades.now_vietnam()
            agency_name = decision._kttv_identity_values().get("agency_name") or company.name
            reason = _("Signing decision %(number)s", number=decision.number)
            with signer_config._kttv_signer() as signer:
                pdf = pades.sign_pdf(
                    pdf,
                    signer,
                    pades.Stamp(
                        "Signer",
                        placement.signer_page,
                        placement.signer_box,
                        text="" if image else decision.signer_name or "",
                        image=image,
                        font_size=10,
                        reason=reason,
                        name=decision.signer_name,
                    ),
                    font,
                )
            if agency_config:
                with agency_config._kttv_signer() as signer:
                    pdf = pades.sign_pdf(
                        pdf,
                        signer,
                        pades.Stamp(
                            "Agency",
                            placement.signer_page,
                            placement.seal_box,
                            # The seal is the appearance; the agency's name and the time are the signature's own
                            # (its certificate, /Name, /M). Text over it would hide letters (see README).
                            text="" if seal else f"{agency_name}\n{when.isoformat()}",
                            image=seal,
                            font_size=6,
                            reason=reason,
                            name=agency_name,
                        ),
                        font,
                    )
                    if placement.annex_page is not None:
                        pdf = pades.sign_pdf(
                            pdf,
                            signer,
                            pades.Stamp(
                                "AgencyAnnex",
                                placement.annex_page,
                                placement.annex_box,
                                text=f"{decision.number}\n{when.isoformat()}",
                                font_size=10,
                                reason=reason,
                                name=agency_name,
                            ),
                            font,
                        )
            checks = self._kttv_checks_or_none(pdf)
            digest = pades.sha256(pdf)
            decision.sudo().write(
                {
                    "signature_pdf": base64.b64encode(pdf),
                    "signature_pdf_name": f"{(decision.number or 'QD').replace('/', '-')}.signed.pdf",
                    "signature_sha256": digest,
                    "signature_origin": "here",
                    "signature_report": self._kttv_checks_text(checks, placement.approximated, bool(agency_config)),
                }
            )
            notes[decision.id] = self.env._("Digitally signed PDF kept, SHA-256 %(digest)s.", digest=digest)
        self._kttv_log(notes)

    def _kttv_checks_or_none(self, pdf):
        anchors, intermediates = self.env["kttv.signature.trust.root"]._kttv_context()
        if not anchors:
            return None
        try:
            return pades.verify_pdf(pdf, anchors, intermediates)
        except pades.SignatureError as error:
            raise UserError(self._kttv_signature_message(error)) from None

    def _kttv_checks_text(self, checks, approximated=False, with_agency=True):
        lines = []
        if checks is None:
            lines.append(_("Not checked: no trust root is configured."))
        for check in checks or ():
            lines.append(
                _(
                    "%(field)s: %(signer)s, certificate issued by %(issuer)s (serial %(serial)s), signed on "
                    "%(when)s: intact, chained to a trust root, valid at signing time.",
                    field=check.field_name,
                    signer=check.signer.subject,
                    issuer=check.signer.issuer,
                    serial=check.signer.serial,
                    when=_when(check.signed_at),
                )
            )
        if not with_agency:
            lines.append(_("Without the agency's signature: the agency has no signing configuration."))
        if approximated:
            lines.append(
                _("The signer block was not found in the PDF: the signature sits at the foot of its last page.")
            )
        return "\n".join(lines)

    # ------------------------------------------------------------------
    # A PDF signed elsewhere
    # ------------------------------------------------------------------

    def action_upload_signed(self):
        """Ask for the PDF signed elsewhere (the head's own token, the Ministry's decision)."""
        self.ensure_one()
        self._kttv_check_upload()
        return {
            "type": "ir.actions.act_window",
            "res_model": "kttv.signature.upload.wizard",
            "view_mode": "form",
            "target": "new",
            "name": _("Upload the signed PDF"),
            "context": {"default_decision_id": self.id},
        }

    def _kttv_check_upload(self):
        self.ensure_one()
        self.check_access("write")
        self._kttv_require(self._signatory_group(), _lt("upload the signed PDF of a decision"))
        if self.signature_origin:
            raise UserError(
                _("Decision %(number)s already has its signed PDF: it is kept as it is.", number=self.display_name)
            )
        if self.state not in self._kttv_upload_states():
            if self.authority == "ministry":
                raise UserError(_("Record the Ministry's decision first, then upload its signed PDF."))
            raise UserError(
                _(
                    "Decision %(number)s is not waiting for a signature: no signed PDF can be uploaded.",
                    number=self.display_name,
                )
            )

    def _kttv_expected_signer(self):
        """(label, names, emails, certificate fingerprints) of whom the decision says signs it."""
        if self.authority == "ministry":
            if not self.signer_name:
                raise UserError(_("Enter the name of the person who signed the Ministry's decision first."))
            return self.signer_name, [self.signer_name], [], []
        user = (self.signer_id if self.state == "signed" else self.env.user).sudo()
        names = [user.name, user.employee_id.name]
        emails = [user.email, user.employee_id.work_email]
        config = self.env["kttv.signature.config"]._kttv_for(self.env.company, user).get(user.id)
        info = config._kttv_certificate_info() if config else None
        return user.employee_id.name or user.name, names, emails, [info.sha256] if info else []

    def _kttv_accept_upload(self, data, filename):
        """Verify ``data`` (a signed PDF) and keep it; the reason refused, and nothing changed, otherwise."""
        self._kttv_check_upload()
        anchors, intermediates = self.env["kttv.signature.trust.root"]._kttv_context()
        label, names, emails, fingerprints = self._kttv_expected_signer()
        try:
            checks = pades.verify_pdf(data, anchors, intermediates)
            if not any(pades.signer_matches(check.signer, names, emails, fingerprints) for check in checks):
                raise pades.SignatureError(
                    "wrong_signer", signers=", ".join(check.signer.subject for check in checks), expected=label
                )
            if self.number and self.number != "/" and not _carries(data, self.number):
                raise pades.SignatureError("wrong_document", number=self.number)
        except pades.SignatureError as error:
            raise UserError(self._kttv_signature_message(error, filename)) from None
        digest = pades.sha256(data)
        self.sudo().write(
            {
                "signature_pdf": base64.b64encode(data),
                "signature_pdf_name": filename or f"{(self.number or 'QD').replace('/', '-')}.signed.pdf",
                "signature_sha256": digest,
                "signature_origin": "upload",
                "signature_report": self._kttv_checks_text(checks),
            }
        )
        self._kttv_log(
            {
                self.id: _(
                    "Signed PDF uploaded and verified (%(signer)s), SHA-256 %(digest)s.", signer=label, digest=digest
                )
            }
        )
        if self.state == "to_sign":
            # The head signed on his own token: the decision is signed with it.
            return self._kttv_run("sign")
        return True

    @api.model
    def _kttv_signature_message(self, error, filename=None):
        """The user's words for a ``pades.SignatureError``."""
        params = dict(error.params)
        for key in ("signed_at", "until", "since"):
            if key in params:
                params[key] = _when(params[key])
        params["file"] = filename or _("the file")
        code = error.code
        messages = {
            "not_pdf": _("%(file)s is not a readable PDF file."),
            "unsigned": _("%(file)s carries no digital signature."),
            "no_trust_roots": _(
                "No trust root is configured: the administrator adds the root certificates of the certificate "
                "authorities under Emulation > Configuration > Trust roots."
            ),
            "altered": _(
                "%(file)s was changed after it was signed (signature %(field)s of %(signer)s): it is refused."
            ),
            "untrusted": _(
                "The certificate of %(signer)s, issued by %(issuer)s, does not chain to a configured trust root."
            ),
            "expired": _(
                "The certificate of %(signer)s had expired (valid until %(until)s) when %(file)s was signed on "
                "%(signed_at)s."
            ),
            "not_yet_valid": _(
                "The certificate of %(signer)s was not yet valid (from %(since)s) when %(file)s was signed on "
                "%(signed_at)s."
            ),
            "future": _("The signature of %(signer)s is dated in the future (%(signed_at)s)."),
            "broken": _("Signature %(field)s of %(file)s cannot be read."),
            "wrong_signer": _(
                "%(file)s is signed by %(signers)s, not by %(expected)s, whom the decision names as its signer."
            ),
            "wrong_document": _("%(file)s does not carry the decision's number %(number)s: it is another document."),
            "keystore_unreadable": _("The keystore cannot be opened: wrong file or passphrase."),
            "token_unavailable": _(
                "Token %(token)s cannot be opened (%(detail)s): check the module, the token label and the PIN."
            ),
            "key_not_found": _("Token %(token)s has no key labelled %(key)s with its certificate."),
            "bad_image": _("The seal or signature image cannot be read (PNG expected)."),
            "bad_certificate": _("The certificate cannot be read (PEM or DER expected)."),
        }
        message = messages.get(code, _("The digital signature cannot be checked (%(code)s)."))
        params.setdefault("code", code)
        return message % params


def _when(moment):
    return moment.astimezone(pades.VIETNAM).strftime("%d/%m/%Y %H:%M:%S %z")


def _font_path():
    """A TrueType serif with Vietnamese glyphs for the stamps' text (Times New Roman or its metric twin)."""
    binary = shutil.which("fc-match")
    if not binary:
        return None
    for family in FONTS:
        result = subprocess.run(
            [binary, "-f", "%{file}", family], capture_output=True, text=True, check=False, timeout=10
        )
        path = result.stdout.strip()
        if result.returncode == 0 and path.lower().endswith(".ttf"):
            return path
    return None


def _carries(pdf, number):
    """Whether the PDF's text shows ``number`` (True when the text cannot be read: the signature still counts)."""
    layout = pades.read_layout(pdf)
    if not layout.words:
        return True
    text = " ".join(word.text for word in layout.words)
    return number in text
