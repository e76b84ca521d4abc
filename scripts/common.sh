# shellcheck shell=bash
# Shared by scripts/run and scripts/test: system packages, Python requirements,
# the installed Odoo 18, a local PostgreSQL, an Odoo configuration file.

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
    [ ${#missing[@]} -eq 0 ] && return 0
    log "Installing from Debian: ${missing[*]}"
    command -v apt-get >/dev/null || die "install these packages first: ${missing[*]}"
    as_root apt-get update -qq || die "cannot run apt-get; install: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_python_requirements() {
    log "Python requirements"
    "$PYTHON" -m pip install -q --disable-pip-version-check -r "$ROOT/requirements-dev.txt" 2>&1 \
        | grep -v -e "Running pip as the 'root' user" -e "^WARNING: Location '.*' is ignored" || true
}

# Odoo 18 is a prerequisite: importable by $PYTHON, or a source checkout named
# by ODOO_PATH.  ODOO_ADDONS is set to its add-ons folders.
find_odoo() {
    if [ -n "${ODOO_PATH:-}" ]; then
        export PYTHONPATH="$ODOO_PATH${PYTHONPATH:+:$PYTHONPATH}"
    fi
    if ! "$PYTHON" -c 'import odoo.release as r, sys; sys.exit(r.version_info[0] != 18)' 2>/dev/null; then
        die "no Odoo 18 found: install Odoo 18.0 for $PYTHON (see README.md), or set ODOO_PATH to an Odoo 18.0 source checkout"
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
