"""The test command installs, then updates, the addon: both logs must be clean."""

import os
import pathlib
import re

import pytest

PROBLEM = re.compile(r"^\S+ \S+ \d+ (WARNING|ERROR|CRITICAL) ")


def _log(name):
    folder = os.environ.get("KTTV_LOG_DIR")
    if not folder:
        pytest.fail("KTTV_LOG_DIR is not set: run the tests through scripts/test")
    return pathlib.Path(folder, name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["install.log", "update.log"])
def test_log_has_no_warning_or_error(name):
    text = _log(name)
    assert "Module kttv_emulation loaded" in text
    problems = [line for line in text.splitlines() if PROBLEM.match(line)]
    assert problems == []


def test_install_loaded_the_demo_data():
    text = _log("install.log")
    assert "loading kttv_emulation/demo/kttv_emulation_demo.xml" in text
    assert "failed to install, installed without demo data" not in text


def test_update_reloaded_the_addon():
    text = _log("update.log")
    assert "loading kttv_emulation/views/kttv_emulation_menus.xml" in text
