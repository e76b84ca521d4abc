"""A real Odoo server on the copy of the test database, driven over HTTP.

``scripts/test`` installs the addon with its demo data, copies the database
(KTTV_E2E_DB) and hands its configuration over (KTTV_ODOO_CONFIG).
"""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
import xmlrpc.client

import pytest


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OdooServer:
    def __init__(self, database, config):
        self.database = database
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = os.path.join(os.environ.get("KTTV_LOG_DIR", "/tmp"), "e2e-server.log")
        command = [
            sys.executable, "-m", "odoo", "-c", config, "-d", database,
            f"--http-port={self.port}", "--http-interface=127.0.0.1", f"--db-filter=^{database}$",
            "--workers=0", "--max-cron-threads=0", "--log-level=warn",
        ]  # fmt: skip
        self._log = open(self.log_path, "w", encoding="utf-8")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(command, stdout=self._log, stderr=subprocess.STDOUT)

    def wait(self, timeout=120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the Odoo server stopped; see {self.log_path}")
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"{self.url}/web/login", timeout=5).read()
                return self
            time.sleep(0.5)
        raise TimeoutError(f"the Odoo server did not answer in {timeout} s; see {self.log_path}")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self._log.close()

    def login(self, login, password=None):
        return RpcUser(self, login, password or login)

    def ref(self, xmlid):
        """Database id of an XML id (read as the administrator)."""
        module, name = xmlid.split(".")
        admin = self.login("admin", "admin")
        rows = admin("ir.model.data", "search_read", [("module", "=", module), ("name", "=", name)], ["res_id"])
        return rows[0]["res_id"]


class RpcUser:
    """An XML-RPC client logged in as one user, as an integration would be."""

    def __init__(self, server, login, password):
        self.server, self.login, self.password = server, login, password
        common = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/common", allow_none=True)
        self.uid = common.authenticate(server.database, login, password, {})
        if not self.uid:
            raise AssertionError(f"cannot log in as {login}")
        self.models = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/object", allow_none=True)

    def __call__(self, model, method, *args, **kwargs):
        return self.models.execute_kw(self.server.database, self.uid, self.password, model, method, list(args), kwargs)


@pytest.fixture(scope="session")
def odoo_server():
    database = os.environ.get("KTTV_E2E_DB")
    config = os.environ.get("KTTV_ODOO_CONFIG")
    if not database or not config:
        pytest.fail("KTTV_E2E_DB and KTTV_ODOO_CONFIG are not set: run the end-to-end tests through scripts/test")
    server = OdooServer(database, config)
    try:
        yield server.wait()
    finally:
        server.stop()
