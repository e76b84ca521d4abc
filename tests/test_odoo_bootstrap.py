"""Installing Odoo where it is missing: its pins resolved, its source archive unpacked.

scripts/common.sh (install_odoo) runs these two scripts; scripts/bootstrap_check,
in CI, runs the whole path against a real Odoo source.
"""

import importlib.util
import pathlib
import subprocess
import sys
import tarfile
import zipfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "odoo_requirements.py"
ARCHIVE_SCRIPT = ROOT / "scripts" / "odoo_archive.py"

spec = importlib.util.spec_from_file_location("odoo_requirements", SCRIPT)
odoo_requirements = importlib.util.module_from_spec(spec)
spec.loader.exec_module(odoo_requirements)

# Lines as Odoo 18's requirements.txt writes them.
ODOO_18_LINES = """\
# The officially supported versions of the following packages are their
# python3-* equivalent distributed in Ubuntu 24.04 and Debian 12
cryptography==3.4.8; python_version < '3.12'  # incompatibility between pyopenssl 19.0.0 and cryptography>=37.0.0
cryptography==42.0.8 ; python_version >= '3.12'  # (Noble) min 41.0.7, pinning 42.0.8 for security fixes
gevent==22.10.2; sys_platform != 'win32' and python_version > '3.10' and python_version < '3.12'
gevent==24.2.1 ; sys_platform != 'win32' and python_version >= '3.12' and python_version < '3.13'  # (Noble)
gevent==24.11.1 ; sys_platform != 'win32' and python_version >= '3.13'  # (Trixie)
geoip2==2.9.0
lxml==5.2.1; python_version >= '3.12' # (Noble - removed html clean)
lxml-html-clean; python_version >= '3.12' # (Noble - removed from lxml, unpinned for futur security patches)
psycopg2==2.9.5 ; python_version == '3.11'
psycopg2==2.9.9 ; python_version >= '3.12' and python_version < '3.13' # (Noble)
pypiwin32 ; sys_platform == 'win32'
pytz  # no version pinning to avoid OS perturbations
""".splitlines()


def _resolved(python):
    environment = odoo_requirements.marker_environment(tuple(int(part) for part in python.split(".")))
    environment["sys_platform"] = "linux"
    return list(odoo_requirements.resolve(ODOO_18_LINES, environment))


def test_python_3_11_gets_the_pins_of_3_12():
    assert odoo_requirements.marker_environment((3, 11, 7))["python_version"] == "3.12"
    assert _resolved("3.11") == [
        "cryptography==42.0.8",
        "gevent==24.2.1",
        "geoip2==2.9.0",
        "lxml==5.2.1",
        "lxml-html-clean",
        "psycopg2==2.9.9",
        "pytz",
    ]


def test_other_pythons_read_the_markers_as_they_are():
    assert odoo_requirements.marker_environment((3, 12, 3))["python_full_version"] == "3.12.3"
    assert _resolved("3.13") == [
        "cryptography==42.0.8",
        "gevent==24.11.1",
        "geoip2==2.9.0",
        "lxml==5.2.1",
        "lxml-html-clean",
        "pytz",
    ]
    assert _resolved("3.10") == ["cryptography==3.4.8", "geoip2==2.9.0", "pytz"]


def test_the_script_prints_one_requirement_a_line(tmp_path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("\n".join(ODOO_18_LINES) + "\n", encoding="utf-8")
    out = subprocess.run(
        [sys.executable, str(SCRIPT), str(requirements)], check=True, capture_output=True, text=True
    ).stdout.splitlines()
    assert out[0].startswith("# ")
    assert "pytz" in out[1:]
    assert all(";" not in line and "#" not in line for line in out[1:])


def _source_tree(folder):
    (folder / "odoo").mkdir(parents=True)
    (folder / "odoo" / "release.py").write_text("version_info = (18, 0, 0, 'final', 0, '')\n", encoding="utf-8")
    (folder / "requirements.txt").write_text("pytz\n", encoding="utf-8")


@pytest.mark.parametrize("kind", ["tar.gz", "zip"])
def test_an_archive_is_unpacked_to_its_source_folder(tmp_path, kind):
    _source_tree(tmp_path / "src" / "odoo-18.0.post20260101")
    archive = tmp_path / f"odoo.{kind}"
    if kind == "zip":
        with zipfile.ZipFile(archive, "w") as zipped:
            for path in (tmp_path / "src").rglob("*"):
                zipped.write(path, path.relative_to(tmp_path / "src"))
    else:
        with tarfile.open(archive, "w:gz") as tarred:
            tarred.add(tmp_path / "src" / "odoo-18.0.post20260101", "odoo-18.0.post20260101")
    dest = tmp_path / "cache" / "odoo-src"
    subprocess.run([sys.executable, str(ARCHIVE_SCRIPT), str(archive), str(dest)], check=True)
    assert (dest / "odoo" / "release.py").is_file()
    assert (dest / "requirements.txt").read_text(encoding="utf-8") == "pytz\n"
    assert sorted(path.name for path in dest.parent.iterdir()) == ["odoo-src"], "nothing left behind"


def test_an_archive_without_odoo_is_refused(tmp_path):
    archive = tmp_path / "other.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("project/README.md", "not Odoo")
    command = [sys.executable, str(ARCHIVE_SCRIPT), str(archive), str(tmp_path / "odoo-src")]
    run = subprocess.run(command, check=False, capture_output=True, text=True)
    assert run.returncode != 0
    assert "no Odoo source" in run.stderr
    assert not (tmp_path / "odoo-src").exists()
