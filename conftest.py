"""pytest glue shared by every test of the repository."""

import logging
import os
import threading

import pytest


def _import_odoo_test_framework_quietly():
    """Import ``odoo.tests.common`` before pytest-odoo does, without its false alarm.

    On import outside Odoo's own test mode it logs an ERROR meant for business
    code importing the test framework at run time; pytest-odoo imports it
    before any test mode can be set (``--test-enable`` would also run every
    module's at_install tests when the registry loads).  Here we are the test
    runner: that one message is muted, nothing else.
    """
    logger = logging.getLogger("odoo.tests.common")
    previous = logger.disabled
    logger.disabled = True
    try:
        import odoo.tests.common  # noqa: F401, PLC0415
    except ImportError:
        pass  # no Odoo: the framework-free tests run on their own
    finally:
        logger.disabled = previous


_import_odoo_test_framework_quietly()


def _odoo_database():
    try:
        from odoo.tools import config  # noqa: PLC0415 - only when Odoo is there
    except ImportError:
        return None
    return config.get("db_name") or None


@pytest.fixture(scope="session", autouse=True)
def load_registry():
    """pytest-odoo's registry loading, only when a database was given.

    Without ``--odoo-database`` the framework-free tests run on their own, on a
    machine with no PostgreSQL at all.
    """
    if not _odoo_database():
        yield
        return
    import pytest_odoo  # noqa: PLC0415

    import odoo  # noqa: PLC0415

    threading.current_thread().testing = True
    with pytest_odoo._worker_db_name() as db_name:
        odoo.modules.registry.Registry(db_name)
        yield


@pytest.fixture(autouse=True)
def _odoo_current_test(request):
    """Tell Odoo which test runs, as its own test suite does.

    Odoo 18 reads ``odoo.modules.module.current_test`` to keep mail from
    leaving the machine and to tie HTTP requests to the test's cursor;
    pytest-odoo sets it only for Odoo 19.
    """
    instance = getattr(request, "instance", None)
    try:
        from odoo.modules import module  # noqa: PLC0415 - only when Odoo is there
        from odoo.tests.common import BaseCase  # noqa: PLC0415
    except ImportError:
        yield
        return
    if not isinstance(instance, BaseCase):
        yield
        return
    previous = module.current_test
    module.current_test = instance
    try:
        yield
    finally:
        module.current_test = previous


def pytest_sessionfinish(session, exitstatus):
    """A skipped test is not a pass: fail the run unless skips are allowed."""
    if os.environ.get("KTTV_ALLOW_SKIPS") == "1":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped and session.exitstatus == 0:
        reporter.write_line(f"{skipped} test(s) skipped: a skip is not a pass (KTTV_ALLOW_SKIPS=1 to allow)", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
