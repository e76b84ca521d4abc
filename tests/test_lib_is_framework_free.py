"""The pure logic must run where Odoo is not even installed."""

import subprocess
import sys

from tests.conftest import LIB

SCRIPT = f"""
import builtins, importlib.util, sys
real_import = builtins.__import__
def guarded(name, *args, **kwargs):
    if name == "odoo" or name.startswith("odoo."):
        raise ImportError("odoo is not allowed here")
    return real_import(name, *args, **kwargs)
builtins.__import__ = guarded
spec = importlib.util.spec_from_file_location("lib", {str(LIB / "__init__.py")!r},
                                              submodule_search_locations=[{str(LIB)!r}])
module = importlib.util.module_from_spec(spec)
sys.modules["lib"] = module
spec.loader.exec_module(module)
import pkgutil, importlib
names = [m.name for m in pkgutil.iter_modules([{str(LIB)!r}])]
for name in names:
    importlib.import_module("lib." + name)
print(",".join(sorted(names)))
"""


def test_every_lib_module_imports_without_odoo():
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    modules = result.stdout.strip().split(",")
    assert {"streaks", "rewards"} <= set(modules)
