#!/usr/bin/env python3
"""Faults under load, against real processes and the real PostgreSQL: two `hromada-server` instances
on one database take a mixed load (enrolments, lesson completions, quiz starts, answer saves,
submits; clients alternate between the instances and retry what fails), while one instance is
killed with SIGKILL and started again, and then PostgreSQL itself is stopped hard (immediate
shutdown) and started again.

Afterwards every write a client saw acknowledged (2xx) must be in the database, exactly once; every
certificate owed must be issued exactly once; the instance that was never restarted must have
recovered from the database outage by itself. The run ends with one line saying what was lost.

Run by `make test` (scripts/test.sh), which exports HROMADA_TEST_DATABASE_URL.
Prints one line per check and 'N passed, M failed'; exits non-zero on any failure.
"""
import json, os, random, re, signal, subprocess, sys, threading, time, urllib.error, urllib.request, uuid

sys.path.insert(0, os.path.dirname(__file__))
from e2e_support import E2E, ROOT, SERVER, check, free_port, http, psql, summary, template_answer, wait_ready  # noqa: E402

SLUG = "fault-day"
LEARNERS = 96
SWEPT = 24  # learners whose attempts the deadline sweep closes, at the end
THREADS = 12
THINK = 0.25  # seconds between a learner's requests, on average


class Instance:
    """One server process on a port of its own."""

    def __init__(self, w, name, port):
        self.w, self.name, self.port = w, name, port
        self.base = f"http://127.0.0.1:{port}"
        self.process = None

    def start(self):
        log = open(os.path.join(self.w.tmp, f"{self.name}.log"), "a")
        self.process = subprocess.Popen([SERVER, "serve", "--listen", f"127.0.0.1:{self.port}"], env=self.w.env, stdout=log, stderr=log)
        if not wait_ready(self.base):
            raise RuntimeError(f"{self.name} did not become ready")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=20)


class Ledger:
    """What the clients saw acknowledged, and what failed for good."""

    def __init__(self):
        self.lock = threading.Lock()
        self.enrolled = {}      # email -> enrolment id
        self.lessons = set()    # (enrolment id, lesson id)
        self.answers = {}       # attempt id -> {question id: answer}
        self.attempts = {}      # enrolment id -> attempt id
        self.submitted = {}     # attempt id -> percent
        self.gave_up = []       # (what, detail)
        self.retries = 0

    def count(self):
        return len(self.enrolled) + len(self.lessons) + sum(len(a) for a in self.answers.values()) + len(self.submitted) + len(self.attempts)


def call(instances, counter, method, path, body=None, token=None, ledger=None, budget=60):
    """Sends to the instances in turn; retries connection failures, 5xx and 503 for up to `budget`
    seconds (every call used here is idempotent). Returns (status, body) of the answer kept."""
    deadline = time.time() + budget
    delay = 0.1
    while True:
        with counter["lock"]:
            counter["n"] += 1
            base = instances[counter["n"] % len(instances)].base
        try:
            status, answer = http(base, method, path, body, token)
            if status < 500:
                return status, answer
        except (OSError, urllib.error.URLError, ValueError):
            status, answer = None, None
        if time.time() > deadline:
            return status, answer
        if ledger:
            with ledger.lock:
                ledger.retries += 1
        time.sleep(delay)
        delay = min(1.0, delay * 2)


def learner(instances, counter, ledger, email, token, lessons, submit=True):
    def go(method, path, body=None):
        time.sleep(THINK * random.random() * 2)
        return call(instances, counter, method, path, body, token, ledger)

    st, e = go("POST", f"/api/v1/courses/{SLUG}/enrolments")
    if st not in (200, 201):
        ledger.gave_up.append(("enrol " + email, st))
        return
    with ledger.lock:
        ledger.enrolled[email] = e["id"]
    for lesson in lessons:
        st, _ = go("POST", f"/api/v1/enrolments/{e['id']}/lessons/{lesson}/complete")
        if st != 200:
            ledger.gave_up.append((f"lesson {lesson} of {email}", st))
            return
        with ledger.lock:
            ledger.lessons.add((e["id"], lesson))
    st, a = go("POST", f"/api/v1/enrolments/{e['id']}/quizzes/final/attempts")
    if st not in (200, 201):
        ledger.gave_up.append(("start " + email, st))
        return
    with ledger.lock:
        ledger.attempts[e["id"]] = a["id"]
        ledger.answers.setdefault(a["id"], {})
    for q in a["questions"]:
        value = template_answer(q)
        st, _ = go("PUT", f"/api/v1/attempts/{a['id']}/answers", {"answers": {q["id"]: value}})
        if st != 200:
            ledger.gave_up.append((f"save {q['id']} of {email}", st))
            return
        with ledger.lock:
            ledger.answers[a["id"]][q["id"]] = value
    if not submit:
        return
    st, r = go("POST", f"/api/v1/attempts/{a['id']}/submit")
    if st != 200:
        ledger.gave_up.append(("submit " + email, st))
        return
    with ledger.lock:
        ledger.submitted[a["id"]] = r.get("percent")


def learners_with_sessions(w, prefix, n):
    """n learners of KYV with sessions written straight to the database (no password hashing in the
    way), made active as an activation would (created without a password they are only invited, and
    an invited person's session is refused); returns {email: token}."""
    tokens = {}
    for i in range(n):
        email = f"{prefix}{i}@faults.example"
        st, body = http(w.base, "POST", "/api/v1/users", {"email": email, "full_name": f"Слухач {i}", "category": "official",
                        "position": "спеціаліст", "hromada": "Бучанська", "centre": "KYV", "roles": ["learner"]}, w.admin)
        assert st == 201, body
        tokens[email] = uuid.uuid4().hex + uuid.uuid4().hex
    values = ",".join(f"(sha256(convert_to('{t}', 'UTF8')), (SELECT id FROM users WHERE email = '{e}'), now() + interval '1 day')"
                      for e, t in tokens.items())
    emails = ",".join(f"'{e}'" for e in tokens)
    psql(w.db_url, f"UPDATE users SET status = 'active' WHERE email IN ({emails})")
    psql(w.db_url, f"INSERT INTO sessions (token_hash, user_id, expires_at) VALUES {values}")
    return tokens


def main():
    w = E2E(admin_email="admin@faults.example")
    second = None
    try:
        # The deadline sweep runs often in both instances, so that they meet on the same attempts, and
        # logs what it closes (info).
        w.env.update(HROMADA_SWEEP_INTERVAL="0.2", HROMADA_LOG_LEVEL="info")
        w.issue_certificates(SLUG, "Бюджет громади під навантаженням")
        outline = http(w.base, "GET", f"/api/v1/courses/{SLUG}")[1]
        lessons = [i["id"] for m in outline["modules"] for i in m["items"] if i["type"] == "lesson"]

        tokens = learners_with_sessions(w, "learner", LEARNERS)

        # The second instance, on the same database; migrations ran once, before either started.
        first = Instance(w, "server-a", w.port)
        first.process = w.server
        second = Instance(w, "server-b", free_port())
        second.start()
        migrations = psql(w.db_url, "SELECT count(*) FROM schema_migrations")
        instances = [first, second]
        counter = {"lock": threading.Lock(), "n": 0}
        ledger = Ledger()

        queue = list(tokens.items())
        def worker():
            while True:
                with ledger.lock:
                    if not queue:
                        return
                    email, token = queue.pop()
                learner(instances, counter, ledger, email, token, lessons)
        threads = [threading.Thread(target=worker) for _ in range(THREADS)]
        t0 = time.time()
        for t in threads:
            t.start()

        # Faults while the load runs: the first instance is killed, then PostgreSQL stops hard.
        time.sleep(2.0)
        before_kill = ledger.count()
        first.kill()
        time.sleep(0.5)
        first.start()
        w.server = first.process
        time.sleep(2.0)
        before_outage = ledger.count()
        subprocess.run(["bash", os.path.join(ROOT, "scripts", "dev-db.sh"), "kill"], check=True, capture_output=True)
        time.sleep(2.0)
        subprocess.run(["bash", os.path.join(ROOT, "scripts", "dev-db.sh"), "start"], check=True, capture_output=True)
        for t in threads:
            t.join(timeout=240)
        elapsed = time.time() - t0
        check(f"the load ran through both faults ({before_kill} writes acknowledged before the kill, {before_outage} before the "
              f"database stopped, {ledger.count()} in all, {ledger.retries} retries, {elapsed:.0f} s)",
              before_kill > 0 and before_outage > before_kill and ledger.count() > before_outage and not any(t.is_alive() for t in threads))
        check("every learner got through: nothing was refused for good", not ledger.gave_up, ledger.gave_up[:10])

        # The instance that was never restarted answers again by itself.
        st, _ = http(second.base, "GET", "/readyz")
        me = next(iter(tokens.values()))
        st2, _ = http(second.base, "GET", "/api/v1/me/enrolments", token=me)
        check("the instance that was never restarted recovered from the database outage by itself", st == 200 and st2 == 200, (st, st2))

        # Every acknowledged write is there, exactly once.
        rows = psql(w.db_url, f"SELECT u.email, e.id, count(*) OVER (PARTITION BY e.user_id) FROM enrolments e JOIN users u ON u.id = e.user_id WHERE e.slug = '{SLUG}'")
        enrolments = {r.split("|")[0]: (r.split("|")[1], int(r.split("|")[2])) for r in rows.splitlines() if r}
        lost_enrol = [e for e, i in ledger.enrolled.items() if enrolments.get(e, (None,))[0] != i]
        check(f"all {len(ledger.enrolled)} acknowledged enrolments are there, one per learner",
              not lost_enrol and all(c == 1 for _, c in enrolments.values()), lost_enrol[:5])
        progress = set(tuple(r.split("|")) for r in psql(w.db_url, "SELECT enrolment_id, lesson_id FROM lesson_progress").splitlines() if r)
        lost_lessons = [p for p in ledger.lessons if p not in progress]
        check(f"all {len(ledger.lessons)} acknowledged lesson completions are there", not lost_lessons, lost_lessons[:5])
        stored = {}
        for r in psql(w.db_url, "SELECT id, enrolment_id, state, percent, answers::text FROM attempts").splitlines():
            aid, eid, state, percent, answers = r.split("|", 4)
            stored[aid] = (eid, state, percent, json.loads(answers))
        per_enrolment = {}
        for aid, (eid, *_rest) in stored.items():
            per_enrolment[eid] = per_enrolment.get(eid, 0) + 1
        lost_answers = [(a, q) for a, qs in ledger.answers.items() for q, v in qs.items() if stored.get(a, (0, 0, 0, {}))[3].get(q) != v]
        check(f"all {sum(len(a) for a in ledger.answers.values())} acknowledged answers are saved as sent", not lost_answers, lost_answers[:5])
        check("one attempt per enrolment: no start ran twice", all(n == 1 for n in per_enrolment.values()), per_enrolment)
        wrong = [a for a in ledger.submitted if stored.get(a, (0, "", "", {}))[1] != "finished" or float(stored[a][2] or 0) != 100]
        check(f"all {len(ledger.submitted)} acknowledged submits are finished at 100 %", not wrong and len(ledger.submitted) == LEARNERS, wrong[:5])

        # Certificates: every completed enrolment has exactly one, issued (signing runs in both instances).
        deadline = time.time() + 30
        while time.time() < deadline:
            pending = psql(w.db_url, "SELECT count(*) FROM certificates WHERE status <> 'issued'")
            if pending == "0":
                break
            time.sleep(0.5)
        completed = int(psql(w.db_url, f"SELECT count(*) FROM enrolments WHERE slug = '{SLUG}' AND status = 'completed'"))
        issued = psql(w.db_url, "SELECT count(*), count(DISTINCT enrolment_id), count(*) FILTER (WHERE status = 'issued') FROM certificates").split("|")
        check(f"every one of the {completed} completed enrolments has exactly one certificate, issued",
              completed == LEARNERS and issued == [str(completed)] * 3, (completed, issued))
        check("migrations ran once for both instances", migrations == psql(w.db_url, "SELECT count(*) FROM schema_migrations"), migrations)

        # The deadline sweep of both instances: attempts answered in full but left open, then put past
        # their deadline, are closed once each, by one instance or the other, with no client action.
        overdue = learners_with_sessions(w, "late", SWEPT)
        late = Ledger()
        for email, token in overdue.items():
            learner(instances, counter, late, email, token, lessons, submit=False)
        check(f"{SWEPT} more learners answered in full and left their attempts open", len(late.attempts) == SWEPT and not late.gave_up, late.gave_up[:5])
        ids = ",".join(f"'{a}'" for a in late.attempts.values())
        psql(w.db_url, f"UPDATE attempts SET deadline = now() - interval '1 second' WHERE id IN ({ids})")
        deadline = time.time() + 30
        while time.time() < deadline and psql(w.db_url, f"SELECT count(*) FROM attempts WHERE id IN ({ids}) AND state = 'in_progress'") != "0":
            time.sleep(0.2)
        closed = psql(w.db_url, f"SELECT count(*) FROM attempts WHERE id IN ({ids}) AND state = 'finished' AND closed_by = 'deadline' "
                                "AND submitted_at = deadline AND percent = 100")
        check(f"the sweep closed all {SWEPT} by their deadline, graded 100 %", closed == str(SWEPT), closed)
        enrolments = ",".join(f"'{e}'" for e in late.attempts)
        deadline = time.time() + 30
        while time.time() < deadline and psql(w.db_url, f"SELECT count(*) FROM certificates WHERE enrolment_id IN ({enrolments}) AND status = 'issued'") != str(SWEPT):
            time.sleep(0.2)
        certified = psql(w.db_url, f"SELECT count(*), count(DISTINCT enrolment_id) FROM certificates WHERE enrolment_id IN ({enrolments}) AND status = 'issued'")
        check(f"the {SWEPT} courses completed by the sweep have one certificate each", certified == f"{SWEPT}|{SWEPT}", certified)
        # Each instance logs how many attempts each of its sweeps closed: together, each attempt once.
        by_log = {}
        for name in sorted(os.listdir(w.tmp)):
            if name.endswith(".log"):
                for line in open(os.path.join(w.tmp, name), encoding="utf-8", errors="replace"):
                    if "closed overdue attempts" in line:
                        by_log[name] = by_log.get(name, 0) + int(re.search(r"count=(\d+)", line).group(1))
        logged = sum(by_log.values())
        check(f"the two instances' sweeps logged {SWEPT} closings in all ({by_log}): none closed twice", logged == SWEPT, by_log)

        lost = len(lost_enrol) + len(lost_lessons) + len(lost_answers) + len(wrong)
        print(f"faults: {ledger.count()} acknowledged writes checked after SIGKILL of an instance and a hard PostgreSQL stop; lost: {lost}", flush=True)
    finally:
        if second:
            second.stop()
        # PostgreSQL must be up for what runs next, whatever happened here.
        subprocess.run(["bash", os.path.join(ROOT, "scripts", "dev-db.sh"), "start"], capture_output=True)
        w.close()
    return summary()


if __name__ == "__main__":
    sys.exit(main())
