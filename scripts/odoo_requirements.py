"""Odoo's requirements.txt with its pins resolved for the running Python.

Usage: python odoo_requirements.py ODOO_SOURCE/requirements.txt > resolved.txt

Odoo 18 pins one version of each requirement per Python version (the one of
the Debian or Ubuntu release it targets), with environment markers.  Some of
the pins it gives Python 3.11 come without a wheel for 3.11 and no longer
build: cbor2 5.4.2's setup.py imports pkg_resources, which today's setuptools
no longer ships (seen on this project's machine; psycopg2 2.9.5, python-ldap
3.4.0 and rjsmin 1.2.0 are source-only too).  On Python 3.11 the markers are
therefore read as if the Python were 3.12: Ubuntu 24.04's pins, all published
as wheels for 3.11 too but psycopg2, python-ldap, rjsmin, ofxparse and vobject,
which build from source (a compiler, libpq's and OpenLDAP's headers).  On every
other Python the markers are read as they are.

Prints one requirement a line, markers resolved away, comments dropped; runs
with any Python that has pip (``packaging`` is read from pip when it is not
installed on its own).
"""

import platform
import sys

try:
    from packaging.markers import Marker, default_environment
except ImportError:  # a fresh virtual environment: pip's own copy
    from pip._vendor.packaging.markers import Marker, default_environment

# Python versions whose own pins no longer install: read as the next one.
READ_AS = {(3, 11): "3.12"}


def marker_environment(version_info=sys.version_info):
    """The environment markers are evaluated in, for a Python of ``version_info``."""
    environment = default_environment()
    version = f"{version_info[0]}.{version_info[1]}"
    read_as = READ_AS.get(tuple(version_info[:2]), version)
    micro = version_info[2] if len(version_info) > 2 and read_as == version else 0
    environment["python_version"] = read_as
    environment["python_full_version"] = f"{read_as}.{micro}"
    return environment


def resolve(lines, environment):
    """The requirements of ``lines`` whose marker holds in ``environment``."""
    for number, raw in enumerate(lines, 1):
        line = raw.split(" #", 1)[0].split("\t#", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        requirement, _sep, marker = line.partition(";")
        requirement = requirement.strip()
        if not requirement:
            raise ValueError(f"line {number}: no requirement before ';': {raw.strip()!r}")
        if marker.strip() and not Marker(marker.strip()).evaluate(environment):
            continue
        yield requirement


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__.strip().splitlines()[2])
    with open(argv[1], encoding="utf-8") as file:
        requirements = list(resolve(file, marker_environment()))
    read_as = marker_environment()["python_version"]
    print(f"# {argv[1]} resolved for Python {platform.python_version()} (markers read as Python {read_as})")
    for requirement in requirements:
        print(requirement)


if __name__ == "__main__":
    main(sys.argv)
