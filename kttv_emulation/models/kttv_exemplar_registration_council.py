from odoo import api, models
from odoo.exceptions import ValidationError


class KttvExemplarRegistration(models.Model):
    """What the council asks of a registration put before one of its sessions."""

    _inherit = "kttv.exemplar.registration"

    @api.constrains("council_session_id", "phase_id")
    def _check_council_session_phase(self):
        """A session considers the dossiers of its own phase only (the form's domain is no guard)."""
        for registration in self.sudo():
            session = registration.council_session_id
            if session and session.phase_id != registration.phase_id:
                raise ValidationError(session._kttv_phase_message(registration))
