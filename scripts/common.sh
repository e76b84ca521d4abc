# shellcheck shell=bash
# Shared by scripts/run and scripts/test: system packages, Python requirements,
# Odoo 18 (the installed one, or one installed into .cache/odoo-venv), a local
# PostgreSQL, an Odoo configuration file.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=${PYTHON:-python3}
STATE_DIR=${KTTV_STATE_DIR:-$ROOT/.cache}
mkdir -p "$STATE_DIR"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi
}

# PostgreSQL, wkhtmltopdf for PDF reports, Chromium for the browser tours and a
# font with Vietnamese glyphs metric-compatible with Times New Roman (Decree 30).
ensure_system_packages() {
    local missing=()
    command -v pg_ctlcluster >/dev/null || missing+=(postgresql)
    command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)
    command -v chromium >/dev/null || missing+=(chromium)
    fc-list 2>/dev/null | grep -i "Liberation Serif" >/dev/null || missing+=(fonts-liberation)
    # Digital signatures: where the text sits in a PDF (pdftotext); a PKCS#11 token for the tests.
    command -v pdftotext >/dev/null || missing+=(poppler-utils)
    command -v softhsm2-util >/dev/null || missing+=(softhsm2)
    [ ${#missing[@]} -eq 0 ] && return 0
    log "Installing from Debian: ${missing[*]}"
    command -v apt-get >/dev/null || die "install these packages first: ${missing[*]}"
    as_root apt-get update -qq || die "cannot run apt-get; install: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# ensure_python_requirements FILE: the addon's requirements (requirements.txt
# for the product, requirements-dev.txt for the tests) for $PYTHON.  Inside
# the virtual environment made by install_odoo, Odoo's own pins constrain
# them.  A pip failure stops the script.
ensure_python_requirements() {
    local file=${1:-requirements.txt} constraints=()
    [ -f "${ODOO_CONSTRAINTS:-}" ] && constraints=(-c "$ODOO_CONSTRAINTS")
    log "Python requirements ($file)"
    PIP_ROOT_USER_ACTION=ignore "$PYTHON" -m pip install --quiet --disable-pip-version-check \
        -r "$ROOT/$file" "${constraints[@]}" || die "pip could not install $file (see above)"
}

# has_odoo18 PYTHON: that Python imports Odoo 18.
has_odoo18() {
    "$1" -c 'import odoo.release as r, sys; sys.exit(r.version_info[0] != 18)' 2>/dev/null
}

# Odoo 18, importable by $PYTHON (PYTHON is set to the Python that has it):
#  - ODOO_PATH set: that source checkout, with the Python requirements already
#    installed for $PYTHON (as before);
#  - ODOO_SOURCE set, or no Odoo 18 for $PYTHON: the virtual environment
#    $STATE_DIR/odoo-venv, made by install_odoo on the first run.
# ODOO_ADDONS is set to its add-ons folders.
find_odoo() {
    if [ -n "${ODOO_PATH:-}" ]; then
        export PYTHONPATH="$ODOO_PATH${PYTHONPATH:+:$PYTHONPATH}"
        has_odoo18 "$PYTHON" || die "ODOO_PATH=$ODOO_PATH: $PYTHON does not import Odoo 18 from it (is it an Odoo 18.0 source with its requirements installed?)"
    elif [ -n "${ODOO_SOURCE:-}" ] || ! has_odoo18 "$PYTHON"; then
        install_odoo
    fi
    ODOO_ADDONS=$("$PYTHON" - <<'PY'
import os

import odoo

package = os.path.dirname(odoo.__file__)
folders = [os.path.join(os.path.dirname(package), "addons"), os.path.join(package, "addons")]
print(",".join(folder for folder in folders if os.path.isdir(folder)))
PY
)
    export ODOO_ADDONS
}

ODOO_GIT=${ODOO_GIT:-https://github.com/odoo/odoo.git}
ODOO_BRANCH=18.0

# install_odoo: Odoo 18 in the virtual environment $STATE_DIR/odoo-venv, from
# ODOO_SOURCE (a source checkout, used in place; a .tar.gz/.tgz/.zip archive or
# its https:// address, unpacked into $STATE_DIR/odoo-src) or, without it,
# from a shallow clone of Odoo's 18.0 branch on GitHub.  The source is put on
# the environment's path; its requirements.txt is installed with its pins
# resolved for this Python (scripts/odoo_requirements.py).  Done once: later
# runs find the environment ready (the source and the pins unchanged).
install_odoo() {
    local venv="$STATE_DIR/odoo-venv" source
    source=$(odoo_source) || exit 1
    [ -f "$source/odoo/release.py" ] && [ -f "$source/requirements.txt" ] \
        || die "$source is not an Odoo source (no odoo/release.py and requirements.txt)"
    grep -Eq "^version_info = \(18, 0," "$source/odoo/release.py" \
        || die "$source is not Odoo 18.0: $(grep -E '^version_info' "$source/odoo/release.py")"

    local stamp="$venv/.kttv-odoo" wanted
    wanted="$source $(cksum <"$source/requirements.txt" | cut -d' ' -f1) $(cksum <"$ROOT/scripts/odoo_requirements.py" | cut -d' ' -f1)"
    if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
        log "Installing Odoo 18 from $source into $venv"
        ensure_build_packages
        [ -x "$venv/bin/python" ] || "$PYTHON" -m venv "$venv" \
            || die "$PYTHON cannot make a virtual environment (on Debian: apt-get install python3-venv)"
        rm -f "$stamp"
        local site
        site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
        echo "$source" >"$site/odoo-source.pth"
        "$venv/bin/python" "$ROOT/scripts/odoo_requirements.py" "$source/requirements.txt" >"$venv/odoo-requirements.txt" \
            || die "cannot read $source/requirements.txt"
        log "Odoo's Python requirements ($venv/odoo-requirements.txt)"
        PIP_ROOT_USER_ACTION=ignore "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
            -r "$venv/odoo-requirements.txt" || die "pip could not install Odoo's requirements (see above)"
        has_odoo18 "$venv/bin/python" || die "$venv/bin/python does not import Odoo 18 from $source"
        echo "$wanted" >"$stamp"
    fi
    PYTHON="$venv/bin/python"
    ODOO_CONSTRAINTS="$venv/odoo-requirements.txt"
    # pre-commit's hooks and the scripts' python3 are this environment's.
    export PATH="$venv/bin:$PATH" ODOO_CONSTRAINTS
}

# odoo_source: the folder of the Odoo source install_odoo uses (printed).
odoo_source() {
    local target="$STATE_DIR/odoo-src"
    case "${ODOO_SOURCE:-}" in
        "")
            if [ ! -f "$target/odoo/release.py" ]; then
                command -v git >/dev/null || die "git is needed to fetch Odoo (or set ODOO_SOURCE to an Odoo 18 source)"
                log "Cloning Odoo $ODOO_BRANCH from $ODOO_GIT (shallow) into $target"
                rm -rf "$target"
                git clone --quiet --depth 1 --branch "$ODOO_BRANCH" "$ODOO_GIT" "$target" >&2 \
                    || die "cannot clone $ODOO_GIT: set ODOO_SOURCE to an Odoo 18 source archive or checkout"
            fi
            echo "$target"
            ;;
        http://* | https://* | *.tar.gz | *.tgz | *.zip)
            local stamp="$target/.kttv-archive"
            if [ "$(cat "$stamp" 2>/dev/null)" != "$ODOO_SOURCE" ]; then
                log "Unpacking $ODOO_SOURCE into $target"
                rm -rf "$target"
                "$PYTHON" "$ROOT/scripts/odoo_archive.py" "$ODOO_SOURCE" "$target" >&2 \
                    || die "cannot unpack $ODOO_SOURCE"
                echo "$ODOO_SOURCE" >"$stamp"
            fi
            echo "$target"
            ;;
        *)
            [ -d "$ODOO_SOURCE" ] || die "ODOO_SOURCE=$ODOO_SOURCE: no such folder or archive"
            (cd "$ODOO_SOURCE" && pwd)
            ;;
    esac
}

# What pip needs to build Odoo's requirements that come as source only
# (psycopg2, python-ldap): a compiler, libpq's and OpenLDAP's headers.
ensure_build_packages() {
    local missing=()
    command -v gcc >/dev/null || missing+=(build-essential)
    command -v pg_config >/dev/null || missing+=(libpq-dev)
    [ -f /usr/include/ldap.h ] || missing+=(libldap2-dev)
    [ -f /usr/include/sasl/sasl.h ] || missing+=(libsasl2-dev)
    "$PYTHON" -c 'import sysconfig, os, sys; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' \
        || missing+=(python3-dev)
    [ ${#missing[@]} -eq 0 ] && return 0
    log "Installing from Debian, to build Odoo's requirements: ${missing[*]}"
    command -v apt-get >/dev/null || die "install these packages first: ${missing[*]}"
    as_root apt-get update -qq || die "cannot run apt-get; install: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
        || die "apt-get could not install: ${missing[*]}"
}

ensure_postgres() {
    if ! pg_isready -q 2>/dev/null; then
        log "Starting PostgreSQL"
        local cluster
        cluster=$(pg_lsclusters -h 2>/dev/null | head -n 1 | awk '{print $1, $2}')
        [ -n "$cluster" ] || die "PostgreSQL has no cluster: create one with pg_createcluster"
        # shellcheck disable=SC2086
        as_root pg_ctlcluster $cluster start || die "cannot start PostgreSQL cluster $cluster"
        for _ in $(seq 1 30); do pg_isready -q && break; sleep 1; done
    fi
    if ! psql -d postgres -tAc 'select 1' >/dev/null 2>&1; then
        log "Creating the PostgreSQL role $(id -un)"
        if [ "$(id -u)" = 0 ]; then
            runuser -u postgres -- createuser -s "$(id -un)"
        else
            sudo -u postgres createuser -s "$(id -un)"
        fi
    fi
}

# write_config NAME [extra lines...]: an Odoo configuration in $STATE_DIR.
write_config() {
    local name=$1
    shift
    local file="$STATE_DIR/$name.conf"
    {
        echo "[options]"
        echo "addons_path = $ODOO_ADDONS,$ROOT"
        echo "data_dir = $STATE_DIR/data"
        echo "http_interface = 127.0.0.1"
        echo "list_db = False"
        for line in "$@"; do echo "$line"; done
    } >"$file"
    echo "$file"
}

odoo() {
    "$PYTHON" -m odoo "$@"
}
