#!/usr/bin/env python3
"""Backup and restore, as the README describes them: a database with courses, a learner who
completed a course and holds a certificate is dumped with scripts/backup.sh, restored into an empty
database, and a server on the restored copy must hold the same rows, need no migration, let the
learner sign in and verify the certificate as valid.

Run by `make test` (scripts/test.sh), which exports HROMADA_TEST_DATABASE_URL.
Prints one line per check and 'N passed, M failed'; exits non-zero on any failure.
"""
import os, subprocess, sys, uuid

sys.path.insert(0, os.path.dirname(__file__))
from e2e_support import ADMIN_URL, E2E, ROOT, SERVER, check, http, psql, summary  # noqa: E402

SLUG = "backup-day"
TABLES = ["users", "sessions", "course_versions", "enrolments", "lesson_progress", "attempts", "quiz_results",
          "certificates", "signing_keys", "cpd_credits", "audit_log", "schema_migrations"]


def counts(url):
    return {t: psql(url, f"SELECT count(*) FROM {t}") for t in TABLES}


def main():
    w = E2E(admin_email="admin@backup.example")
    restored = "hromada_e2e_" + uuid.uuid4().hex[:12]
    try:
        w.issue_certificates(SLUG, "Резервна копія")
        serial = w.complete_template_course(SLUG, "olena@backup.example", "Олена Коваль", "Olena-Backup-Pass-1")
        check("the source holds an issued certificate", bool(serial), serial)
        w.stop()

        dump = os.path.join(w.tmp, "hromada.dump")
        env = dict(os.environ, HROMADA_DATABASE_URL=w.db_url)
        p = subprocess.run(["bash", os.path.join(ROOT, "scripts", "backup.sh"), "dump", dump], env=env, capture_output=True, text=True)
        check("scripts/backup.sh dump writes a dump", p.returncode == 0 and os.path.getsize(dump) > 0, p.stderr)
        psql(ADMIN_URL, f"CREATE DATABASE {restored}")
        target = ADMIN_URL.replace("///postgres?", f"///{restored}?")
        p = subprocess.run(["bash", os.path.join(ROOT, "scripts", "backup.sh"), "restore", dump, target], capture_output=True, text=True)
        check("scripts/backup.sh restore loads it into an empty database", p.returncode == 0, p.stderr)
        before, after = counts(w.db_url), counts(target)
        check("the restored database holds the same rows in every table", before == after, (before, after))
        p = subprocess.run([SERVER, "migrate"], env=dict(w.env, HROMADA_DATABASE_URL=target), capture_output=True, text=True)
        check("migrate on the restored copy changes nothing", p.returncode == 0 and psql(target, "SELECT count(*) FROM schema_migrations") == before["schema_migrations"], p.stdout + p.stderr)

        # A server on the restored copy: the learner signs in, the certificate verifies.
        w.env["HROMADA_DATABASE_URL"] = target
        w.start()
        st, _ = http(w.base, "POST", "/api/v1/auth/login", {"email": "olena@backup.example", "password": "Olena-Backup-Pass-1"})
        check("the learner signs in on the restored copy", st == 200, st)
        st, v = http(w.base, "GET", f"/api/v1/certificates/{serial}")
        check("the certificate verifies as valid on the restored copy", st == 200 and v.get("verification", {}).get("verdict") == "valid", (st, v))
    finally:
        w.close()
        psql(ADMIN_URL, f"DROP DATABASE IF EXISTS {restored} WITH (FORCE)")
    return summary()


if __name__ == "__main__":
    sys.exit(main())
