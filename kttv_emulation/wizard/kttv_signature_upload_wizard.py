import base64

from odoo import _, fields, models
from odoo.exceptions import UserError


class KttvSignatureUploadWizard(models.TransientModel):
    """Upload a decision's PDF signed elsewhere: verified, then kept; refused with the reason otherwise."""

    _name = "kttv.signature.upload.wizard"
    _description = "Upload a signed PDF"

    decision_id = fields.Many2one("kttv.emulation.decision", required=True, ondelete="cascade")
    data = fields.Binary("Signed PDF", required=True, attachment=False)
    filename = fields.Char()

    def action_verify(self):
        """Verify the file; a decision waiting for the head's signature is signed with it."""
        self.ensure_one()
        if not self.data:
            raise UserError(_("Choose the signed PDF file."))
        decision = self.decision_id
        result = decision._kttv_accept_upload(self._kttv_bytes(), self.filename)
        return result if isinstance(result, dict) else {"type": "ir.actions.act_window_close"}

    def _kttv_bytes(self):
        return base64.b64decode(self.data)
