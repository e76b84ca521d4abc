import base64
import contextlib
import os

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..lib import pades

KINDS = [("pkcs12", "PKCS#12 keystore"), ("pkcs11", "PKCS#11 token or HSM")]
# The secrets: never read but under sudo by the signing code, never logged.
SECRET_FIELDS = ("pkcs12_data", "pkcs12_passphrase", "pkcs11_pin")
NOBODY = "kttv_emulation.group_signature_keys"


class KttvSignatureConfig(models.Model):
    """How one signer (or, without a user, the agency) signs: a keystore or a token.

    No group has any access to this model (its access rows grant nothing):
    the administrator writes it through ``kttv.signature.config.wizard``,
    the signing code reads it under sudo. Not a field of it, secrets or not,
    is readable through the ORM or RPC by any role, the administrator
    included.
    """

    _name = "kttv.signature.config"
    _description = "Digital signature configuration"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True, groups=NOBODY
    )
    user_id = fields.Many2one(
        "res.users",
        string="Signer",
        index=True,
        ondelete="cascade",
        help="Empty: the agency's own signature.",
        groups=NOBODY,
    )
    kind = fields.Selection(KINDS, required=True, default="pkcs12", groups=NOBODY)
    pkcs12_data = fields.Binary("Keystore", attachment=False, groups=NOBODY)
    pkcs12_passphrase = fields.Char("Passphrase", groups=NOBODY)
    pkcs11_module = fields.Char("PKCS#11 module", groups=NOBODY)
    pkcs11_token_label = fields.Char("Token label", groups=NOBODY)
    pkcs11_key_label = fields.Char("Key label", groups=NOBODY)
    pkcs11_pin = fields.Char("PIN", groups=NOBODY)
    certificate = fields.Binary(
        attachment=False, help="The signing certificate (DER), read from the key store.", groups=NOBODY
    )
    signature_image = fields.Binary(attachment=False, help="The signer's signature as on paper (PNG).", groups=NOBODY)

    def _kttv_guard(self):
        if not self.env.su:
            raise AccessError(_("The digital signature configuration is written through its wizard only."))

    @api.model_create_multi
    def create(self, vals_list):
        self._kttv_guard()
        configs = super().create(vals_list)
        configs._kttv_flag_companies()
        return configs

    def write(self, vals):
        self._kttv_guard()
        return super().write(vals)

    def unlink(self):
        self._kttv_guard()
        companies = self.company_id
        res = super().unlink()
        self.browse()._kttv_flag_companies(companies)
        return res

    def _kttv_flag_companies(self, companies=None):
        """Whether a company has any configuration: signing reads the flag, not this table, when there is none."""
        companies = (companies or self.company_id).sudo()
        configured = set(self.sudo().search([("company_id", "in", companies.ids)]).company_id.ids)
        for company in companies:
            if company.kttv_signing_configured != (company.id in configured):
                company.kttv_signing_configured = company.id in configured

    @api.model
    def _kttv_for(self, company, users):
        """{user id or False (the agency): configuration} for ``users`` of ``company``, under sudo."""
        configs = self.sudo().search([("company_id", "=", company.id), ("user_id", "in", [*users.ids, False])])
        return {config.user_id.id or False: config for config in configs}

    @contextlib.contextmanager
    def _kttv_signer(self):
        """A pyHanko signer on this configuration's key; the secrets are read here only."""
        self.ensure_one()
        config = self.sudo()
        try:
            if config.kind == "pkcs12":
                yield pades.pkcs12_signer(base64.b64decode(config.pkcs12_data or b""), config.pkcs12_passphrase)
            else:
                module = config._kttv_module_path()
                with pades.pkcs11_signer(
                    module, config.pkcs11_token_label, config.pkcs11_key_label, config.pkcs11_pin
                ) as signer:
                    yield signer
        except pades.SignatureError as error:
            raise UserError(self.env["kttv.emulation.decision"]._kttv_signature_message(error)) from None

    def _kttv_module_path(self):
        module = self.sudo().pkcs11_module or ""
        if not (os.path.isabs(module) and module.endswith(".so") and os.path.isfile(module)):
            raise UserError(
                _("The PKCS#11 module %(module)s is not a library file on the server.", module=module or "-")
            )
        return module

    def _kttv_certificate_info(self):
        self.ensure_one()
        data = self.sudo().certificate
        if not data:
            return None
        return pades.certificate_info(pades.load_certificates(base64.b64decode(data))[0])
