from odoo import _, models
from odoo.exceptions import AccessError

UNIT = "kttv_emulation.group_emulation_unit"
OFFICER = "kttv_emulation.group_emulation_officer"
COUNCIL = "kttv_emulation.group_emulation_council"
MANAGER = "kttv_emulation.group_emulation_manager"


class KttvWorkflowMixin(models.AbstractModel):
    """Who acts at each step, and the activities that ask them to.

    Buttons are not security: every ``action_*`` method calls
    ``_kttv_require`` before it changes anything.
    """

    _name = "kttv.workflow.mixin"
    _description = "Emulation workflow helpers"

    def _kttv_require(self, group_xmlid, action):
        if not self.env.su and not self.env.user.has_group(group_xmlid):
            group = self.env.ref(group_xmlid)
            raise AccessError(
                _(
                    "Only a %(role)s may %(action)s.",
                    role=group.name,
                    action=action,
                )
            )

    def _kttv_group_users(self, group_xmlid):
        users = self.env.ref(group_xmlid).sudo().users
        return users.filtered(
            lambda user: user.active and not user.share and user.id != self.env.ref("base.user_root").id
        )

    def _kttv_tccb_officers(self):
        """TCCB officers: the officer group, without the leadership."""
        officers = self._kttv_group_users(OFFICER) - self._kttv_group_users(MANAGER)
        return officers or self._kttv_group_users(OFFICER)

    def _kttv_director(self):
        company = self.env.company.sudo()
        if company.kttv_director_id:
            return company.kttv_director_id
        managers = self._kttv_group_users(MANAGER)
        return managers.filtered(lambda user: user != self.env.ref("base.user_admin")) or managers

    def _kttv_schedule(self, activity_xmlid, users, note="", date_deadline=None, once=False):
        """Schedule one activity of this type per user on each record.

        A user who already has one open on the record is not asked twice;
        with ``once``, nor one who has already done it (reminders).
        """
        activity_type = self.env.ref(activity_xmlid)
        existing = {
            (activity.res_id, activity.user_id.id)
            for activity in self.env["mail.activity"]
            .with_context(active_test=not once)
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
        }
        for record in self:
            for user in users:
                if (record.id, user.id) not in existing:
                    record.sudo().activity_schedule(
                        activity_xmlid, user_id=user.id, note=note, date_deadline=date_deadline
                    )
