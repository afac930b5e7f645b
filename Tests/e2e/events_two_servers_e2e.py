"""Two `hromada-server` processes serving the same event keep the waiting list exact (issue 23, "What it
must show"; spec/events.md, "Registration, capacity and the waiting list").

The Swift suite EventConcurrencyTests runs two server instances with pools of their own inside one test
process; this script runs two real server processes on two ports against one database, as a deployment
behind a load balancer does:

- a centre publishes a seminar with 50 seats; 200 people are registered by the centre at once, one
  request per person, the requests alternating between the two processes (64 in flight) → every request
  answered, 50 registered, 150 waitlisted with positions 1..150 in the order the registrations took the
  event's row lock;
- 30 of the registered are cancelled at once, alternating again → exactly 30 promotions, the first 30 of
  the waiting list in their order; 120 wait, positions 1..120; 50 seats held, never more;
- neither process logged an error.

Prints `N passed, M failed`; exits non-zero on failure.
"""
import datetime, os, subprocess, sys, urllib.error, urllib.request
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import e2e_support as S  # noqa: E402
from e2e_support import check, http, psql, request  # noqa: E402

PEOPLE, SEATS, CANCELS = 200, 50, 30
KYIV = datetime.timezone(datetime.timedelta(hours=2))


def kyiv(dt):
    return dt.astimezone(KYIV).isoformat(timespec="seconds")


def waiting(w, event):
    """The waiting list as the database holds it: emails in waitlist order."""
    out = psql(w.db_url, f"""SELECT string_agg(u.email, ' ' ORDER BY r.waitlist_seq) FROM event_registrations r
                             JOIN users u ON u.id = r.user_id WHERE r.event_id = '{event}' AND r.status = 'waitlisted'""")
    return out.split() if out else []


def main():
    w = S.E2E(admin_email="admin@two-servers.example")
    second = None
    try:
        port2 = S.free_port()
        base2 = f"http://127.0.0.1:{port2}"
        log2 = open(os.path.join(w.tmp, "server2.log"), "a")
        second = subprocess.Popen([S.SERVER, "serve", "--listen", f"127.0.0.1:{port2}"], env=w.env, stdout=log2, stderr=log2)
        check("a second server process serves the same database", S.wait_ready(base2))
        bases = [w.base, base2]

        w.person("centre@two-servers.example", "Оксана Центрова", "Centre-Two-Servers-1", roles=("centre_admin",))
        centre = http(w.base, "POST", "/api/v1/auth/login", {"email": "centre@two-servers.example", "password": "Centre-Two-Servers-1"})[1]["token"]
        emails = [f"person{i:03d}@two-servers.example" for i in range(PEOPLE)]
        sheet = "email;full_name;category;position;hromada\n" + "".join(f"{e};Особа Номер {i};official;спеціаліст;Бучанська\n" for i, e in enumerate(emails))
        req = urllib.request.Request(w.base + "/api/v1/centres/KYV/users:import", data=sheet.encode(), method="POST", headers={
            "Content-Type": "text/csv", "Idempotency-Key": "two-servers-people", "Authorization": "Bearer " + centre})
        try:
            with urllib.request.urlopen(req, timeout=120) as r:
                st, body = r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            st, body = e.code, e.read().decode()
        check(f"the centre imports {PEOPLE} people (one request)", st in (200, 201)
              and psql(w.db_url, "SELECT count(*) FROM users WHERE email LIKE 'person%@two-servers.example'") == str(PEOPLE), body[-500:])

        now = datetime.datetime.now(datetime.timezone.utc)
        day = now + datetime.timedelta(days=20)
        st, event = http(w.base, "POST", "/api/v1/events", {
            "centre": "KYV", "kind": "seminar", "title": "Бюджет участі: два сервери", "description": "Перевірка черги.",
            "language": "uk", "audience": ["official"], "hours": 6, "programme": "short-term", "capacity": SEATS,
            "sessions": [{"starts_at": kyiv(day), "ends_at": kyiv(day + datetime.timedelta(hours=6))}],
            "venue": {"address": "Буча, вул. Енергетиків, 12", "hromada": "UA32080070000050759"},
            "registration": {"opens_at": kyiv(now - datetime.timedelta(hours=1)), "closes_at": kyiv(day)},
            "min_attendance_percent": 50, "certificate": False}, token=centre)
        check("the centre creates a seminar with 50 seats", st == 201, event)
        event = event["id"]
        check("and publishes it", http(w.base, "POST", f"/api/v1/events/{event}/publish", token=centre)[0] == 200)

        def register(i):
            return http(bases[i % 2], "POST", f"/api/v1/events/{event}/registrations", {"emails": [emails[i]]}, token=centre)

        with ThreadPoolExecutor(max_workers=64) as pool:
            answers = list(pool.map(register, range(PEOPLE)))
        check(f"all {PEOPLE} registrations at once through two processes are answered 200",
              all(st == 200 for st, _ in answers), [a for a in answers if a[0] != 200][:3])
        lines = [body["items"][0] for st, body in answers if st == 200]
        registered = [l for l in lines if l["status"] == "registered"]
        waitlisted = sorted(l["position"] for l in lines if l["status"] == "waitlisted")
        check(f"{SEATS} registered and {PEOPLE - SEATS} waitlisted, as each answer said",
              len(registered) == SEATS and len(waitlisted) == PEOPLE - SEATS, (len(registered), len(waitlisted)))
        check("the waiting list's positions are 1..150, each once", waitlisted == list(range(1, PEOPLE - SEATS + 1)), waitlisted[:10])
        queue = waiting(w, event)
        check("the database agrees: 150 wait, 50 hold seats",
              len(queue) == PEOPLE - SEATS and psql(w.db_url, f"SELECT count(*) FROM event_registrations WHERE event_id = '{event}' AND status = 'registered'") == str(SEATS))
        st, shown = http(base2, "GET", f"/api/v1/events/{event}")
        check("the public event says 50 registered and 150 waitlisted on the other process",
              st == 200 and shown["seats"] == {**shown["seats"], "registered": SEATS, "waitlisted": PEOPLE - SEATS}, shown.get("seats"))

        seat_ids = psql(w.db_url, f"SELECT string_agg(id::text, ' ' ORDER BY id) FROM event_registrations WHERE event_id = '{event}' AND status = 'registered'").split()
        cancelled = seat_ids[:CANCELS]

        def cancel(i):
            return request(bases[i % 2], "DELETE", f"/api/v1/events/{event}/registrations/{cancelled[i]}", token=centre)[0]

        with ThreadPoolExecutor(max_workers=CANCELS) as pool:
            statuses = list(pool.map(cancel, range(CANCELS)))
        check(f"{CANCELS} cancellations at once through two processes succeed", all(200 <= s < 300 for s in statuses), statuses)
        after = waiting(w, event)
        promoted = psql(w.db_url, f"""SELECT string_agg(u.email, ' ' ORDER BY u.email) FROM event_registrations r JOIN users u ON u.id = r.user_id
                                     WHERE r.event_id = '{event}' AND r.status = 'registered' AND r.promoted_at IS NOT NULL""").split()
        check(f"exactly {CANCELS} promotions: the first {CANCELS} of the waiting list", sorted(queue[:CANCELS]) == promoted, (len(promoted), promoted[:5]))
        check(f"the rest wait in the same order, {PEOPLE - SEATS - CANCELS} of them", after == queue[CANCELS:], (len(after), after[:5]))
        check("50 seats held, never more",
              psql(w.db_url, f"SELECT count(*) FROM event_registrations WHERE event_id = '{event}' AND status = 'registered'") == str(SEATS))
        st, listed = http(w.base, "GET", f"/api/v1/events/{event}/registrations?limit=500", token=centre)
        positions = sorted(i["position"] for i in listed.get("items", []) if i["status"] == "waitlisted")
        check("the centre's list shows positions 1..120", positions == list(range(1, PEOPLE - SEATS - CANCELS + 1)), positions[:10])

        second.terminate()
        second.wait(timeout=20)
        w.stop()
        logs = ""
        for name in ("server.log", "server2.log"):
            with open(os.path.join(w.tmp, name), errors="replace") as f:
                logs += f.read()
        check("neither server process logged an error", "error" not in logs.lower(), logs[-1500:])
    finally:
        if second and second.poll() is None:
            second.kill()
        w.close()
    return S.summary()


if __name__ == "__main__":
    sys.exit(main())
