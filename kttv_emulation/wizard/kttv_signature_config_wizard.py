import base64

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..lib import pades
from ..models.kttv_signature_config import KINDS

ADMIN = "base.group_system"


class KttvSignatureConfigWizard(models.TransientModel):
    """Set how a signer, or the agency, signs: write-only.

    The keystore, its passphrase and the PIN are never stored on the wizard:
    their fields are computed empty and their inverse writes them straight
    into the configuration, under sudo, for the administrator only. Applying
    opens the key once (a wrong PIN or passphrase is refused at once) and
    keeps the certificate found there.
    """

    _name = "kttv.signature.config.wizard"
    _description = "Set a digital signature configuration"

    target = fields.Selection(
        [("user", "A signer"), ("agency", "The agency (its seal)")], required=True, default="user"
    )
    user_id = fields.Many2one("res.users", string="Signer")
    kind = fields.Selection(KINDS, required=True, default="pkcs12")
    pkcs12_file = fields.Binary("Keystore file", compute="_compute_secrets", inverse="_inverse_secrets")
    pkcs12_filename = fields.Char()
    pkcs12_passphrase = fields.Char("Passphrase", compute="_compute_secrets", inverse="_inverse_secrets")
    pkcs11_module = fields.Char("PKCS#11 module", help="Path of the token's PKCS#11 library on the server.")
    pkcs11_token_label = fields.Char("Token label")
    pkcs11_key_label = fields.Char("Key label", help="Label of the private key and of its certificate.")
    pkcs11_pin = fields.Char("PIN", compute="_compute_secrets", inverse="_inverse_secrets")
    signature_image = fields.Binary(help="The signer's signature as on paper (PNG, transparent background).")
    current = fields.Text("Configured now", compute="_compute_current")

    def _check_admin(self):
        if not (self.env.su or self.env.user.has_group(ADMIN)):
            raise AccessError(_("Only the administrator sets digital signatures."))

    def _compute_secrets(self):
        for wizard in self:
            wizard.pkcs12_file = wizard.pkcs12_passphrase = wizard.pkcs11_pin = False

    def _config(self, create=False):
        """The configuration this wizard sets (sudo), made on the first secret or on applying."""
        self.ensure_one()
        self._check_admin()
        if self.target == "user" and not self.user_id:
            raise UserError(_("Choose the signer."))
        Config = self.env["kttv.signature.config"].sudo()
        user_id = self.user_id.id if self.target == "user" else False
        config = Config.search([("company_id", "=", self.env.company.id), ("user_id", "=", user_id)], limit=1)
        if not config and create:
            config = Config.create({"user_id": user_id, "kind": self.kind, "company_id": self.env.company.id})
        return config

    def _inverse_secrets(self):
        for wizard in self:
            secrets = {
                "pkcs12_data": wizard.pkcs12_file,
                "pkcs12_passphrase": wizard.pkcs12_passphrase,
                "pkcs11_pin": wizard.pkcs11_pin,
            }
            secrets = {name: value for name, value in secrets.items() if value}
            if secrets:
                wizard._config(create=True).write(secrets)

    @api.depends("target", "user_id")
    def _compute_current(self):
        self._check_admin()
        for wizard in self:
            config = wizard._config() if wizard.target == "agency" or wizard.user_id else None
            if not config:
                wizard.current = _("Nothing configured.")
                continue
            kinds = dict(self._fields["kind"]._description_selection(self.env))
            info = config._kttv_certificate_info()
            wizard.current = _(
                "%(kind)s; certificate: %(subject)s, issued by %(issuer)s, valid until %(until)s.",
                kind=kinds[config.kind],
                subject=info.subject if info else "-",
                issuer=info.issuer if info else "-",
                until=info.not_after.strftime("%d/%m/%Y") if info else "-",
            )

    def action_apply(self):
        """Keep the settings, open the key once and keep its certificate."""
        self.ensure_one()
        config = self._config(create=True)
        values = {"kind": self.kind, "signature_image": self.signature_image}
        if self.kind == "pkcs11":
            if not (self.pkcs11_module and self.pkcs11_token_label and self.pkcs11_key_label):
                raise UserError(_("Give the module, the token label and the key label of the PKCS#11 token."))
            values.update(
                pkcs11_module=self.pkcs11_module,
                pkcs11_token_label=self.pkcs11_token_label,
                pkcs11_key_label=self.pkcs11_key_label,
                pkcs12_data=False,
                pkcs12_passphrase=False,
            )
        else:
            values.update(pkcs11_module=False, pkcs11_token_label=False, pkcs11_key_label=False, pkcs11_pin=False)
        config.write(values)
        if config.kind == "pkcs12" and not config.pkcs12_data:
            raise UserError(_("Upload the PKCS#12 keystore (.p12 or .pfx file)."))
        with config._kttv_signer() as signer:
            der = signer.signing_cert.dump()
        info = pades.certificate_info(signer.signing_cert)
        config.write({"certificate": base64.b64encode(der)})
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _("Signing configured: %(subject)s.", subject=info.subject),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_remove(self):
        """Remove the configuration: this signer (or the agency) no longer signs digitally here."""
        self.ensure_one()
        self._config().unlink()
        return {"type": "ir.actions.act_window_close"}
