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
    """Wall time and SQL queries of a block, on the cursor of ``env``."""

    def __init__(self, env, label):
        self.env, self.label = env, label
        self.seconds = self.queries = None

    def __enter__(self):
        self.env.invalidate_all()
        self._queries = self.env.cr.sql_log_count
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc):
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
