"""Load through a real Odoo server: throughput and latency at 2 and 4 workers; a 500-dossier vote opened.

Run: bench/run bench_load [--users 20] [--requests 40] [--seconds 120] [--workers 2,4] [--open-vote 1]

On a copy of the benchmark database (that of bench_workflow, whose data it
generates if missing), the script starts Odoo itself on 127.0.0.1 with
``--workers=N`` and Odoo's default limits (60 s of CPU and 120 s of real time
per request), no cron thread, and a free port. ``--users`` simulated users,
half TCCB officers and half unit officers, log in and read as the web client
does, over JSON-RPC with their session (``/web/dataset/call_kw``): the
registration list (80 rows and the count), the kanban (the grouped read, then
40 cards for each of the ten states), a registration's form, the unit plan
list. They read without pause, until each has made ``--requests`` requests
or ``--seconds`` have passed. Then, through a ``--workers=2`` server, the
secretary opens the vote of a council session of 500 dossiers x 15 members.

Every server is stopped at the end of its part, whatever happens (and on
Ctrl-C); the copy is dropped unless ``--keep-copy 1``. Only the standard
library talks to the server (threads and http.client).
"""

import contextlib
import http.client
import json
import math
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import defaultdict

from bench_workflow import CONTEXT, OFFICER, UNIT, ensure_session, ensure_user, ensure_workflow_data
from common import environment, parse_args, web_spec

import odoo

PASSWORD = "bench-load-password"  # a throwaway copy on 127.0.0.1
HOST = "127.0.0.1"
REQUEST_LINE = re.compile(r'"POST (\S+) HTTP/[\d.]+" (\d{3}) - (\d+) ([\d.]+) ([\d.]+)')
VOTE_SESSION = 500  # dossiers of the session whose vote is opened through the server
LIMIT_LINES = re.compile(r"CPU time limit|timeout after|virtual memory limit|virtual real time limit")


def log(message):
    print(message, file=sys.stderr, flush=True)


def percentile(values, share):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


# ----------------------------------------------------------------------
# The copy, its users, what the client reads
# ----------------------------------------------------------------------


def prepare_source(database, users):
    """The workflow data in the benchmark database, and what each simulated user reads."""
    with environment(database) as base_env:
        env = base_env(context=CONTEXT)
        phase, people = ensure_workflow_data(env)
        session = ensure_session(env, phase, people, "open", VOTE_SESSION)
        Registration = env["kttv.exemplar.registration"]
        # Each role gets its own views (fields of other groups left out), as the web client does.
        specs = {}
        for role, user in (("tccb", people.officer), ("unit", people.unit_officer)):
            role_env = env(user=user.id)
            specs[role] = {
                "registration_list": web_spec(role_env, Registration._name, "list"),
                "registration_kanban": web_spec(role_env, Registration._name, "kanban"),
                "registration_form": web_spec(role_env, Registration._name, "form"),
                "unit_plan_list": web_spec(role_env, "kttv.unit.plan", "list"),
            }
        plan = {
            "phase_id": phase.id,
            "specs": specs,
            # Forms opened: registrations of the phase, spread over the states.
            "form_ids": Registration.search([("phase_id", "=", phase.id)], order="id").ids[::25],
            "session_id": session.id,
            "session_state": session.state,
            "unit_ids": people.unit_officer.kttv_unit_ids.ids,
            "users": users,
        }
        env.cr.rollback()
    close_database(database)
    return plan


def close_database(database):
    odoo.modules.registry.Registry.delete(database)
    odoo.sql_db.close_db(database)


def make_copy(source, copy):
    """A copy of the benchmark database, and of its filestore."""
    subprocess.run(["dropdb", "--if-exists", copy], check=True)
    subprocess.run(["createdb", "-T", source, copy], check=True)
    filestore = odoo.tools.config.filestore(source)
    if os.path.isdir(filestore):
        shutil.rmtree(odoo.tools.config.filestore(copy), ignore_errors=True)
        shutil.copytree(filestore, odoo.tools.config.filestore(copy))


def drop_copy(copy):
    subprocess.run(["dropdb", "--if-exists", copy], check=False)
    shutil.rmtree(odoo.tools.config.filestore(copy), ignore_errors=True)


def make_users(copy, plan):
    """Simulated users with a password, in the copy only: half TCCB officers, half unit officers."""
    logins = []
    with environment(copy) as env:
        for index in range(plan["users"]):
            tccb = index % 2 == 0
            login = f"bench_load_{'tccb' if tccb else 'unit'}_{index:02d}"
            user = ensure_user(env, login, f"Người dùng tải {index:02d}", [OFFICER if tccb else UNIT])
            if not tccb:
                user.kttv_unit_ids = [(6, 0, plan["unit_ids"])]
            user.password = PASSWORD
            logins.append((login, "tccb" if tccb else "unit"))
        env["res.users"].search([("login", "=", "bench_officer")]).password = PASSWORD
        env.cr.commit()
    close_database(copy)
    return logins


# ----------------------------------------------------------------------
# The server
# ----------------------------------------------------------------------


class Server:
    """``python -m odoo`` with ``--workers``, on 127.0.0.1; stopped on exit, whatever happens."""

    def __init__(self, config, database, workers, logfile):
        self.database = database
        self.port = free_port()
        self.logfile = logfile
        # odoo-bin, not ``-m odoo``: the master starts its long-polling process with sys.argv[0].
        odoo_bin = os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), "odoo-bin")
        start = [sys.executable, odoo_bin] if os.path.isfile(odoo_bin) else [sys.executable, "-m", "odoo"]
        self.command = [
            *start,
            "-c",
            config,
            "-d",
            database,
            f"--db-filter=^{database}$",
            f"--workers={workers}",
            "--max-cron-threads=0",
            f"--http-interface={HOST}",
            f"--http-port={self.port}",
            f"--gevent-port={free_port()}",
            f"--logfile={logfile}",
            "--log-level=info",
        ]
        self.process = None

    def __enter__(self):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.logfile)
        self.process = subprocess.Popen(self.command, start_new_session=True, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited ({self.process.returncode}): see {self.logfile}")
            try:
                connection = http.client.HTTPConnection(HOST, self.port, timeout=5)
                connection.request("GET", "/web/health")
                if connection.getresponse().status == 200:
                    return self
            except OSError:
                pass
            time.sleep(1)
        self.stop()
        raise RuntimeError(f"the server did not answer within 180 s: see {self.logfile}")

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        """SIGTERM to the server's process group (master, workers, gevent), then SIGKILL after 30 s."""
        if not self.process or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def log_lines(self):
        with contextlib.suppress(FileNotFoundError), open(self.logfile, encoding="utf-8", errors="replace") as lines:
            return lines.readlines()
        return []


# ----------------------------------------------------------------------
# A user of the web client, over JSON-RPC
# ----------------------------------------------------------------------


class RpcError(Exception):
    pass


class Client:
    def __init__(self, port, database, login, timeout=60):
        self.port, self.database, self.login, self.timeout = port, database, login, timeout
        self.cookie = None
        self.uid = None
        self.counter = 0

    def post(self, path, params, timeout=None):
        self.counter += 1
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params, "id": self.counter})
        headers = {"Content-Type": "application/json"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        connection = http.client.HTTPConnection(HOST, self.port, timeout=timeout or self.timeout)
        try:
            connection.request("POST", path, body, headers)
            response = connection.getresponse()
            data = response.read()
            cookie = response.getheader("Set-Cookie")
        finally:
            connection.close()
        if cookie and "session_id=" in cookie:
            self.cookie = cookie.split(";", 1)[0]
        if response.status != 200:
            raise RpcError(f"HTTP {response.status}")
        answer = json.loads(data)
        if "error" in answer:
            error = answer["error"].get("data", {})
            raise RpcError(f"{error.get('name', 'error')}: {error.get('message', answer['error'].get('message'))}")
        return answer.get("result")  # Odoo leaves out a result that is None

    def authenticate(self):
        result = self.post(
            "/web/session/authenticate", {"db": self.database, "login": self.login, "password": PASSWORD}
        )
        self.uid = result["uid"]
        return self

    def call(self, model, method, args, kwargs=None, timeout=None):
        context = dict(CONTEXT, uid=self.uid, allowed_company_ids=[1], bin_size=True)
        kwargs = dict(kwargs or {}, context=context)
        return self.post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
            timeout=timeout,
        )


def screens(plan, role):
    """The requests of one round through the screens, as the web client makes them."""
    specs, domain = plan["specs"][role], [["phase_id", "=", plan["phase_id"]]]
    registration = "kttv.exemplar.registration"

    def registration_list(client):
        client.call(registration, "web_search_read", [], {"domain": domain, "specification": specs[
            "registration_list"], "limit": 80, "count_limit": 10001})  # fmt: skip

    def kanban_groups(client):
        groups = client.call(
            registration,
            "web_read_group",
            [],
            {"domain": domain, "fields": ["state"], "groupby": ["state"], "lazy": True},
        )["groups"]
        client.columns = [group["__domain"] for group in groups if group["state_count"]]

    def kanban_column(index):
        def read(client):
            columns = getattr(client, "columns", [])
            if index < len(columns):
                client.call(registration, "web_search_read", [], {"domain": columns[index], "specification": specs[
                    "registration_kanban"], "limit": 40})  # fmt: skip

        return read

    def form(client):
        ids = plan["form_ids"]
        record = ids[client.counter % len(ids)]
        client.call(registration, "web_read", [[record]], {"specification": specs["registration_form"]})

    def unit_plan_list(client):
        client.call("kttv.unit.plan", "web_search_read", [], {"domain": domain, "specification": specs[
            "unit_plan_list"], "limit": 80, "count_limit": 10001})  # fmt: skip

    columns = [(f"kanban column {index + 1}", kanban_column(index)) for index in range(10)]
    return [
        ("registration list", registration_list),
        ("kanban groups", kanban_groups),
        *columns,
        ("registration form", form),
        ("unit plan list", unit_plan_list),
    ]


def run_load(server, plan, logins, requests, seconds):
    """Every simulated user reads in its own thread until its requests are made or the time is up."""
    samples = []  # (kind, seconds, ok)
    errors = defaultdict(int)
    lock = threading.Lock()
    clients = []
    for login, role in logins:
        clients.append((Client(server.port, server.database, login).authenticate(), role))
    barrier = threading.Barrier(len(clients) + 1)
    deadline = [None]

    def user(client, role):
        barrier.wait()
        made = 0
        for_screens = screens(plan, role)
        while made < requests and time.monotonic() < deadline[0]:
            for kind, request in for_screens:
                if made >= requests or time.monotonic() >= deadline[0]:
                    break
                if kind.startswith("kanban column") and int(kind.split()[-1]) > len(getattr(client, "columns", [])):
                    continue
                started = time.perf_counter()
                try:
                    request(client)
                    ok = True
                except (OSError, RpcError, http.client.HTTPException) as error:
                    ok = False
                    with lock:
                        errors[f"{kind}: {type(error).__name__}: {str(error)[:120]}"] += 1
                with lock:
                    samples.append((kind.split(" column")[0], time.perf_counter() - started, ok))
                made += 1

    threads = [threading.Thread(target=user, args=(client, role), daemon=True) for client, role in clients]
    for thread in threads:
        thread.start()
    deadline[0] = time.monotonic() + seconds
    started = time.perf_counter()
    barrier.wait()
    for thread in threads:
        thread.join(seconds + 130)  # the longest request ends with Odoo's real-time limit (120 s)
    elapsed = time.perf_counter() - started
    return samples, errors, elapsed


def server_times(lines):
    """Per path, the server's own time (query time + the rest) and query count of each request it logged."""
    by_path = defaultdict(list)
    for line in lines:
        match = REQUEST_LINE.search(line)
        if match and match.group(1).startswith("/web/dataset/call_kw/"):
            path, _status, queries, query_time, remaining = match.groups()
            method = "/".join(path.rsplit("/", 2)[-2:])
            by_path[method].append((float(query_time) + float(remaining), int(queries)))
    return by_path


def load_table(workers, samples, errors, elapsed, lines):
    ok = [sample for sample in samples if sample[2]]
    rows = [f"\n### {workers} workers\n"]
    rows.append(
        f"{len(samples):,} requests in {elapsed:,.1f} s: **{len(ok) / elapsed:,.1f} req/s**, "
        f"{len(samples) - len(ok)} failed\n"
    )
    rows.append("| requests | count | client p50 | client p95 |\n| --- | ---: | ---: | ---: |")
    kinds = defaultdict(list)
    for kind, seconds, success in samples:
        if success:
            kinds[kind].append(seconds)
    every = [seconds for kind, seconds, success in samples if success]
    for kind, values in [*kinds.items(), ("all", every)]:
        rows.append(
            f"| {kind} | {len(values):,} | {percentile(values, 0.5) * 1000:,.0f} ms "
            f"| {percentile(values, 0.95) * 1000:,.0f} ms |"
        )
    server = server_times(lines)
    if server:
        rows.append("\nServer's own time per request (its log: query time + the rest), and queries:\n")
        rows.append("| method | count | server p50 | server p95 | queries p50 |\n| --- | ---: | ---: | ---: | ---: |")
        for method, values in sorted(server.items()):
            times = [value[0] for value in values]
            queries = [value[1] for value in values]
            rows.append(
                f"| {method} | {len(values):,} | {percentile(times, 0.5) * 1000:,.0f} ms "
                f"| {percentile(times, 0.95) * 1000:,.0f} ms | {percentile(queries, 0.5):,.0f} |"
            )
    for message, count in sorted(errors.items()):
        rows.append(f"- error ×{count}: {message}")
    limits = [line.strip() for line in lines if LIMIT_LINES.search(line)]
    rows.extend(f"- server: {line[:200]}" for line in limits)
    return "\n".join(rows), len(ok) / elapsed, every


def open_vote(server, copy, plan, timeout):
    """The secretary opens the vote of the 500-dossier session through the server; what the client sees."""
    client = Client(server.port, copy, "bench_officer").authenticate()
    started = time.perf_counter()
    try:
        client.call("kttv.council.session", "action_open_vote", [[plan["session_id"]]], timeout=timeout)
        outcome = "answered"
    except (OSError, RpcError, http.client.HTTPException) as error:
        outcome = f"{type(error).__name__}: {str(error)[:200]}"
    elapsed = time.perf_counter() - started
    try:
        state = (
            Client(server.port, copy, "bench_officer")
            .authenticate()
            .call("kttv.council.session", "read", [[plan["session_id"]], ["state"]])[0]["state"]
        )
    except (OSError, RpcError, http.client.HTTPException) as error:
        state = f"unknown ({type(error).__name__})"
    return outcome, elapsed, state


def main():
    args = parse_args(
        __doc__,
        users=(int, 20, "simulated users (half TCCB officers, half unit officers)"),
        requests=(int, 40, "requests each user makes"),
        seconds=(int, 120, "the most a load run lasts"),
        workers=(str, "2,4", "worker counts to load, comma-separated"),
        open_vote=(int, 1, "1: open the 500-dossier vote through a --workers=2 server"),
        vote_timeout=(int, 400, "seconds the client waits for the vote to open"),
        keep_copy=(int, 0, "1: keep the copy of the database"),
    )
    source, copy = args.database, f"{args.database}_load"
    started = time.perf_counter()
    plan = prepare_source(source, args.users)
    if plan["session_state"] != "draft":
        raise SystemExit(f"the 500-dossier session is {plan['session_state']}, not in preparation")
    log(f"copying {source} to {copy}")
    make_copy(source, copy)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that the servers are stopped in finally
    output = []
    try:
        logins = make_users(copy, plan)
        log(f"{len(logins)} users in the copy; preparing took {time.perf_counter() - started:,.0f} s")
        for workers in [int(value) for value in args.workers.split(",") if value.strip()]:
            logfile = os.path.join(odoo.tools.config["data_dir"], f"bench_load_{workers}w.log")
            log(f"starting a --workers={workers} server")
            with Server(args.config, copy, workers, logfile) as server:
                samples, errors, elapsed = run_load(server, plan, logins, args.requests, args.seconds)
            table, throughput, _every = load_table(workers, samples, errors, elapsed, server.log_lines())
            log(f"{workers} workers: {throughput:,.1f} req/s")
            output.append(table)
        if args.open_vote:
            logfile = os.path.join(odoo.tools.config["data_dir"], "bench_load_open_vote.log")
            log(f"starting a --workers=2 server to open the {VOTE_SESSION}-dossier vote")
            with Server(args.config, copy, 2, logfile) as server:
                outcome, elapsed, state = open_vote(server, copy, plan, args.vote_timeout)
                time.sleep(2)  # the master's log of a killed worker
            lines = server.log_lines()
            limits = [line.strip()[:200] for line in lines if LIMIT_LINES.search(line)]
            vote_lines = [line for line in lines if "action_open_vote" in line and REQUEST_LINE.search(line)]
            logged = REQUEST_LINE.search(vote_lines[-1]).groups() if vote_lines else None
            text = [
                f"\n### Opening the vote of {VOTE_SESSION} dossiers × 15 members, --workers=2\n",
                f"- client: {outcome} after {elapsed:,.1f} s; the session is then {state!r}",
            ]
            if logged:
                text.append(
                    f"- server's log of the request: HTTP {logged[1]}, {int(logged[2]):,} queries, "
                    f"{float(logged[3]) + float(logged[4]):,.1f} s"
                )
            text.extend(f"- server: {line}" for line in limits)
            if not limits:
                text.append("- server: no worker limit reached")
            output.append("\n".join(text))
    finally:
        if not args.keep_copy:
            drop_copy(copy)
    print(f"\nLoad through Odoo (users: {args.users}, {args.requests} requests each, at most {args.seconds} s)")
    print("\n".join(output))
    log(f"bench_load ran in {time.perf_counter() - started:,.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
