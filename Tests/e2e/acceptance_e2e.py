#!/usr/bin/env python3
"""The association's contract smoke test (Tests/acceptance/contract-smoke.py) against a server of
its own: a fresh database with the shipped courses, an admin, and a development certificate chain
so that the completed sample course's certificate is issued and checked with stock openssl.

Run by `make test` (scripts/test.sh), which exports HROMADA_TEST_DATABASE_URL.
Prints the smoke test's lines and 'N passed, M failed'; exits non-zero on any failure.
"""
import os, subprocess, sys

sys.path.insert(0, os.path.dirname(__file__))
from e2e_support import E2E, ROOT, check, summary  # noqa: E402

ADMIN_EMAIL, ADMIN_PASSWORD = "admin@acceptance.example", "Acceptance-Admin-Pass-1"


def main():
    w = E2E(admin_email=ADMIN_EMAIL, admin_password=ADMIN_PASSWORD)
    try:
        # The template course brings nothing to the smoke test; the call sets up the chain.
        w.issue_certificates("acceptance-template", "Приймальний тест")
        smoke = os.path.join(ROOT, "Tests", "acceptance", "contract-smoke.py")
        p = subprocess.run([sys.executable, smoke, "--server", w.base, "--admin-email", ADMIN_EMAIL, "--admin-password", ADMIN_PASSWORD],
                           capture_output=True, text=True, timeout=300)
        print(p.stdout, end="")
        lines = p.stdout.splitlines()
        check("the contract smoke test passes every check", p.returncode == 0 and lines and lines[-1].endswith(" 0 failed"),
              (p.returncode, p.stderr[-2000:]))
        check("it ran all its checks (at least 16)", sum(1 for line in lines if line.startswith("PASS ")) >= 16, len(lines))
    finally:
        w.close()
    return summary()


if __name__ == "__main__":
    sys.exit(main())
