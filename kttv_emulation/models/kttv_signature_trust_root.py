import base64

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..lib import pades


class KttvSignatureTrustRoot(models.Model):
    """A certificate authority the administrator trusts for digital signatures.

    Anchors end the chains; the other certificates (intermediate authorities)
    only help to build them.
    """

    _name = "kttv.signature.trust.root"
    _description = "Trust root for digital signatures"
    _order = "name"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    certificate = fields.Binary(required=True, attachment=False, help="The authority's certificate, PEM or DER.")
    certificate_name = fields.Char()
    anchor = fields.Boolean("Trust anchor", default=True, help="Chains end here. Untick for an intermediate authority.")
    subject = fields.Char(compute="_compute_certificate", store=True)
    issuer = fields.Char(compute="_compute_certificate", store=True)
    not_after = fields.Datetime("Valid until", compute="_compute_certificate", store=True)
    sha256 = fields.Char("SHA-256 fingerprint", compute="_compute_certificate", store=True)

    @api.depends("certificate")
    def _compute_certificate(self):
        for root in self:
            info = root._kttv_info()
            root.subject = info.subject if info else False
            root.issuer = info.issuer if info else False
            root.not_after = info.not_after.replace(tzinfo=None) if info else False
            root.sha256 = info.sha256 if info else False

    def _kttv_certificates(self):
        certificates = []
        for root in self:
            try:
                certificates += pades.load_certificates(base64.b64decode(root.certificate or b""))
            except pades.SignatureError:
                raise UserError(
                    _("The certificate of trust root %(name)s cannot be read (PEM or DER expected).", name=root.name)
                ) from None
        return certificates

    def _kttv_info(self):
        certificates = self._kttv_certificates() if self.certificate else []
        return pades.certificate_info(certificates[0]) if certificates else None

    @api.model
    def _kttv_context(self):
        """(anchors, intermediates) of the active trust roots, read under sudo for whoever verifies."""
        roots = self.sudo().search([("certificate", "!=", False)])
        anchors = roots.filtered("anchor")
        return anchors._kttv_certificates(), (roots - anchors)._kttv_certificates()
