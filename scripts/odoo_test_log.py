"""What Odoo's test runner did, read from its log: python odoo_test_log.py LOG.

Prints ``Odoo test runner: N passed, N failed, N error(s), N skipped of N tests``
and exits 1 unless every test passed: none failed, none errored, none skipped
(KTTV_ALLOW_SKIPS=1 allows skips), at least one ran, the run reached its final
report, and no line of the log is an ERROR or CRITICAL one (a test's failure is
logged as an ERROR line; so is a module that fails to load its tests).

Odoo 18 also makes its exit status non-zero on a failure, but older versions
exit 0 and some errors (a test module that does not import) never reach the
count: the log is the reliable witness.  tests/test_odoo_runner.py reads the
same log with these functions.
"""

import os
import re
import sys

# 2026-01-01 10:00:00,000 1234 ERROR db odoo.addons.x.tests.test_y: FAIL: ...
PROBLEM = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ")
RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ ")
FINAL = re.compile(r"odoo\.tests\.result: (\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")
STARTED = re.compile(r"^\S+ \S+ \d+ INFO \S+ (odoo\.addons\.\S+): Starting (\S+) \.\.\.")
SKIPPED = re.compile(r"^\S+ \S+ \d+ INFO \S+ (odoo\.addons\.\S+): skipped (\S+) ")


def read(text):
    """The runner's counts and the problem lines of a log."""
    finals = FINAL.findall(text)
    failed, errors, total = (int(n) for n in finals[-1]) if finals else (None, None, None)
    lines = text.splitlines()
    return {
        "finished": bool(finals),
        "failed": failed,
        "errors": errors,
        "tests": total,
        "started": [f"{m.group(1)}.{m.group(2)}" for m in map(STARTED.match, lines) if m],
        "skipped": [f"{m.group(1)}.{m.group(2)}" for m in map(SKIPPED.match, lines) if m],
        "problems": _problems(lines),
    }


def _problems(lines):
    """Each ERROR or CRITICAL record, with the lines that follow it (its traceback)."""
    problems, current = [], None
    for line in lines:
        if RECORD.match(line):
            current = [line] if PROBLEM.match(line) else None
            if current:
                problems.append(current)
        elif current is not None:
            current.append(line)
    return ["\n".join(problem) for problem in problems]


def verdict(result, allow_skips=False):
    """Why the run is not a pass (empty when it is)."""
    reasons = []
    if not result["finished"]:
        reasons.append("the runner never reported its final count (it crashed or was stopped)")
    elif not result["tests"]:
        reasons.append("no test ran")
    if result["failed"] or result["errors"]:
        reasons.append(f"{result['failed']} failed, {result['errors']} error(s)")
    if result["skipped"] and not allow_skips:
        reasons.append(f"{len(result['skipped'])} skipped: a skip is not a pass (KTTV_ALLOW_SKIPS=1 to allow)")
    if result["problems"]:
        reasons.append(f"{len(result['problems'])} ERROR/CRITICAL line(s) in the log")
    return reasons


def summary(result):
    tests = result["tests"] or 0
    failed, errors, skipped = result["failed"] or 0, result["errors"] or 0, len(result["skipped"])
    passed = max(tests - failed - errors - skipped, 0)
    return f"Odoo test runner: {passed} passed, {failed} failed, {errors} error(s), {skipped} skipped of {tests} tests"


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__.strip().splitlines()[0])
    with open(argv[1], encoding="utf-8", errors="replace") as file:
        result = read(file.read())
    reasons = verdict(result, os.environ.get("KTTV_ALLOW_SKIPS") == "1")
    for problem in result["problems"][:20]:
        print("\n".join(problem.splitlines()[:60]))
    for test in result["skipped"]:
        print(f"skipped: {test}")
    print(summary(result) + (f" -- FAILED: {'; '.join(reasons)} (log: {argv[1]})" if reasons else ""))
    return 1 if reasons else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
