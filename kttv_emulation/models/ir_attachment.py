from odoo import _, api, models
from odoo.exceptions import AccessError


class IrAttachment(models.Model):
    """Files of the addon's records and wizards follow the access of their record.

    Odoo reads an attachment's access from the record it belongs to
    (``res_model``, ``res_id``), which the addon's record rules decide, wizards
    included. A public attachment escapes that: anyone reads it. The files of
    the emulation records (dossiers, minutes, signed decisions, spreadsheets)
    are never public.
    """

    _inherit = "ir.attachment"

    @api.model
    def _kttv_owns(self, model_name):
        """Whether ``model_name`` is one of this addon's models (records or wizards)."""
        model = self.env.get(model_name) if model_name else None
        return model is not None and model._original_module == "kttv_emulation"

    def _kttv_refuse_public(self, names):
        raise AccessError(
            _(
                "Files of the emulation records follow the access of their record and cannot be made public: "
                "%(files)s.",
                files=", ".join(names),
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            public = [
                vals.get("name") or ""
                for vals in vals_list
                if vals.get("public") and self._kttv_owns(vals.get("res_model"))
            ]
            if public:
                self._kttv_refuse_public(public)
        return super().create(vals_list)

    def write(self, vals):
        self._kttv_check_sealed()
        if not self.env.su and (vals.get("public") or vals.get("res_model")):
            public = [
                attachment.name
                for attachment in self.sudo()
                if vals.get("public", attachment.public)
                and self._kttv_owns(vals.get("res_model", attachment.res_model))
            ]
            if public:
                self._kttv_refuse_public(public)
        return super().write(vals)

    def unlink(self):
        self._kttv_check_sealed()
        return super().unlink()

    def _kttv_check_sealed(self):
        """A signed decision's PDF is kept as it was signed: no one but the signing code writes or removes it."""
        if self.env.su or not self:
            return
        self.env.cr.execute(
            "SELECT 1 FROM ir_attachment WHERE id IN %s AND res_model = 'kttv.emulation.decision' "
            "AND res_field = 'signature_pdf' LIMIT 1",
            [tuple(self.ids)],
        )
        if self.env.cr.fetchone():
            raise AccessError(_("A digitally signed PDF is kept as it was signed: it cannot be changed or deleted."))
