#!/usr/bin/env python3
"""End-to-end checks of the foundation against real processes and the real PostgreSQL:
concurrent migrations, create-admin, the terminal client in a pseudo-terminal, a PostgreSQL
outage while the server runs, and graceful shutdown on SIGTERM.

Run by `make test` (scripts/test.sh), which exports HROMADA_TEST_DATABASE_URL.
Prints one line per check and 'N passed, M failed'; exits non-zero on any failure.
"""
import fcntl, json, os, pty, select, signal, stat, struct, subprocess, sys, tempfile, termios, threading, time, uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import ADMIN_URL, CLIENT, CODIFIER, ROOT, SERVER, check, results, psql, free_port, request, wait_ready  # noqa: E402


def dev_db(action):
    subprocess.run(["bash", os.path.join(ROOT, "scripts", "dev-db.sh"), action], check=True)


def run_pty(argv, env, answers, timeout=20):
    """Runs argv in a pseudo-terminal, answering each (prompt, reply) in turn. Returns (output, exit code)."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(argv[0], argv, env)
    output = b""
    pending = list(answers)
    deadline = time.time() + timeout
    while time.time() < deadline:
        r, _, _ = select.select([fd], [], [], 0.2)
        if fd in r:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
        if pending and pending[0][0].encode() in output:
            os.write(fd, (pending[0][1] + "\n").encode())
            output += b"<<answered>>"
            pending.pop(0)
    else:
        os.kill(pid, signal.SIGKILL)
        output += b"<<timed out>>"
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return output.decode(errors="replace"), os.waitstatus_to_exitcode(status)


def main():
    name = "hromada_e2e_" + uuid.uuid4().hex[:12]
    psql(ADMIN_URL, f"CREATE DATABASE {name}")
    db_url = ADMIN_URL.replace("///postgres?", f"///{name}?")
    env = dict(os.environ, HROMADA_DATABASE_URL=db_url, HROMADA_MIGRATIONS_DIR=os.path.join(ROOT, "migrations"),
               HROMADA_LOG_LEVEL="warning")

    # Two migrators started at the same moment: one applies, the other finds nothing to do.
    procs = [subprocess.Popen([SERVER, "migrate"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=60) for p in procs]
    codes = [p.returncode for p in procs]
    texts = [o[0] for o in outs]
    check("two concurrent migrations both succeed", codes == [0, 0], outs)
    check("exactly one of them applied the migrations",
          sum("Applied" in t for t in texts) == 1 and sum("Nothing to migrate" in t for t in texts) == 1, texts)
    check("each migration is recorded once", psql(db_url, "SELECT count(*) = count(DISTINCT version) FROM schema_migrations") == "t")
    # The hromada codifier, as make run loads it: people's hromadas are written by name or code from it.
    p = subprocess.run([SERVER, "hromadas", "import", CODIFIER], env=env, capture_output=True, text=True)
    check("the shipped hromada codifier loads", p.returncode == 0 and psql(db_url, "SELECT count(*) FROM territories WHERE category = 'H'") == "1772",
          p.stdout + p.stderr)

    # create-admin from a password file and from standard input.
    tmp = tempfile.mkdtemp()
    pw_file = os.path.join(tmp, "admin.pass")
    with open(pw_file, "w") as f:
        f.write("E2e-Admin-Pass-1\n")
    p = subprocess.run([SERVER, "create-admin", "--email", "Admin@E2E.example", "--password-file", pw_file], env=env, capture_output=True, text=True)
    check("create-admin with --password-file", p.returncode == 0 and "admin@e2e.example" in p.stdout, p.stdout + p.stderr)
    p = subprocess.run([SERVER, "create-admin", "--email", "second@e2e.example"], env=env, input="E2e-Second-Pass-1\n", capture_output=True, text=True)
    check("create-admin with the password on standard input", p.returncode == 0, p.stdout + p.stderr)
    p = subprocess.run([SERVER, "create-admin", "--email", "weak@e2e.example"], env=env, input="short\n", capture_output=True, text=True)
    check("create-admin refuses a weak password in one sentence", p.returncode != 0 and "at least 10 characters" in p.stderr, p.stderr)
    check("no password is stored in clear", psql(db_url, "SELECT count(*) FROM users WHERE password_hash NOT LIKE 'scrypt$15$8$1$%'") == "0")

    # users import from the command line: all or nothing, with FILE:LINE errors.
    csv_ok = os.path.join(tmp, "people.csv")
    with open(csv_ok, "w") as f:
        f.write("email,full_name,category,position,hromada\nolena@e2e.example,Олена Коваль,official,спеціалістка,Бучанська\n")
    csv_bad = os.path.join(tmp, "bad.csv")
    with open(csv_bad, "w") as f:
        f.write("email,full_name,category,position,hromada\nivan@e2e.example,Іван,official,п,Г\nnot-an-email,X,official,п,Г\n")
    p = subprocess.run([SERVER, "users", "import", "--centre", "KYO", csv_bad], env=env, capture_output=True, text=True)
    check("users import reports FILE:LINE and imports nothing", p.returncode != 0 and f"{csv_bad}:3: error:" in p.stderr
          and psql(db_url, "SELECT count(*) FROM users WHERE email = 'ivan@e2e.example'") == "0", p.stderr)
    p = subprocess.run([SERVER, "users", "import", "--centre", "KYO", csv_ok], env=env, capture_output=True, text=True)
    check("users import creates people", p.returncode == 0 and "Created 1" in p.stdout, p.stdout + p.stderr)

    # Serve.
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(os.path.join(tmp, "server.log"), "w")
    server = subprocess.Popen([SERVER, "serve", "--listen", f"127.0.0.1:{port}"], env=env, stdout=log, stderr=log)
    try:
        check("the server becomes ready", wait_ready(base, 10))
        st, ct, b = request(base, "GET", "/api/v1/openapi.json")
        # openapi-spec-validator from PyPI, in the test virtualenv (scripts/fuzz-tools.sh installs it):
        # the system's Python is Debian's, which an ordinary user cannot install into (PEP 668).
        tools = subprocess.run(["bash", os.path.join(ROOT, "scripts", "fuzz-tools.sh")], capture_output=True, text=True)
        venv_python = os.path.join(ROOT, ".data", "venv", "bin", "python")
        validated = subprocess.run(
            [venv_python, "-c", "import json, sys; from openapi_spec_validator import validate; validate(json.load(sys.stdin))"],
            input=b, capture_output=True) if tools.returncode == 0 else None
        check("the served OpenAPI document is valid OpenAPI 3.1",
              validated is not None and validated.returncode == 0 and json.loads(b).get("openapi") == "3.1.0",
              (tools.stderr if validated is None else validated.stderr.decode())[-800:])

        # The terminal client in a real pseudo-terminal, as a person would use it.
        cenv = dict(os.environ, XDG_CONFIG_HOME=os.path.join(tmp, "config"), HOME=tmp, LANG="uk_UA.UTF-8")
        cenv.pop("HROMADA_TOKEN", None)
        cenv.pop("HROMADA_SERVER", None)
        # Before login, and typos: one sentence in the chosen language, exit 2, with what was probably meant.
        p = subprocess.run([CLIENT, "whoami"], env=cenv, capture_output=True, text=True)
        check("hromada whoami before login points to hromada login", p.returncode != 0 and "hromada login --server" in p.stderr, p.stderr)
        for args, expected in ((["cours"], ("Невідома команда «cours»", "course", "courses")),
                               (["enroll", "x"], ("Невідома команда «enroll»", "enrol")),
                               (["courses", "--jsn"], ("Невідомий параметр --jsn", "--json")),
                               (["cours", "--lang", "en"], ("Unknown command 'cours'", "Did you mean: course, courses?")),
                               (["courses", "--lang", "de"], ("Мова «de» не підтримується", "--lang en"))):
            p = subprocess.run([CLIENT, *args], env=cenv, capture_output=True, text=True)
            check(f"hromada {' '.join(args)}: exit 2 and one sentence with a guess", p.returncode == 2 and all(e in p.stderr for e in expected)
                  and "Error:" not in p.stderr, (p.returncode, p.stderr))
        p = subprocess.run([CLIENT, "enrol", "--help"], env=cenv, capture_output=True, text=True)
        q = subprocess.run([CLIENT, "enrol", "--help", "--lang", "en"], env=cenv, capture_output=True, text=True)
        check("--help in Ukrainian, or in English as asked", p.returncode == 0 and "ВИКОРИСТАННЯ:" in p.stdout and "Записатися на курс." in p.stdout
              and "Enrol in a course" not in p.stdout and "USAGE:" in q.stdout and "Enrol in a course." in q.stdout and "Записатися" not in q.stdout,
              p.stdout + q.stdout)
        out, code = run_pty([CLIENT, "login", "--server", base], cenv,
                            [("Електронна пошта:", "admin@e2e.example"), ("Пароль:", "E2e-Admin-Pass-1")])
        check("hromada login asks and signs in", code == 0 and "Вітаємо" in out, out)
        check("the password is not echoed", "E2e-Admin-Pass-1" not in out, out)
        session = os.path.join(tmp, "config", "hromada", "session.json")
        mode = stat.S_IMODE(os.stat(session).st_mode) if os.path.exists(session) else None
        check("the token file is mode 0600", mode == 0o600, oct(mode or 0))
        p = subprocess.run([CLIENT, "whoami", "--json"], env=cenv, capture_output=True, text=True)
        me = json.loads(p.stdout) if p.returncode == 0 else {}
        check("hromada whoami --json shows the admin with its roles", me.get("email") == "admin@e2e.example" and "admin" in me.get("roles", []), p.stdout + p.stderr)
        p = subprocess.run([CLIENT, "whoami", "--lang", "en"], env=cenv, capture_output=True, text=True)
        check("hromada whoami speaks English on request", p.returncode == 0 and "association administrator" in p.stdout, p.stdout)
        out, code = run_pty([CLIENT, "login", "--server", base], cenv, [("Електронна пошта:", "admin@e2e.example"), ("Пароль:", "wrong-password")])
        check("a wrong password is one plain sentence and exit 1", code == 1 and "Неправильна адреса або пароль" in out, out)
        # Course packs: offline validation, import by the server command, publishing from the client.
        packs = sorted(os.path.join(ROOT, "courses", d) for d in os.listdir(os.path.join(ROOT, "courses"))
                       if os.path.exists(os.path.join(ROOT, "courses", d, "course.yaml")))
        p = subprocess.run([CLIENT, "pack", "validate", *packs], env=cenv, capture_output=True, text=True)
        check("hromada pack validate courses/* reports no errors", p.returncode == 0 and ": error:" not in p.stdout and len(packs) >= 1, p.stdout[-2000:])
        starter = os.path.join(tmp, "starter")
        p = subprocess.run([CLIENT, "pack", "new", "starter-course", "--into", starter], env=cenv, capture_output=True, text=True)
        q = subprocess.run([CLIENT, "pack", "validate", starter], env=cenv, capture_output=True, text=True)
        check("hromada pack new writes a pack that validates, warning about the template's three placeholders, and suggests a draft",
              p.returncode == 0 and q.returncode == 0 and "правильний (3 попередження)" in q.stdout
              and q.stdout.count("попередження: ") == 3 and "hromada pack publish --draft" in p.stdout, p.stdout + p.stderr + q.stdout)
        # Published straight to the catalogue, the placeholders are refused (by the server's import command too);
        # as a draft it is stored, unseen by learners.
        p = subprocess.run([SERVER, "courses", "import", starter], env=env, capture_output=True, text=True)
        check("hromada-server courses import of the untouched template: not imported, the placeholders named",
              p.returncode != 0 and "starter template's placeholder" in p.stderr and "not imported" in p.stdout, p.stdout + p.stderr)
        p = subprocess.run([CLIENT, "pack", "publish", starter], env=cenv, capture_output=True, text=True)
        check("pack publish of the untouched template: refused (exit 1) naming the placeholders, suggesting --draft",
              p.returncode == 1 and "заготовка" in p.stderr and "hromada pack publish --draft" in p.stderr, p.stdout + p.stderr)
        p = subprocess.run([CLIENT, "pack", "publish", "--draft", starter], env=cenv, capture_output=True, text=True)
        check("pack publish --draft stores it and says how to try and release it",
              p.returncode == 0 and "Збережено чернетку starter-course 0.1.0" in p.stdout and "hromada course release starter-course 0.1.0" in p.stdout,
              p.stdout + p.stderr)
        st = request(base, "GET", "/api/v1/courses/starter-course")[0]
        p = subprocess.run([CLIENT, "course", "release", "starter-course", "0.1.0"], env=cenv, capture_output=True, text=True)
        check("the draft is unknown to the public (404); course release refuses the placeholders (exit 1), it stays a draft",
              st == 404 and p.returncode == 1 and "course.yaml" in p.stderr and request(base, "GET", "/api/v1/courses/starter-course")[0] == 404,
              (st, p.stdout + p.stderr))
        broken = os.path.join(ROOT, "Tests", "HromadaPacksTests", "Fixtures", "broken-pack")
        p = subprocess.run([CLIENT, "pack", "validate", "--lang", "en", broken], env=cenv, capture_output=True, text=True)
        check("a broken pack: every problem as path:line:col and exit 1",
              p.returncode == 1 and "broken-pack/course.yaml:6:1: error: unknown key 'sumary'" in p.stdout and "14 errors" in p.stdout, p.stdout[-1500:])
        p = subprocess.run([SERVER, "courses", "import", *packs], env=env, capture_output=True, text=True)
        check("hromada-server courses import publishes every pack", p.returncode == 0, (p.stdout + p.stderr)[-1500:])
        st, ct, b = request(base, "GET", "/api/v1/courses")
        slugs = {c["slug"] for c in json.loads(b).get("items", [])}
        check("the catalogue lists every imported course", {os.path.basename(x) for x in packs} <= slugs, slugs)
        sample = os.path.join(ROOT, "Tests", "Fixtures", "sample-pack")
        p = subprocess.run([CLIENT, "pack", "publish", sample], env=cenv, capture_output=True, text=True)
        check("hromada pack publish uploads a pack", p.returncode == 0 and "Опубліковано sample-open-council 1.0.0" in p.stdout, p.stdout + p.stderr)
        p = subprocess.run([CLIENT, "pack", "publish", sample], env=cenv, capture_output=True, text=True)
        check("publishing the same pack again changes nothing", p.returncode == 0 and "нічого не змінено" in p.stdout, p.stdout + p.stderr)

        # Learning from the terminal: catalogue, enrolment, progress, CPD.
        p = subprocess.run([CLIENT, "courses", "--json"], env=cenv, capture_output=True, text=True)
        check("hromada courses --json lists the catalogue", p.returncode == 0 and "sample-open-council" in {c["slug"] for c in json.loads(p.stdout or "[]")}, p.stdout[-500:] + p.stderr)
        p = subprocess.run([CLIENT, "courses"], env=dict(cenv, COLUMNS="60"), capture_output=True, text=True)
        check("hromada courses fits a 60-column terminal", p.returncode == 0 and max(len(l) for l in p.stdout.splitlines()) <= 60, p.stdout)
        p = subprocess.run([CLIENT, "course", "show", "sample-open-council"], env=cenv, capture_output=True, text=True)
        check("hromada course show prints the outline, each quiz with its id and the command that takes it",
              p.returncode == 0 and "Відкриті дані ради [урок]" in p.stdout and "Самоперевірка [тест check]" in p.stdout
              and "hromada quiz sample-open-council check" in p.stdout, p.stdout + p.stderr)
        p = subprocess.run([CLIENT, "enrol", "sample-open-council"], env=cenv, capture_output=True, text=True)
        check("hromada enrol", p.returncode == 0 and "Відкрита рада" in p.stdout, p.stdout + p.stderr)
        p = subprocess.run([CLIENT, "progress", "sample-open-council", "--json"], env=cenv, capture_output=True, text=True)
        prog = json.loads(p.stdout) if p.returncode == 0 else []
        check("hromada progress --json shows the enrolment", len(prog) == 1 and prog[0]["status"] == "enrolled" and prog[0]["lessons"][0]["id"] == "open-data", p.stdout[-500:] + p.stderr)
        p = subprocess.run([CLIENT, "progress", "sample-open-council"], env=cenv, capture_output=True, text=True)
        check("hromada progress names each quiz by its id, with the command while it is not passed",
              p.returncode == 0 and "[check]" in p.stdout and "— hromada quiz sample-open-council check" in p.stdout, p.stdout + p.stderr)
        p = subprocess.run([CLIENT, "learn", "sample-open-council", "--lesson", "open-data"], env=cenv, capture_output=True, text=True)
        check("the last lesson points to the course's test with its command",
              p.returncode == 0 and "Далі — тест «Самоперевірка»: hromada quiz sample-open-council check" in p.stdout, p.stdout[-400:] + p.stderr)
        p = subprocess.run([CLIENT, "progress", "no-such-course"], env=cenv, capture_output=True, text=True)
        check("progress for a course not enrolled in is one sentence and exit 1", p.returncode == 1 and "не записані" in p.stderr, p.stderr)
        p = subprocess.run([CLIENT, "cpd", "--json"], env=cenv, capture_output=True, text=True)
        check("hromada cpd --json", p.returncode == 0 and "total_hours" in p.stdout, p.stdout + p.stderr)

        # A centre's cohort from the terminal, and the completions report as CSV.
        p = subprocess.run([CLIENT, "cohort", "create", "--course", "sample-open-council", "--title", "Депутати Київщини",
                            "--starts", "2026-01-01", "--ends", "2099-12-31", "--json"], env=cenv, capture_output=True, text=True)
        cohort = json.loads(p.stdout).get("id") if p.returncode == 0 else None
        check("hromada cohort create", bool(cohort), p.stdout + p.stderr)
        people = os.path.join(tmp, "cohort.csv")
        with open(people, "w") as f:
            f.write("email,full_name,category,position,hromada\n")
            for i in range(50):
                f.write(f"cohort{i}@e2e.example,Учасник Групи {i},deputy,депутат,Ірпінська\n")
        p = subprocess.run([CLIENT, "cohort", "add", str(cohort), "--csv", people], env=cenv, capture_output=True, text=True)
        check("hromada cohort add --csv enrols 50 people", p.returncode == 0 and "записано: 50" in p.stdout, p.stdout + p.stderr)
        before = psql(db_url, "SELECT count(*) FROM enrolments") + "/" + psql(db_url, "SELECT count(*) FROM users")
        p = subprocess.run([CLIENT, "cohort", "add", str(cohort), "--csv", people], env=cenv, capture_output=True, text=True)
        after = psql(db_url, "SELECT count(*) FROM enrolments") + "/" + psql(db_url, "SELECT count(*) FROM users")
        check("adding the same file again changes nothing", p.returncode == 0 and before == after, (before, after, p.stdout + p.stderr))
        p = subprocess.run([CLIENT, "cohort", "show", str(cohort)], env=dict(cenv, COLUMNS="80"), capture_output=True, text=True)
        check("hromada cohort show lists the members", p.returncode == 0 and "50 учасників" in p.stdout, p.stdout[-400:] + p.stderr)
        p = subprocess.run([CLIENT, "cohort", "show", str(cohort), "--json"], env=cenv, capture_output=True, text=True)
        try:
            shown = json.loads(p.stdout)
        except ValueError:
            shown = {}
        member_keys = {"user_id", "email", "full_name", "hromada", "enrolment_id", "status", "lessons_completed", "lessons_total", "completed_at"}
        check("hromada cohort show --json prints every field its help lists (the terminal's own view had dropped three)",
              p.returncode == 0 and len(shown.get("members", [])) == 50 and all(set(m) == member_keys for m in shown["members"]),
              p.stdout[:400] + p.stderr)

        # A long file: vetted whole first (a bad line deep inside changes nothing), then sent in parts with a progress bar.
        long_csv = os.path.join(tmp, "long.csv")
        def write_long(bad_line=None):
            with open(long_csv, "w") as f:
                f.write("email,full_name,category,position,hromada\n")
                for i in range(1100):
                    category = "alien" if bad_line is not None and i + 2 == bad_line else "official"
                    f.write(f"long{i}@e2e.example,\"Довгий, Список {i}\",{category},спеціаліст,Бучанська\n")
        write_long(bad_line=1077)
        before = psql(db_url, "SELECT count(*) FROM users")
        p = subprocess.run([CLIENT, "cohort", "add", str(cohort), "--csv", long_csv], env=cenv, capture_output=True, text=True)
        check("a long file with a bad line 1077 is refused whole, naming the line", p.returncode != 0 and "1077" in p.stderr
              and psql(db_url, "SELECT count(*) FROM users") == before, (p.returncode, p.stderr[-300:]))
        write_long()
        rows, cols = 24, 100
        pid, fd = pty.fork()
        if pid == 0:
            # The child's terminal is 24 × 100, as a person's window would be (a pty starts at 0 × 0).
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            os.execvpe(CLIENT, [CLIENT, "cohort", "add", str(cohort), "--csv", long_csv], cenv)
        out = b""
        while True:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        _, status = os.waitpid(pid, 0)
        text = out.decode("utf-8", "replace")
        check("a long file goes in parts with a progress bar on a terminal", status == 0 and "1100/1100" in text and "500/1100" in text
              and "записано: 1100" in text, text[-400:])
        check("all 1100 are in the cohort", psql(db_url, f"SELECT count(*) FROM enrolments WHERE cohort_id = '{cohort}'") == "1150",
              psql(db_url, f"SELECT count(*) FROM enrolments WHERE cohort_id = '{cohort}'"))
        # A spreadsheet's plain "CSV" on Windows set to Ukrainian is Windows-1251: said plainly, nothing sent.
        cp1251 = os.path.join(tmp, "cp1251.csv")
        with open(cp1251, "wb") as f:
            f.write("email,full_name,category,position,hromada\nhanna@e2e.example,Ганна Бондар,official,спеціалістка,Бучанська\n".encode("cp1251"))
        p = subprocess.run([CLIENT, "cohort", "add", cohort, "--csv", cp1251], env=cenv, capture_output=True, text=True)
        check("a Windows-1251 file: one sentence saying to save it as CSV UTF-8, exit 2, nobody added",
              p.returncode == 2 and "CSV UTF-8" in p.stderr and p.stdout == ""
              and psql(db_url, "SELECT count(*) FROM users WHERE email = 'hanna@e2e.example'") == "0", (p.returncode, p.stdout, p.stderr))
        p = subprocess.run([CLIENT, "report", "completions", "--csv"], env=cenv, capture_output=True)
        check("hromada report completions --csv keeps Cyrillic", p.returncode == 0 and p.stdout.startswith(b"\xef\xbb\xbf") and "Ірпінська".encode() in p.stdout, p.stdout[:300])
        p = subprocess.run([CLIENT, "report", "completions", "--csv", "--semicolons"], env=cenv, capture_output=True)
        check("--semicolons gives the same CSV for a spreadsheet set to Ukrainian",
              p.returncode == 0 and p.stdout.startswith("\ufeffcentre;course;hromada;".encode()) and ";Ірпінська;".encode() in p.stdout, p.stdout[:300])
        p = subprocess.run([CLIENT, "report", "completions", "--semicolons"], env=cenv, capture_output=True, text=True)
        check("--semicolons without --csv: a plain sentence, exit 2", p.returncode == 2 and "--csv" in p.stderr and p.stdout == "", (p.returncode, p.stderr))

        p = subprocess.run([CLIENT, "logout"], env=cenv, capture_output=True, text=True)
        check("hromada logout", p.returncode == 0, p.stderr)
        p = subprocess.run([CLIENT, "whoami"], env=cenv, capture_output=True, text=True)
        check("after logout whoami exits 3 with a plain sentence", p.returncode == 3 and "hromada login" in p.stderr, (p.returncode, p.stderr))
        p = subprocess.run([CLIENT, "whoami", "--server", "http://127.0.0.1:9"], env=dict(cenv, HROMADA_TOKEN="x"), capture_output=True, text=True)
        check("an unreachable server exits 4", p.returncode == 4, (p.returncode, p.stderr))

        st, ct, b = request(base, "POST", "/api/v1/auth/login", {"email": "admin@e2e.example", "password": "E2e-Admin-Pass-1"})
        token = json.loads(b)["token"]

        # PostgreSQL stops while the server runs: 503 with a problem body, then recovery by itself.
        dev_db("stop")
        try:
            st, ct, b = request(base, "GET", "/api/v1/me", token=token)
            check("during the outage requests get 503 problem+json", st == 503 and "application/problem+json" in ct
                  and json.loads(b).get("code") == "database_unavailable", (st, ct, b[:200]))
            st, ct, b = request(base, "GET", "/readyz")
            check("during the outage /readyz is 503", st == 503, st)
            check("during the outage /healthz is 200", request(base, "GET", "/healthz")[0] == 200)
        finally:
            dev_db("start")
        recovered = False
        for _ in range(50):
            if request(base, "GET", "/api/v1/me", token=token)[0] == 200:
                recovered = True
                break
            time.sleep(0.2)
        check("after the outage the same server answers 200 without a restart", recovered)

        # SIGTERM finishes the in-flight request, then exits cleanly.
        answer = {}
        def slow_login():
            answer["r"] = request(base, "POST", "/api/v1/auth/login", {"email": "admin@e2e.example", "password": "E2e-Admin-Pass-1"})
        t = threading.Thread(target=slow_login)
        t.start()
        time.sleep(0.03)
        server.send_signal(signal.SIGTERM)
        t.join(20)
        code = server.wait(20)
        check("an in-flight request finishes after SIGTERM", answer.get("r", (0,))[0] == 200, answer)
        check("the server exits 0 after SIGTERM", code == 0, code)
    finally:
        if server.poll() is None:
            server.kill()
        log.close()
        psql(ADMIN_URL, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    n = sum(results)
    print(f"{n} passed, {len(results) - n} failed")
    return 0 if n == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
