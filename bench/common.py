"""Helpers shared by the benchmarks: an Odoo environment, timing, query counts."""

import argparse
import contextlib
import time

import odoo
from odoo import SUPERUSER_ID, Command, api

QUIET = {"tracking_disable": True, "mail_create_nolog": True, "mail_create_nosubscribe": True, "mail_notrack": True}


def parse_args(description, **extra):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    for name, (kind, default, helptext) in extra.items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=kind, default=default, help=helptext)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    return args


@contextlib.contextmanager
def environment(database):
    registry = odoo.modules.registry.Registry(database)
    with registry.cursor() as cr:
        yield api.Environment(cr, SUPERUSER_ID, {})


class Measure:
    """Wall time and SQL queries of a block, on the cursor of ``env``.

    With ``deferred``, the work Odoo defers to the end of the request is done
    inside the measure: the ORM's pending writes (``flush_all``) and the
    pre-commit hooks (``cr.precommit.run()``: tracking values, followers).
    """

    def __init__(self, env, label, deferred=False):
        self.env, self.label, self.deferred = env, label, deferred
        self.seconds = self.queries = None

    def __enter__(self):
        self.env.invalidate_all()
        self._queries = self.env.cr.sql_log_count
        self._start = time.perf_counter()
        return self

    def __exit__(self, exc_type, *exc):
        if self.deferred and exc_type is None:
            self.env.flush_all()
            self.env.cr.precommit.run()
        self.seconds = time.perf_counter() - self._start
        self.queries = self.env.cr.sql_log_count - self._queries

    def row(self):
        return f"| {self.label} | {self.queries:,} | {self.seconds * 1000:,.0f} ms |"


def batched(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def ensure_officer(env):
    """The TCCB officer every benchmark measures as, in Vietnamese; created once.

    The e-mail address is for the chatter of what it charges to the fund.
    """
    env["res.lang"]._activate_lang("vi_VN")
    officer = env["res.users"].search([("login", "=", "bench_officer")])
    if not officer:
        officer = env["res.users"].create(
            {
                "name": "Benchmark TCCB officer",
                "login": "bench_officer",
                "email": "bench_officer@example.com",
                "groups_id": [Command.link(env.ref("kttv_emulation.group_emulation_officer").id)],
            }
        )
    if not officer.email:
        officer.email = "bench_officer@example.com"
    env.cr.commit()
    return officer


# What the web client also reads for a field shown with these widgets.
ACTIVITY_WIDGET_FIELDS = (
    "activity_exception_decoration",
    "activity_exception_icon",
    "activity_state",
    "activity_summary",
    "activity_type_icon",
    "activity_type_id",
)
WIDGET_DEPENDENCIES = {"list_activity": ACTIVITY_WIDGET_FIELDS, "kanban_activity": ACTIVITY_WIDGET_FIELDS}
# The fields of the related records a widget shows, for a relation without its own sub-view.
WIDGET_RELATED_FIELDS = {
    "many2many_tags": ("display_name", "color"),
    "many2many_avatar_user": ("display_name",),
    "many2many_binary": ("name", "mimetype"),
}


def web_spec(env, model, view_type):
    """The ``specification`` the web client sends to read a view (web_search_read, web_read).

    Built from the view the server gives the client (``get_views``), in the
    way the client's ``getFieldsSpec`` builds it: a many2one reads its
    display name, a relation with an inline sub-view reads that view's fields,
    a widget adds the fields it depends on.
    """
    from lxml import etree  # noqa: PLC0415 - only where views are read

    view = env[model].get_views([(False, view_type)])["views"][view_type]
    return _spec_of(env, model, etree.fromstring(view["arch"]))


def _spec_of(env, model, node):
    fields = env[model]._fields
    spec = {}
    for field_node in _own_field_nodes(node):
        name = field_node.get("name")
        field = fields[name]
        widget = field_node.get("widget")
        entry = spec.setdefault(name, {})
        if field.type in ("many2one", "reference"):
            entry["fields"] = {"display_name": {}}
        elif field.type in ("one2many", "many2many"):
            views = {child.tag: child for child in field_node if isinstance(child.tag, str)}
            sub_view = views.get("list", views.get("kanban"))
            if sub_view is not None:
                entry["fields"] = _spec_of(env, field.comodel_name, sub_view)
            elif widget in WIDGET_RELATED_FIELDS:
                related = env[field.comodel_name]._fields
                entry["fields"] = {name: {} for name in WIDGET_RELATED_FIELDS[widget] if name in related}
        for dependency in WIDGET_DEPENDENCIES.get(widget, ()):
            if dependency in fields and dependency not in spec:
                spec[dependency] = {"fields": {"display_name": {}}} if fields[dependency].type == "many2one" else {}
    return spec


def _own_field_nodes(node):
    """The field nodes of a view, not those of the sub-views inside its fields."""
    for child in node:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "field":
            yield child
        else:
            yield from _own_field_nodes(child)
