"""Framework-free tests load ``kttv_emulation/lib`` on its own.

Importing ``kttv_emulation.lib`` the usual way would run the addon's
``__init__`` and import Odoo; loading the folder as the package ``kttv_lib``
keeps these tests independent of Odoo and of any database.
"""

import importlib.util
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
LIB = ROOT / "kttv_emulation" / "lib"


def _load_lib():
    if "kttv_lib" in sys.modules:
        return sys.modules["kttv_lib"]
    spec = importlib.util.spec_from_file_location(
        "kttv_lib", LIB / "__init__.py", submodule_search_locations=[str(LIB)]
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["kttv_lib"] = module
    spec.loader.exec_module(module)
    return module


_load_lib()


from tests.e2e import odoo_server  # noqa: E402, F401 - the end-to-end tests' fixture
