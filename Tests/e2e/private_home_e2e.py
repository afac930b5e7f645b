#!/usr/bin/env python3
"""A checkout in a private home folder runs its own PostgreSQL (issue 26).

This checkout is cloned into a new folder of mode 0700 under the home folder of whoever runs the
test, with this tree's scripts/dev-db.sh, and `scripts/dev-db.sh start` must start a cluster there,
answer one query through its socket, and stop. As root the cluster runs as the `postgres` user,
who cannot enter that folder: the cluster, its socket and its log then live under /tmp, linked from
the checkout's .data/ (found by a new user: `cannot create <checkout>/.data/postgres.log:
Permission denied`). As an ordinary user it is that user's own checkout in their own home.

Run by `make test` (scripts/test.sh). Prints one line per check and 'N passed, M failed'; exits
non-zero on any failure.
"""
import os, shutil, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(__file__))
from e2e_support import ROOT, check, summary  # noqa: E402


def run(*args, **kw):
    return subprocess.run(list(args), capture_output=True, text=True, **kw)


def main():
    home = os.path.expanduser("~")
    private = tempfile.mkdtemp(prefix="hromada-private-home-", dir=home if os.path.isdir(home) else None)
    os.chmod(private, 0o700)
    clone = os.path.join(private, "hromada")
    dev_db = os.path.join(clone, "scripts", "dev-db.sh")
    moved = None
    try:
        p = run("git", "clone", "-q", ROOT, clone)
        check("the checkout is cloned into a folder of mode 0700", p.returncode == 0, p.stderr)
        if p.returncode != 0:
            return
        shutil.copy(os.path.join(ROOT, "scripts", "dev-db.sh"), dev_db)
        if os.geteuid() == 0:
            p = run("runuser", "-u", "postgres", "--", "test", "-x", private)
            check("as root: the postgres user cannot enter the checkout's folder", p.returncode != 0)

        p = run("bash", dev_db, "start")
        check("scripts/dev-db.sh start starts a cluster for the private checkout", p.returncode == 0, p.stdout + p.stderr)
        pg = os.path.join(clone, ".data", "pg")
        if os.path.islink(pg):
            moved = os.path.dirname(os.path.realpath(pg))
        url = run("bash", dev_db, "url").stdout.strip()
        p = run("psql", url, "-tAc", "SELECT current_database()")
        check("one query through the socket answers", p.stdout.strip() == "hromada", p.stdout + p.stderr)

        log = os.path.join(clone, ".data", "postgres.log")
        real_log = run("bash", dev_db, "log").stdout.strip()
        check("`dev-db.sh log` names the log, and .data/postgres.log leads to it",
              os.path.realpath(log) == os.path.realpath(real_log) and os.path.getsize(log) > 0, f"{log} -> {real_log}")
        if os.geteuid() == 0:
            p = run("runuser", "-u", "postgres", "--", "test", "-w", real_log)
            check("as root: the postgres user can write the log", p.returncode == 0, real_log)

        p = run("bash", dev_db, "stop")
        p2 = run("psql", url, "-tAc", "SELECT 1")
        check("scripts/dev-db.sh stop stops it", p.returncode == 0 and p2.returncode != 0, p.stderr + p2.stdout)

        # A cluster of its own (as make test gives the outage scripts), in a folder that holds someone's
        # file: `destroy` removes the cluster and nothing else; without HROMADA_DEV_DB_DIR it refuses.
        own = os.path.join(private, "somebody's folder")
        os.makedirs(own)
        with open(os.path.join(own, "notes.txt"), "w") as f:
            f.write("keep")
        env = dict(os.environ, HROMADA_DEV_DB_DIR=own)
        p = run("bash", dev_db, "start", env=env)
        started = p.returncode == 0 and os.path.lexists(os.path.join(own, "pg"))
        p = run("bash", dev_db, "destroy", env=env)
        check("dev-db.sh destroy removes a cluster of its own and leaves the folder's other files",
              started and p.returncode == 0 and sorted(os.listdir(own)) == ["notes.txt"], (started, p.stderr, os.listdir(own)))
        p = run("bash", dev_db, "destroy")
        check("dev-db.sh destroy without HROMADA_DEV_DB_DIR refuses and keeps the checkout's cluster",
              p.returncode == 2 and os.path.lexists(os.path.join(clone, ".data", "pg")), p.stderr)
    finally:
        if os.path.exists(dev_db):
            run("bash", dev_db, "kill")
        shutil.rmtree(private, ignore_errors=True)
        if moved and moved.startswith("/tmp/hromada-"):
            shutil.rmtree(moved, ignore_errors=True)


if __name__ == "__main__":
    main()
    sys.exit(summary())
