"""Unpack an Odoo source archive into a folder: python odoo_archive.py ARCHIVE DEST.

ARCHIVE is a .tar.gz/.tgz or .zip file, or its http(s):// address (e.g. Odoo's
nightly source archive, https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz,
or a GitHub archive of the 18.0 branch).  DEST receives the archive's top folder
(the one holding odoo/release.py), whatever the archive calls it.
"""

import os
import shutil
import sys
import tarfile
import tempfile
import urllib.request
import zipfile


def _download(url, folder):
    path = os.path.join(folder, os.path.basename(url.split("?", 1)[0]) or "odoo-source")
    print(f"downloading {url}", file=sys.stderr)
    with urllib.request.urlopen(url, timeout=60) as response, open(path, "wb") as file:
        shutil.copyfileobj(response, file)
    return path


def _extract(archive, folder):
    if zipfile.is_zipfile(archive):
        with zipfile.ZipFile(archive) as zipped:
            zipped.extractall(folder)
    elif tarfile.is_tarfile(archive):
        with tarfile.open(archive) as tarred:
            if hasattr(tarfile, "data_filter"):
                tarred.extractall(folder, filter="data")
            else:  # Python < 3.11.4 / 3.10.12
                tarred.extractall(folder)  # an Odoo source archive the user names
    else:
        sys.exit(f"{archive}: neither a tar nor a zip archive")


def _source_root(folder):
    """The folder that holds odoo/release.py, the top one or one level down."""
    candidates = [folder] + [os.path.join(folder, name) for name in sorted(os.listdir(folder))]
    for candidate in candidates:
        if os.path.isfile(os.path.join(candidate, "odoo", "release.py")):
            return candidate
    sys.exit("the archive holds no Odoo source (no odoo/release.py at its top or one folder down)")


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__.strip().splitlines()[0])
    archive, dest = argv[1], os.path.abspath(argv[2])
    if os.path.exists(dest):
        sys.exit(f"{dest} exists: remove it first")
    parent = os.path.dirname(dest)
    os.makedirs(parent, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=parent) as work:
        if archive.startswith(("http://", "https://")):
            archive = _download(archive, work)
        unpacked = os.path.join(work, "unpacked")
        os.mkdir(unpacked)
        _extract(archive, unpacked)
        os.rename(_source_root(unpacked), dest)


if __name__ == "__main__":
    main(sys.argv)
