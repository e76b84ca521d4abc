"""The deployment files of README.md's "Deploying" say what Odoo 18 understands."""

import configparser
import pathlib

from odoo.tools import config

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"


def _example():
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(DEPLOY / "odoo.conf.example", encoding="utf-8")
    return dict(parser["options"])


def test_every_key_of_the_configuration_example_is_an_odoo_option():
    options = _example()
    assert sorted(key for key in options if key not in config.options) == []
    for key, value in options.items():
        option = config.casts.get(key)
        if option is not None and option.type in ("int", "float") and value != "False":
            float(value)  # a number where Odoo reads one


def test_the_configuration_example_is_a_production_one():
    options = _example()
    assert options["without_demo"] == "all"
    assert options["list_db"] == "False"
    assert options["proxy_mode"] == "True"
    assert options["http_interface"] == "127.0.0.1"
    assert options["dbfilter"] == f"^{options['db_name']}$"
    assert int(options["workers"]) > 0 and int(options["max_cron_threads"]) >= 1
    assert options["gevent_port"] == "8072"
    assert options["admin_passwd"].startswith("$pbkdf2-sha512$")
    assert options["smtp_server"] not in ("localhost", "False")


def test_the_units_and_nginx_agree_with_the_configuration():
    options = _example()
    service = (DEPLOY / "kttv-odoo.service").read_text(encoding="utf-8")
    backup = (DEPLOY / "kttv-odoo-backup.service").read_text(encoding="utf-8")
    nginx = (DEPLOY / "nginx-kttv.conf").read_text(encoding="utf-8")
    assert "--config=/etc/odoo/kttv.conf" in service
    assert f"ReadWritePaths={options['data_dir']}" in service
    assert "odoo-bin db --config=/etc/odoo/kttv.conf dump kttv " in backup
    assert f"server 127.0.0.1:{options['http_port']};" in nginx
    assert f"server 127.0.0.1:{options['gevent_port']};" in nginx
    assert "location /websocket" in nginx


def test_odoo_has_the_dump_command_the_backup_uses():
    from odoo.cli.db import Db  # noqa: PLC0415 - Odoo 18's "odoo-bin db" command

    assert Db.name == "db"
    assert callable(Db.dump)
