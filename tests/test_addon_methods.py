"""The public methods of the addon's models, read from the source without Odoo."""

import pathlib

from tests.addon_methods import public_methods

ADDON = pathlib.Path(__file__).resolve().parent.parent / "kttv_emulation"

SOURCE = """
from odoo import models


class Mixin(models.AbstractModel):
    _name = "x.mixin"

    def action_open(self):
        return True

    def _helper(self):
        return True


class Thing(models.Model):
    _name = "x.thing"
    _inherit = ["mail.thread", "x.mixin"]

    def action_done(self):
        return True

    def write(self, vals):
        return super().write(vals)

    def get_data(self):
        return {}


class Partner(models.Model):
    _inherit = "res.partner"

    def action_x(self):
        return True


def action_not_a_method():
    return True
"""


def test_methods_of_a_model_include_its_addon_mixins(tmp_path):
    (tmp_path / "things.py").write_text(SOURCE, encoding="utf-8")
    methods = public_methods([tmp_path])
    assert methods["x.thing"] == {"action_done", "action_open", "get_data"}
    assert methods["x.mixin"] == {"action_open"}
    assert methods["res.partner"] == {"action_x"}
    assert "mail.thread" not in methods


def test_the_addons_models_are_read():
    methods = public_methods([ADDON / "models", ADDON / "wizard"])
    assert {"action_submit", "action_accept", "action_nominate"} <= methods["kttv.exemplar.registration"]
    assert "action_kttv_achievements" in methods["hr.employee"]
    assert "action_check" in methods["kttv.registration.import.wizard"]
    assert not any(method.startswith("_") or method == "create" for found in methods.values() for method in found)
