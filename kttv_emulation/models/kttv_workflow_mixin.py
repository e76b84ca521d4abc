"""The one workflow mechanism of the addon.

Every model with a life cycle inherits ``kttv.workflow.mixin`` and declares,
as class attributes, what differs (in the way OCA's ``base_tier_validation``
declares its states):

``_kttv_workflow_fields``
    fields only the life cycle writes (the state among them);
``_kttv_create_defaults``
    what a form may send for them when it creates a record (``state: draft``);
``_kttv_writable``
    ``{state: {group xmlid: fields}}``: what each role may write in each state
    (``ALL``, a set of names, or ``AllBut(...)``); a state or a role that is not
    listed writes nothing.  ``None`` leaves the model without a per-state guard;
``_kttv_unlink_states``
    the states in which a record may be deleted (``None``: no such guard);
``_kttv_state_from``
    for a line of a document (a registration's criteria): the many2one to the
    document, whose state keys ``_kttv_writable`` and ``_kttv_unlink_states``;
    a line is created only in a state where the user may write something, with
    nothing but what that state allows besides ``_kttv_create_fields``;
``_kttv_role_exception``
    ``AccessError`` to refuse with it a field the user's roles write in no
    state (a matter of role, not of state); ``None``: a ``UserError`` as for
    the others;
``_kttv_computed_fields``
    fields only the model's own computation writes, even as superuser: through
    ``_kttv_computing()``, and only in ``_kttv_computed_states`` (``ALL``: the
    records themselves, a line of figures, are created, written and deleted so);
``_kttv_steps``
    ``{step: Step(...)}``: the states a step starts from and the roles that take
    it.  ``action_<step>`` calls ``_kttv_run(step)``, which checks the computed
    ``can_<step>`` flag of every record (the same flag drives the button) and then
    calls ``_do_<step>`` once on the whole recordset;
``_kttv_activity_types``
    ``{activity xmlid: DONE | UNLINK}``: the activities the life cycle keeps in
    step with ``_kttv_expected_activities``; what is no longer expected is marked
    done (or withdrawn), what is missing is created, in one batch.

Only ``env.su`` bypasses a guard: no context key does.
"""

from collections import defaultdict

from markupsafe import Markup, escape

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import LazyTranslate
from odoo.tools.mail import generate_tracking_message_id

_lt = LazyTranslate(__name__)

UNIT = "kttv_emulation.group_emulation_unit"
OFFICER = "kttv_emulation.group_emulation_officer"
COUNCIL = "kttv_emulation.group_emulation_council"
MANAGER = "kttv_emulation.group_emulation_manager"

# What becomes of an activity its record no longer asks for.
DONE = "done"
UNLINK = "unlink"

# A batch of this size is written with one statement per kind of row.
BATCH = 1000

# Set by ``_kttv_computing()`` (with the superuser): the model's own
# computation writes its computed fields.  Honoured with ``env.su`` only.
COMPUTING = "kttv_computing"


class _All:
    """Every field (of the states and roles it is given to)."""

    def __contains__(self, name):
        return True

    def __rsub__(self, names):
        return set()

    def __repr__(self):
        return "ALL"


ALL = _All()


class AllBut:
    """Every field but these.

    Not a ``frozenset``: ``names - AllBut(...)`` would then be the set
    difference (the fields allowed, refused) and never reach ``__rsub__``.
    """

    __slots__ = ("names",)

    def __init__(self, names):
        self.names = frozenset(names)

    def __contains__(self, name):
        return name not in self.names

    def __rsub__(self, names):
        return {name for name in names if name in self.names}

    def __repr__(self):
        return f"AllBut({sorted(self.names)})"


class Step:
    """A step of a life cycle: from which states, by whom, and what it is called.

    ``label`` says the step as it completes "Only a <role> may ...", e.g.
    ``_lt("submit a registration")``.  ``access`` is the access right the
    caller must also hold on the records (``write`` for a unit's own steps).
    """

    __slots__ = ("access", "groups", "label", "states")

    def __init__(self, states, groups, label, access=None):
        self.states = tuple(states)
        self.groups = tuple(groups)
        self.label = label
        self.access = access


class KttvWorkflowMixin(models.AbstractModel):
    """Guards, steps and activities of a life cycle, declared per model."""

    _name = "kttv.workflow.mixin"
    _description = "Emulation workflow"

    _kttv_state_field = "state"
    _kttv_workflow_fields = frozenset()
    _kttv_create_defaults = {"state": "draft"}
    _kttv_writable = None
    _kttv_unlink_states = None
    _kttv_state_from = None
    _kttv_create_fields = frozenset()
    _kttv_role_exception = None
    _kttv_computed_fields = frozenset()
    _kttv_computed_states = None
    _kttv_steps = {}
    _kttv_activity_types = {}
    # Activity types that are scheduled once: one done is not scheduled again.
    _kttv_activity_once = frozenset()

    # ------------------------------------------------------------------
    # Labels
    # ------------------------------------------------------------------

    def _kttv_state_label(self, state=None):
        """The translated label of ``state`` (the record's own by default)."""
        field = self._fields[self._kttv_state_field]
        if state is None:
            self.ensure_one()
            state = self[self._kttv_state_field]
        return dict(field._description_selection(self.env)).get(state, state or "")

    def _kttv_field_labels(self, names):
        return ", ".join(
            sorted(self._fields[name]._description_string(self.env) for name in names if name in self._fields)
        )

    def _kttv_record_name(self):
        return self.display_name or self._kttv_model_label()

    @api.model
    def _kttv_model_label(self):
        """The model's name in the user's language (``_description`` is English)."""
        return self.env["ir.model"].sudo()._get(self._name).with_env(self.env).sudo().name or self._description

    # ------------------------------------------------------------------
    # Roles
    # ------------------------------------------------------------------

    def _kttv_has_group(self, group_xmlid):
        return self.env.su or self.env.user.has_group(group_xmlid)

    def _kttv_require(self, group_xmlid, action):
        if not self._kttv_has_group(group_xmlid):
            raise AccessError(
                _("Only a %(role)s may %(action)s.", role=self.env.ref(group_xmlid).name, action=self.env._(action))
            )

    def _kttv_group_users(self, group_xmlid):
        users = self.env.ref(group_xmlid).sudo().users
        root = self.env.ref("base.user_root")
        return users.filtered(lambda user: user.active and not user.share and user != root)

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

    # ------------------------------------------------------------------
    # The guard: fields of the life cycle, and what each role writes when
    # ------------------------------------------------------------------

    @api.model
    def _kttv_free_fields(self):
        """Fields of the chatter and the activities: never the life cycle's."""
        free = set()
        for mixin in ("mail.thread", "mail.activity.mixin", "mail.thread.main.attachment"):
            if mixin in self.env:
                free.update(self.env[mixin]._fields)
        return free

    @api.model_create_multi
    def create(self, vals_list):
        if self._kttv_computed_fields:
            self._kttv_check_computed_create(vals_list)
        if not self.env.su:
            self._kttv_check_create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if self._kttv_computed_fields and self:
            self._kttv_check_computed(vals)
        if not self.env.su and self:
            # Access first: a role with no write right hears that, not a workflow message.
            self._kttv_check_access("write")
            self._kttv_check_write(vals)
        return super().write(vals)

    def _kttv_check_access(self, mode, action=None):
        """``check_access`` with a message of the addon's own.

        Odoo's message about a record rule shows the operation's technical
        name ("write"), which its Vietnamese translation leaves in English.
        """
        try:
            self.check_access(mode)
        except AccessError:
            if action:
                message = _(
                    "You cannot %(action)s: the record belongs to a unit you do not manage, or your role may not "
                    "change it.",
                    action=self.env._(action),
                )
            elif mode == "read":
                message = _(
                    "You cannot read this %(document)s: it belongs to a unit you do not manage.",
                    document=self._kttv_model_label().lower(),
                )
            else:
                message = _(
                    "You cannot change this %(document)s: it belongs to a unit you do not manage, or your role may "
                    "not change it.",
                    document=self._kttv_model_label().lower(),
                )
            raise AccessError(message) from None

    def _kttv_check_create(self, vals_list):
        defaults = self._kttv_create_defaults
        for vals in vals_list:
            forbidden = {
                name
                for name in set(vals) & set(self._kttv_workflow_fields)
                if vals[name] and vals[name] != defaults.get(name)
            }
            if forbidden:
                raise UserError(self._kttv_workflow_fields_message(forbidden))
        if self._kttv_state_from and self._kttv_writable is not None:
            self._kttv_check_create_lines(vals_list)

    def _kttv_check_create_lines(self, vals_list):
        """A line is created in a state of its document where the user may write it, with what that allows."""
        link = self._kttv_state_from
        Parent = self.env[self._fields[link].comodel_name].sudo()
        state_field = getattr(Parent, "_kttv_state_field", "state")
        default = None
        free = self._kttv_free_fields() | {link} | set(self._kttv_create_fields)
        for vals in vals_list:
            if link in vals:
                parent_id = vals[link]
            else:
                if default is None:
                    default = self.default_get([link]).get(link) or False
                parent_id = default
            state = Parent.browse(parent_id)[state_field] if parent_id else False
            self.browse()._kttv_refuse(set(vals) - free, state, creating=True)

    def _kttv_workflow_fields_message(self, names):
        if self._kttv_state_field in names:
            return _(
                "%(document)s: the status changes with the buttons of the document, never by hand.",
                document=self._kttv_model_label(),
            )
        return _(
            "%(fields)s: set by the steps of the %(document)s, not by hand.",
            fields=self._kttv_field_labels(names),
            document=self._kttv_model_label().lower(),
        )

    def _kttv_writable_fields(self, state):
        """What the current user may write in ``state``: ALL, AllBut or a set.

        The union of what the user's roles may write, whatever the order in
        which they are declared (a TCCB officer is also a unit officer).
        """
        rules = (self._kttv_writable or {}).get(state) or {}
        allowed = set()
        excluded = None
        for group, names in rules.items():
            if not self._kttv_has_group(group):
                continue
            if isinstance(names, _All):
                return ALL
            if isinstance(names, AllBut):
                excluded = set(names.names) if excluded is None else excluded & names.names
            else:
                allowed |= set(names)
        if excluded is not None:
            return AllBut(excluded - allowed)
        return allowed

    def _kttv_writable_anywhere(self):
        """What the current user may write in some state: the fields of the user's roles."""
        allowed = set()
        excluded = None
        for state in self._kttv_writable or {}:
            names = self._kttv_writable_fields(state)
            if isinstance(names, _All):
                return ALL
            if isinstance(names, AllBut):
                excluded = set(names.names) if excluded is None else excluded & names.names
            else:
                allowed |= names
        if excluded is not None:
            return AllBut(excluded - allowed)
        return allowed

    def _kttv_states_of(self):
        """``{state: records}``: by their own state, or by their document's (``_kttv_state_from``)."""
        ids = defaultdict(list)
        if self._kttv_state_from:
            for record in self.sudo():
                parent = record[self._kttv_state_from]
                ids[parent[getattr(parent, "_kttv_state_field", "state")] if parent else False].append(record.id)
        else:
            state_field = self._kttv_state_field
            for record in self:
                ids[record[state_field]].append(record.id)
        return {state: self.browse(record_ids) for state, record_ids in ids.items()}

    def _kttv_check_write(self, vals):
        names = set(vals) - self._kttv_free_fields()
        if not names:
            return
        workflow = names & set(self._kttv_workflow_fields)
        if workflow:
            raise UserError(self._kttv_workflow_fields_message(workflow))
        if self._kttv_writable is None:
            return
        for state, records in self._kttv_states_of().items():
            records[:1]._kttv_refuse(names, state)

    def _kttv_refuse(self, names, state, creating=False):
        """Refuse ``names`` the current user may not write in ``state`` (on ``self``, or on a new line).

        A field the user's roles write in no state is refused with
        ``_kttv_role_exception`` when the model declares one, and first.
        """
        allowed = self._kttv_writable_fields(state)
        # Membership, not set difference: ``set - AllBut`` is frozenset's
        # difference and would refuse exactly the allowed names.
        refused = {name for name in names if name not in allowed}
        if refused and self._kttv_role_exception:
            anywhere = self._kttv_writable_anywhere()
            never = {name for name in refused if name not in anywhere}
            if never:
                raise self._kttv_role_exception(self._kttv_role_message(never))
        if refused or (creating and isinstance(allowed, set) and not allowed):
            raise UserError(self._kttv_locked_message(refused))

    def _kttv_role_message(self, names):
        """Why the user's roles never write ``names`` (with ``_kttv_role_exception``)."""
        return _(
            "%(fields)s of a %(document)s: your role may not change them.",
            fields=self._kttv_field_labels(names),
            document=self._kttv_model_label().lower(),
        )

    def _kttv_locked_message(self, names):
        """Why ``names`` cannot be written on this record now (one record; none for a new line)."""
        if self._kttv_state_from:
            parent = self.sudo()[self._kttv_state_from] if self else None
            return _(
                "%(document)s is %(state)s: its %(lines)s can no longer be changed by you.",
                document=parent.display_name if parent else self._kttv_model_label(),
                state=parent._kttv_state_label() if parent and hasattr(parent, "_kttv_state_label") else "",
                lines=self._kttv_model_label().lower(),
            )
        return _(
            "%(record)s is %(state)s: %(fields)s can no longer be changed by you.",
            record=self._kttv_record_name(),
            state=self._kttv_state_label(),
            fields=self._kttv_field_labels(names),
        )

    @api.ondelete(at_uninstall=False)
    def _kttv_unlink_check(self):
        if self.env.su or self._kttv_unlink_states is None:
            return
        for state, records in self._kttv_states_of().items():
            if state not in self._kttv_unlink_states:
                raise UserError(records[:1]._kttv_unlink_message())

    def _kttv_unlink_message(self):
        return _(
            "%(record)s is %(state)s: it cannot be deleted, only cancelled with a reason.",
            record=self._kttv_record_name(),
            state=self._kttv_state_label(),
        )

    # ------------------------------------------------------------------
    # Computed fields: the model's own computation, even for the superuser
    # ------------------------------------------------------------------

    def _kttv_computing(self):
        """``self`` as the model's computation writes its computed fields (superuser)."""
        return self.sudo().with_context(**{COMPUTING: True})

    def _kttv_is_computing(self):
        return self.env.su and self.env.context.get(COMPUTING)

    def _kttv_computed_names(self, names):
        if isinstance(self._kttv_computed_fields, _All):
            return set(names)
        return set(names) & set(self._kttv_computed_fields)

    def _kttv_check_computed_create(self, vals_list):
        # Empty values are what a new form holds; any other value is typed.
        # Records that are the computation's (ALL) are created by it only.
        if isinstance(self._kttv_computed_fields, _All):
            computed = {name for vals in vals_list for name in vals} or {"id"}
        else:
            computed = self._kttv_computed_names({name for vals in vals_list for name, value in vals.items() if value})
        if not computed:
            return
        if not self._kttv_is_computing():
            if not self.env.su:
                self._kttv_check_access("create")
            raise UserError(self._kttv_computed_message(computed))
        if self._kttv_computed_states is not None and self._kttv_state_from:
            link = self._kttv_state_from
            Parent = self.env[self._fields[link].comodel_name].sudo()
            state_field = getattr(Parent, "_kttv_state_field", "state")
            parents = Parent.browse({vals[link] for vals in vals_list if vals.get(link)})
            if any(parent[state_field] not in self._kttv_computed_states for parent in parents):
                raise UserError(self._kttv_computed_locked_message())

    def _kttv_check_computed(self, vals, mode="write"):
        """Computed fields: written by the computation only, and only in their states."""
        computed = self._kttv_computed_names(vals)
        if not computed:
            return
        if not self._kttv_is_computing():
            if not self.env.su:
                self._kttv_check_access(mode)
            raise UserError(self._kttv_computed_message(computed))
        if self._kttv_computed_states is not None and any(
            state not in self._kttv_computed_states for state in self._kttv_states_of()
        ):
            raise UserError(self._kttv_computed_locked_message())

    def _kttv_computed_message(self, names):
        return _(
            "%(fields)s: computed by the %(document)s from the records, never typed.",
            fields=self._kttv_field_labels(names) or self._kttv_model_label(),
            document=self._kttv_model_label().lower(),
        )

    def _kttv_computed_locked_message(self):
        return _("%(document)s: the figures are kept as they were computed.", document=self._kttv_model_label())

    @api.ondelete(at_uninstall=False)
    def _kttv_unlink_computed(self):
        # Records that are the computation's (``_kttv_computed_fields = ALL``) go with it only.
        if isinstance(self._kttv_computed_fields, _All):
            self._kttv_check_computed({"id": True}, mode="unlink")

    # ------------------------------------------------------------------
    # Steps: action_<step> -> can_<step> -> _do_<step>
    # ------------------------------------------------------------------

    def _kttv_step_allowed(self, step):
        """The records of ``self`` on which the current user may take ``step``.

        The state and the role come from the declaration; a model adds its
        own conditions (the secretary of the session, the signatory of an
        authority) by overriding ``_kttv_step_condition``.
        """
        declared = self._kttv_steps[step]
        if declared.groups and not any(self._kttv_has_group(group) for group in declared.groups):
            return self.browse()
        state_field = self._kttv_state_field
        records = self.filtered(lambda record: record[state_field] in declared.states)
        return records._kttv_step_condition(step) if records else records

    def _kttv_step_condition(self, step):
        """Hook: the records of ``self`` that meet the model's own conditions for ``step``."""
        return self

    def _kttv_step_refusal(self, step):
        """Hook: why the model's own conditions refuse ``step`` on this record."""
        return _(
            "You cannot %(action)s: %(record)s.",
            action=self.env._(self._kttv_steps[step].label),
            record=self._kttv_record_name(),
        )

    @api.depends_context("uid")
    @api.depends(lambda self: [self._kttv_state_field])
    def _compute_kttv_can(self):
        """Every ``can_<step>`` flag of the model, for the buttons and the checks."""
        for step in self._kttv_steps:
            name = f"can_{step}"
            if name not in self._fields:
                continue
            allowed = self._kttv_step_allowed(step)
            for record in self:
                record[name] = record in allowed

    def _kttv_check_step(self, step):
        """Refuse, with the reason, a step the user may not take on every record."""
        declared = self._kttv_steps[step]
        action = self.env._(declared.label)
        if declared.groups and not any(self._kttv_has_group(group) for group in declared.groups):
            role = self.env.ref(declared.groups[0]).name
            raise AccessError(_("Only a %(role)s may %(action)s.", role=role, action=action))
        if declared.access and not self.env.su:
            self._kttv_check_access(declared.access, declared.label)
        state_field = self._kttv_state_field
        for record in self:
            if record[state_field] not in declared.states:
                raise UserError(
                    _(
                        "%(record)s is %(state)s: you cannot %(action)s now.",
                        record=record._kttv_record_name(),
                        state=record._kttv_state_label(),
                        action=action,
                    )
                )
        refused = self - self._kttv_step_condition(step)
        if refused:
            raise UserError(refused[:1]._kttv_step_refusal(step))

    def _kttv_run(self, step, *args, **kwargs):
        """Check ``step`` on the whole recordset, then take it once for all."""
        if not self:
            return True
        self._kttv_check_step(step)
        result = getattr(self, f"_do_{step}")(*args, **kwargs)
        return True if result is None else result

    # ------------------------------------------------------------------
    # Moving: one write, one tracking message per record, in one batch
    # ------------------------------------------------------------------

    def _kttv_move(self, state, values=None, body=None):
        """Write the new state (and ``values``) with the chatter, then the activities.

        The caller has checked the step.  The tracked changes of every record
        are logged as one message each, all created in one statement, with
        ``body`` (a text, or ``{record id: text}``) in the same message.
        """
        if not self:
            return
        vals = dict(values or {}, **{self._kttv_state_field: state})
        self._kttv_write_tracked(vals, body=body)
        self._kttv_activity_update()

    def _kttv_write_tracked(self, vals, body=None):
        tracked = set(self._track_get_fields()) & set(vals)
        # Changes tracked earlier in this transaction (a number given just
        # before the move, say) wait for mail's pre-commit hook, which would log
        # them again with the state among them: the step's message takes them
        # over, from their first value.
        pending = self.env.cr.precommit.data.get(f"mail.tracking.{self._name}", {})
        initial = {}
        for record in self:
            earlier = pending.get(record.id)
            if earlier:
                del pending[record.id]
            initial[record.id] = {**{name: record[name] for name in tracked}, **(earlier or {})}
            tracked |= set(earlier or ())
        self.sudo().with_context(mail_notrack=True).write(vals)
        tracked_fields = self.fields_get(tracked, attributes=("string", "type", "selection", "currency_field"))
        bodies = body if isinstance(body, dict) else dict.fromkeys(self.ids, body)
        messages = []
        for record in self:
            tracking_value_ids = []
            if tracked:
                _changes, tracking_value_ids = record._mail_track(tracked_fields, initial[record.id])
            text = bodies.get(record.id)
            if tracking_value_ids or text:
                messages.append((record.id, text, tracking_value_ids))
        self._kttv_log_messages(messages)

    def _kttv_log(self, bodies):
        """Log a note on each record (``{record id: text}``, or one text for all) at once."""
        if not isinstance(bodies, dict):
            bodies = dict.fromkeys(self.ids, bodies)
        self._kttv_log_messages([(res_id, text, []) for res_id, text in bodies.items() if text])

    def _kttv_log_messages(self, messages):
        """``[(record id, text, tracking values)]`` as notes, created in one statement per batch.

        The values are those of mail's ``_message_log_batch``, which takes no
        tracking values for more than one record.  The tracking values are
        created apart, all at once: ``mail.message.create`` would insert them
        message by message (one query per record).
        """
        if not messages:
            return
        author_id, email_from = self._message_compute_author(raise_on_email=False)
        base = {
            "author_id": author_id,
            "email_from": email_from,
            "model": self._name,
            "record_alias_domain_id": False,
            "record_company_id": False,
            "record_name": False,
            "message_type": "notification",
            "is_internal": True,
            "subtype_id": self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
            "email_add_signature": False,
            "reply_to": self.env["mail.thread"]._notify_get_reply_to(default=email_from)[False],
        }
        for start in range(0, len(messages), BATCH):
            chunk = messages[start : start + BATCH]
            created = self.sudo()._message_create(
                [
                    dict(
                        base,
                        res_id=res_id,
                        body=self._kttv_html(text) if text else "",
                        message_id=generate_tracking_message_id("message-notify"),
                    )
                    for res_id, text, _tracking in chunk
                ]
            )
            # The tracked values of every message in one create: given as the
            # messages' one2many commands, the ORM inserts them message by message.
            tracking = [
                dict(values, mail_message_id=message.id)
                for message, (_res_id, _text, commands) in zip(created, chunk, strict=True)
                for _command, _id, values in commands
            ]
            if tracking:
                self.env["mail.tracking.value"].sudo().create(tracking)

    @api.model
    def _kttv_html(self, text):
        if isinstance(text, Markup):
            return text
        return Markup("<p>%s</p>") % escape(text)

    # ------------------------------------------------------------------
    # Activities: what the state asks for, kept in step in one batch
    # ------------------------------------------------------------------

    def _kttv_expected_activities(self):
        """Hook: ``[(record, activity xmlid, users, note)]`` the records' states ask for now.

        Computed for the whole recordset at once; a type of
        ``_kttv_activity_types`` that is not listed for a record is no longer
        expected there.  A fifth element, a date, is the deadline of the
        activity when it is created (a milestone's reminder falls due with the
        milestone); without it the type's own delay counts.
        """
        return []

    def _kttv_activity_update(self):
        """Mark done what is no longer asked for, create what is missing: in one batch."""
        if not self or not self._kttv_activity_types:
            return
        types = {xmlid: self.env.ref(xmlid) for xmlid in self._kttv_activity_types}
        expected = {}
        deadlines = {}
        for record, xmlid, users, note, *deadline in self._kttv_expected_activities():
            for user in users:
                key = (record.id, types[xmlid].id, user.id)
                expected.setdefault(key, note)
                if deadline and deadline[0]:
                    deadlines.setdefault(key, deadline[0])
        Activity = self.env["mail.activity"].sudo()
        existing = Activity.search_fetch(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                ("activity_type_id", "in", [t.id for t in types.values()]),
            ],
            ["res_id", "activity_type_id", "user_id"],
        )
        policy = {types[xmlid].id: how for xmlid, how in self._kttv_activity_types.items()}
        have = set()
        stale = {DONE: Activity.browse(), UNLINK: Activity.browse()}
        for activity in existing:
            key = (activity.res_id, activity.activity_type_id.id, activity.user_id.id)
            if key in expected:
                have.add(key)
            else:
                stale[policy[activity.activity_type_id.id]] |= activity
        self._kttv_activities_done(stale[DONE])
        stale[UNLINK].unlink()
        missing = [(key, note) for key, note in expected.items() if key not in have]
        if self._kttv_activity_once:
            once_ids = {types[xmlid].id for xmlid in self._kttv_activity_once if xmlid in types}
            done_before = {
                (activity.res_id, activity.activity_type_id.id, activity.user_id.id)
                for activity in Activity.with_context(active_test=False).search_fetch(
                    [
                        ("res_model", "=", self._name),
                        ("res_id", "in", self.ids),
                        ("activity_type_id", "in", list(once_ids)),
                        ("active", "=", False),
                    ],
                    ["res_id", "activity_type_id", "user_id"],
                )
            }
            missing = [(key, note) for key, note in missing if key not in done_before]
        self._kttv_create_activities(missing, date_deadline=deadlines)

    def _kttv_schedule(self, activity_xmlid, users, note="", date_deadline=None, once=False):
        """Schedule one activity of a type per user on each record, in one batch.

        A user who already has one open on the record is not asked twice;
        with ``once``, nor one who has already done it (reminders).
        """
        if not self or not users:
            return
        activity_type = self.env.ref(activity_xmlid)
        existing = {
            (activity.res_id, activity.user_id.id)
            for activity in self.env["mail.activity"]
            .with_context(active_test=not once)
            .sudo()
            .search_fetch(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", activity_type.id),
                ],
                ["res_id", "user_id"],
            )
        }
        self._kttv_create_activities(
            [
                ((record.id, activity_type.id, user.id), note)
                for record in self
                for user in users
                if (record.id, user.id) not in existing
            ],
            date_deadline=date_deadline,
        )

    def _kttv_create_activities(self, keyed_notes, date_deadline=None):
        """Create ``[((res id, type id, user id), note)]`` in one ``mail.activity`` create.

        ``date_deadline`` is a date for all, or ``{key: date}`` for some (the
        others fall due after their type's delay).  Odoo mails the assignee of
        each new activity; a batch mails each assignee once, saying what
        awaits them.
        """
        if not keyed_notes:
            return
        own = date_deadline if isinstance(date_deadline, dict) else {}
        common = None if isinstance(date_deadline, dict) else date_deadline
        model_id = self.env["ir.model"]._get_id(self._name)
        types = self.env["mail.activity.type"].browse({key[1] for key, _note in keyed_notes})
        deadlines = {t.id: common or t._get_date_deadline() for t in types}
        vals_list = [
            {
                "res_model_id": model_id,
                "res_id": key[0],
                "activity_type_id": key[1],
                "user_id": key[2],
                "note": note or False,
                "date_deadline": own.get(key) or deadlines[key[1]],
                "automated": True,
            }
            for key, note in keyed_notes
        ]
        Activity = self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True)
        # The documents' names, computed together: mail computes each new
        # activity's document name on a record of its own (a query each).
        self.with_env(Activity.env).browse({key[0] for key, _note in keyed_notes}).mapped("display_name")
        activities = Activity.browse()
        for start in range(0, len(vals_list), BATCH):
            activities |= Activity.create(vals_list[start : start + BATCH])
        self._kttv_notify_assignees(activities)

    def _kttv_notify_assignees(self, activities):
        """One e-mail per assignee and batch: Odoo's own for one activity, else one saying what awaits them.

        A signed decision gives TCCB three activities (print, pay, publicise):
        one e-mail, not three.
        """
        by_user = defaultdict(self.env["mail.activity"].sudo)
        for activity in activities:
            if activity.user_id != self.env.user:
                by_user[activity.user_id] |= activity
        for user, group in by_user.items():
            if len(group) == 1:
                group.action_notify()
                continue
            lang_env = self.with_context(lang=user.lang or self.env.lang).env
            record = self.browse(group[0].res_id).with_env(lang_env).sudo()
            names = ", ".join(group.activity_type_id.with_env(lang_env).mapped("name"))
            subject = lang_env._("%(count)s new activities: %(activity)s", count=len(group), activity=names)
            documents = len(set(group.mapped("res_id")))
            if documents == 1:
                body = lang_env._(
                    "%(activity)s await you on %(record)s. Open the clock icon of Odoo to see them.",
                    activity=names,
                    record=record.display_name,
                )
            else:
                body = lang_env._(
                    "%(count)s %(documents)s await you (%(activity)s). Open the clock icon of Odoo to see them.",
                    count=documents,
                    documents=self.with_env(lang_env)._kttv_model_label().lower(),
                    activity=names,
                )
            record.message_notify(
                partner_ids=user.partner_id.ids,
                subject=subject,
                body=body,
                email_layout_xmlid="mail.mail_notification_light",
            )

    def _kttv_activities_done(self, activities):
        """Mark activities done at once.

        The step that closes them is in the chatter already (its tracking
        message): no message per activity, which Odoo's ``action_feedback``
        would render and post one by one.  Types that keep done activities
        keep them archived, the others are removed.
        """
        if not activities:
            return
        keep = activities.filtered("activity_type_id.keep_done")
        if keep:
            keep.write({"active": False, "date_done": fields.Date.context_today(self)})
        (activities - keep).unlink()

    def _kttv_activities_of(self, xmlids, user=None):
        """The open activities of these types on the records (of ``user`` if given)."""
        domain = [
            ("res_model", "=", self._name),
            ("res_id", "in", self.ids),
            ("activity_type_id", "in", [self.env.ref(xmlid).id for xmlid in xmlids]),
        ]
        if user:
            domain.append(("user_id", "=", user.id))
        return self.env["mail.activity"].sudo().search(domain)

    # ------------------------------------------------------------------
    # The clock icon: what a user still has to do, never what is done
    # ------------------------------------------------------------------

    def _search_activity_user_id(self, operator, operand):
        # mail's own search also matches done activities kept archived
        # (keep_done): the clock icon's groups would open finished work.
        if isinstance(operand, bool) and ((operator == "=" and not operand) or (operator == "!=" and operand)):
            return [("activity_ids", "=", False)]
        return [("activity_ids", "any", [("user_id", operator, operand)])]
