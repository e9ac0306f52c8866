"""The tally every client script keeps: `check` each expectation, then `report` prints the
failures and 'N passed, M failed' (what the Rust tests read) and exits 1 on any failure."""

import sys

passed = 0
failed = []


def check(name, cond, detail=""):
    global passed
    if cond:
        passed += 1
    else:
        failed.append(f"{name}: {detail}")


def report():
    for line in failed:
        print("FAIL", line)
    print(f"{passed} passed, {len(failed)} failed")
    sys.exit(1 if failed else 0)
