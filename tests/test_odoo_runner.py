"""Odoo's own test runner runs every Odoo-backed test of the addon, and they pass.

``scripts/test`` runs ``odoo -u kttv_emulation --test-enable --test-tags
/kttv_emulation`` and hands its log over (KTTV_ODOO_TEST_LOG); these tests
read it.  The static checks below need no Odoo: Odoo's loader only sees the
test modules ``kttv_emulation/tests/__init__.py`` imports, and only the test
methods a class defines itself (not those it inherits).
"""

import ast
import importlib.util
import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
ADDON_TESTS = ROOT / "kttv_emulation" / "tests"


def _script(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


odoo_test_log = _script("odoo_test_log")


def _test_modules():
    return sorted(path.stem for path in ADDON_TESTS.glob("test_*.py"))


def _classes():
    """{class name: (module, base names, own test methods)} of the addon's test files."""
    classes = {}
    for name in _test_modules():
        tree = ast.parse((ADDON_TESTS / f"{name}.py").read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                bases = [base.id for base in node.bases if isinstance(base, ast.Name)]
                methods = [item.name for item in node.body if isinstance(item, ast.FunctionDef)]
                classes[node.name] = (name, bases, [method for method in methods if method.startswith("test")])
    return classes


def _methods(classes, name):
    """(class defining it, method) of the test methods of a class and of the bases it takes from these files."""
    _module, bases, own = classes[name]
    return {(name, method) for method in own}.union(*(_methods(classes, base) for base in bases if base in classes))


def _test_classes(classes):
    """Test classes are named Test...; the others are bases and mixins, run in the test classes that take them."""
    return [name for name in classes if name.startswith("Test")]


def _expected_tests():
    """``odoo.addons.kttv_emulation.tests.<module>.<Class>.<method>`` of every test Odoo's runner must run."""
    classes = _classes()
    return {
        f"odoo.addons.kttv_emulation.tests.{classes[name][0]}.{name}.{method}"
        for name in _test_classes(classes)
        for _origin, method in _methods(classes, name)
    }


def test_every_test_method_belongs_to_a_test_class():
    classes = _classes()
    run = set().union(*(_methods(classes, name) for name in _test_classes(classes)))
    defined = {(name, method) for name, (_module, _bases, own) in classes.items() for method in own}
    assert sorted(defined - run) == [], "test methods that no Test... class runs"


def test_every_test_module_is_imported_by_the_tests_package():
    tree = ast.parse((ADDON_TESTS / "__init__.py").read_text(encoding="utf-8"))
    imported = {alias.name for node in tree.body if isinstance(node, ast.ImportFrom) for alias in node.names}
    assert sorted(set(_test_modules()) - imported) == [], "add them to kttv_emulation/tests/__init__.py"
    assert len(_expected_tests()) > 100


def test_the_log_reader_sees_failures_errors_and_skips():
    stamp = "2026-01-01 10:00:00,000 42"
    ok = f"{stamp} INFO db odoo.tests.result: 0 failed, 0 error(s) of 3 tests when loading database 'db'"
    passed = odoo_test_log.read(ok)
    assert odoo_test_log.verdict(passed) == []
    assert odoo_test_log.summary(passed).startswith("Odoo test runner: 3 passed, 0 failed")
    failed = odoo_test_log.read(
        f"{stamp} ERROR db odoo.addons.kttv_emulation.tests.test_x: FAIL: TestX.test_y\n"
        "Traceback (most recent call last):\n  AssertionError: 1 != 2\n"
        f"{stamp} INFO db odoo.tests.result: 1 failed, 0 error(s) of 3 tests when loading database 'db'"
    )
    assert failed["problems"][0].endswith("AssertionError: 1 != 2")
    assert "1 failed, 0 error(s)" in odoo_test_log.verdict(failed)
    skipped = odoo_test_log.read(
        f"{stamp} INFO db odoo.addons.kttv_emulation.tests.test_x: skipped TestX.test_y : no browser\n{ok}"
    )
    assert skipped["skipped"] == ["odoo.addons.kttv_emulation.tests.test_x.TestX.test_y"]
    assert odoo_test_log.verdict(skipped) and not odoo_test_log.verdict(skipped, allow_skips=True)
    assert odoo_test_log.verdict(odoo_test_log.read(f"{stamp} INFO db odoo: loading")), "no final count"
    assert odoo_test_log.verdict(odoo_test_log.read(ok.replace("of 3 tests", "of 0 tests"))), "no test ran"


@pytest.fixture(scope="module")
def runner_log():
    path = os.environ.get("KTTV_ODOO_TEST_LOG")
    if not path:
        pytest.fail("KTTV_ODOO_TEST_LOG is not set: run scripts/test without arguments (or with KTTV_TEST_TAGS)")
    return odoo_test_log.read(pathlib.Path(path).read_text(encoding="utf-8", errors="replace"))


def test_odoo_runner_passed(runner_log):
    reasons = odoo_test_log.verdict(runner_log, os.environ.get("KTTV_ALLOW_SKIPS") == "1")
    assert reasons == [], "\n\n".join(runner_log["problems"][:5])


def test_odoo_runner_ran_every_test_once(runner_log):
    started = runner_log["started"]
    assert len(started) == len(set(started)), "a test ran twice"
    expected = _expected_tests()
    assert sorted(set(started) - expected) == [], "the runner ran tests these files do not define"
    if os.environ.get("KTTV_ODOO_TEST_TAGS", "/kttv_emulation") == "/kttv_emulation":
        assert sorted(expected - set(started)) == [], "tests Odoo's runner never reached"
        assert runner_log["tests"] == len(expected)
