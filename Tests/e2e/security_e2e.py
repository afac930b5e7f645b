#!/usr/bin/env python3
"""Security regressions against a real `hromada-server` and the real `hromada` client.

Each check replays an attack that worked before the trust hardening (issue 21), as the attacker
did it: a trainer taking over someone else's course, a centre admin making trainers, a trainer
grading their own essay, answer keys fetched by file name, a spreadsheet formula in a report, ESC
sequences in an essay reaching a trainer's terminal, and a two-item ordering whose answer was
always the reverse of what was shown.
"""
import io, json, os, sys, urllib.error, urllib.request, uuid, zipfile

sys.path.insert(0, os.path.dirname(__file__))
from e2e_support import CLIENT, E2E, Tmux, check, http, psql, request, summary  # noqa: E402

PASSWORD = "Security-Pass-1"

COURSE = """format: hromada-pack/1
slug: {slug}
version: {version}
language: uk
title: Безпечний курс
summary: Курс для перевірки правил, що захищають запис.
audience: [official]
hours: 6
programme: short-term
modules:
  - id: m
    title: Модуль
    items:
      - lesson: lessons/l.md
      - quiz: quizzes/q.txt
completion:
  lessons: none
  quizzes: [q]
certificate: false
"""

QUIZ = """id: q
title: Тест
pass_percent: 50
max_attempts: 0
grading: highest
review: after_submit
import: [quizzes/bank.txt]
questions:
  - id: order
    type: ordering
    text: Упорядкуйте
    items: [Перше, Друге]
  - { id: essay, type: essay, points: 4, text: "Опишіть бюджет." }
"""

BANK = "::b1:: Скільки депутатів у раді? {=26 ~30}\n"


def pack(slug, version, lesson_extra=""):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("course.yaml", COURSE.format(slug=slug, version=version))
        z.writestr("lessons/l.md", "---\nid: l\ntitle: Урок\nminutes: 5\n---\nТекст уроку.\n\n![схема](../assets/scheme.png)\n" + lesson_extra)
        z.writestr("assets/scheme.png", b"\x89PNG\r\n\x1a\n1234")
        z.writestr("quizzes/q.txt", QUIZ)
        z.writestr("quizzes/bank.txt", BANK)
    return buf.getvalue()


def raw_post(base, path, body, token, content_type):
    req = urllib.request.Request(base + path, data=body, method="POST", headers={"Authorization": "Bearer " + token, "Content-Type": content_type})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def main():
    w = E2E()
    try:
        base = w.base
        slug = "secure-" + uuid.uuid4().hex[:6]
        w.person("owner@sec.example", "Ольга Власниця", PASSWORD, roles=("learner", "trainer"))
        w.person("intruder@sec.example", "Іван Загарбник", PASSWORD, roles=("learner", "trainer"))
        w.person("learner@sec.example", "Леся Слухачка", PASSWORD)
        w.person("centre@sec.example", "Центр Київ", PASSWORD, roles=("centre_admin",))
        login = lambda e: http(base, "POST", "/api/v1/auth/login", {"email": e, "password": PASSWORD})[1]["token"]
        owner, intruder, learner, centre = (login(e) for e in ("owner@sec.example", "intruder@sec.example", "learner@sec.example", "centre@sec.example"))

        # Course takeover.
        st, body = raw_post(base, "/api/v1/course-packs", pack(slug, "1.0.0"), owner, "application/zip")
        check("the owner publishes 1.0.0", st == 201, body)
        st, body = raw_post(base, "/api/v1/course-packs", pack(slug, "99.0.0", "Підмінений зміст.\n"), intruder, "application/zip")
        check("another trainer's 99.0.0 is refused with course_not_yours", st == 403 and body.get("code") == "course_not_yours", body)
        check("nothing of 99.0.0 was stored", psql(w.db_url, f"SELECT count(*) FROM course_versions WHERE slug = '{slug}'") == "1")
        e = http(base, "POST", f"/api/v1/courses/{slug}/enrolments", token=learner)[1]
        check("a new enrolment gets the owner's version", e.get("course", {}).get("version") == "1.0.0", e)
        st, _ = http(base, "GET", f"/api/v1/courses/{slug}/versions/1.0.0/pack", token=intruder)
        check("the intruder cannot download the release ZIP", st == 403, st)
        st, body = http(base, "GET", "/api/v1/grading", token=intruder)
        check("the intruder's grading queue does not hold the course", st == 200 and body["items"] == [], body)

        # The trainers list from the terminal: the owner reads it, the intruder is refused, the admin names.
        owner_env, intruder_env, admin_env = w.client_env("owner"), w.client_env("intruder"), w.client_env("admin")
        for env, email in ((owner_env, "owner@sec.example"), (intruder_env, "intruder@sec.example")):
            w.cli(["login", "--server", base, "--email", email, "--password-stdin"], env, PASSWORD + "\n")
        w.cli(["login", "--server", base, "--email", "admin@e2e.example", "--password-stdin"], admin_env, "E2E-Admin-Pass-1\n")
        p = w.cli(["course", "trainers", slug], owner_env)
        check("hromada course trainers lists the owner", p.returncode == 0 and "owner@sec.example" in p.stdout, p.stdout + p.stderr)
        p = w.cli(["course", "trainers", slug, "--set", "intruder@sec.example"], intruder_env)
        check("a trainer cannot name trainers: one sentence, exit 1", p.returncode == 1 and p.stderr.strip() and "Traceback" not in p.stderr, p.stdout + p.stderr)
        p = w.cli(["course", "trainers", slug, "--set", "learner@sec.example", "--lang", "en"], admin_env)
        check("a learner cannot be named a trainer", p.returncode != 0 and "trainer role" in p.stderr, p.stdout + p.stderr)
        p = w.cli(["course", "trainers", slug, "--set", "owner@sec.example", "--json"], admin_env)
        check("the admin names the trainers (--json)", p.returncode == 0 and [t["email"] for t in json.loads(p.stdout)["trainers"]] == ["owner@sec.example"], p.stdout + p.stderr)

        # A centre admin making a trainer.
        st, body = http(base, "POST", "/api/v1/users", {"email": "made@sec.example", "full_name": "Новий Тренер", "category": "official",
                        "position": "спеціаліст", "hromada": "Бучанська", "centre": "KYV", "roles": ["trainer"]}, centre)
        check("a centre admin cannot create a trainer", st == 403, body)

        # Answer keys by file name: the quiz is q.txt, its bank bank.txt.
        for path in ("quizzes/bank.txt", "quizzes/q.txt", "course.yaml"):
            for who, token in (("anonymous", None), ("a learner", learner), ("the intruder", intruder)):
                st, _, payload = request(base, "GET", f"/api/v1/courses/{slug}/versions/1.0.0/files/{path}", token=token)
                check(f"{path} is not served to {who}", st == 404 and b"=26" not in payload, (st, payload[:200]))
        st, _, payload = request(base, "GET", f"/api/v1/courses/{slug}/versions/1.0.0/files/quizzes/bank.txt", token=owner)
        check("the course's trainer reads its bank", st == 200 and b"=26" in payload, st)
        st, _, payload = request(base, "GET", f"/api/v1/courses/{slug}/versions/1.0.0/files/assets/scheme.png")
        check("the image the lesson links to is public", st == 200 and payload.startswith(b"\x89PNG"), st)

        # The two-item ordering: the right order must appear among the papers drawn.
        shown = set()
        for _ in range(24):
            a = http(base, "POST", f"/api/v1/enrolments/{e['id']}/quizzes/q/attempts", token=learner)[1]
            order = next(q for q in a["questions"] if q["id"] == "order")
            shown.add(tuple(i["text"] for i in order["items"]))
            http(base, "POST", f"/api/v1/attempts/{a['id']}/submit", token=learner)
        check("a two-item ordering is shown in both orders, the right one included", shown == {("Перше", "Друге"), ("Друге", "Перше")}, shown)

        # A trainer of the course who is also enrolled grades their own essay.
        mine = http(base, "POST", f"/api/v1/courses/{slug}/enrolments", token=owner)[1]
        a = http(base, "POST", f"/api/v1/enrolments/{mine['id']}/quizzes/q/attempts", token=owner)[1]
        http(base, "PUT", f"/api/v1/attempts/{a['id']}/answers", {"answers": {"essay": "Моє есе"}}, owner)
        http(base, "POST", f"/api/v1/attempts/{a['id']}/submit", token=owner)
        st, body = http(base, "POST", f"/api/v1/attempts/{a['id']}/grades", {"question_id": "essay", "points": 4}, owner)
        check("a trainer cannot grade their own essay", st == 403, body)
        st, body = http(base, "GET", "/api/v1/grading", token=owner)
        check("their own attempt is not in their queue", all(i["attempt_id"] != a["id"] for i in body["items"]), body)

        # An essay with ESC sequences, shown to the trainer in a terminal.
        hostile = "Есе\x1b]0;pwned\x07\x1b[2J\x1b[31mчервоне\x9b1mкінець"
        la = http(base, "POST", f"/api/v1/enrolments/{e['id']}/quizzes/q/attempts", token=learner)[1]
        http(base, "PUT", f"/api/v1/attempts/{la['id']}/answers", {"answers": {"essay": hostile}}, learner)
        http(base, "POST", f"/api/v1/attempts/{la['id']}/submit", token=learner)
        trainer_env = w.client_env("owner")
        p = w.cli(["login", "--server", base, "--email", "owner@sec.example", "--password-stdin"], trainer_env, PASSWORD + "\n")
        check("the trainer signs in with the terminal client", p.returncode == 0, p.stderr)
        p = w.cli(["grading", "show", la["id"][:8]], trainer_env)
        check("hromada grading show prints no control character of the essay",
              "червоне" in p.stdout and not any(c in p.stdout for c in "\x1b\x07\x9b"), repr(p.stdout[-400:]))
        term = Tmux([CLIENT, "grading", "show", la["id"][:8]], trainer_env)
        try:
            screen = term.wait_for("кінець")
            title = term._tmux("display-message", "-p", "-t", term.name, "#{pane_title}", capture=True).stdout.strip()
            check("in a real terminal the essay neither sets the title nor clears the screen",
                  "pwned" not in title and "Опишіть бюджет" in screen and "кінець" in screen, (title, screen))
        finally:
            term.close()

        # A hromada named like a spreadsheet formula reaches the completions report as text. New people name a
        # hromada of the codifier, so the formula is the text of a person from before it (never matched).
        st, body = http(base, "POST", "/api/v1/users", {"email": "formula@sec.example", "full_name": "Формула Тест", "category": "official",
                        "position": "спеціаліст", "hromada": "Бучанська", "centre": "KYV", "password": PASSWORD}, w.admin)
        check("a person is created", st == 201, body)
        check("a hromada named with a formula is refused now", http(base, "POST", "/api/v1/users", {"email": "formula2@sec.example",
              "full_name": "Формула Тест", "category": "official", "position": "спеціаліст", "hromada": '=HYPERLINK("http://evil.example","Клік")',
              "centre": "KYV", "password": PASSWORD}, w.admin)[0] == 422)
        psql(w.db_url, "INSERT INTO hromadas (centre, name) VALUES ('KYV', '=HYPERLINK(\"http://evil.example\",\"Клік\")')")
        psql(w.db_url, "UPDATE users SET hromada_code = NULL, hromada_id = (SELECT id FROM hromadas WHERE name LIKE '=HYPERLINK%') "
                       "WHERE email = 'formula@sec.example'")
        http(base, "POST", f"/api/v1/courses/{slug}/enrolments", token=login("formula@sec.example"))
        for sep, q in ((",", ""), (";", "&separator=semicolon")):
            st, _, payload = request(base, "GET", f"/api/v1/reports/completions?course={slug}{q}", token=w.admin, headers={"Accept": "text/csv"})
            text = payload.decode("utf-8-sig")
            cells = [c.strip('"') for line in text.splitlines() for c in line.split(sep)]
            check(f"the report's formula cell starts with an apostrophe ({sep})",
                  st == 200 and any(c.startswith("'=HYPERLINK") for c in cells) and not any(c.startswith("=") for c in cells), text[-300:])
    finally:
        w.close()
    return summary()


if __name__ == "__main__":
    sys.exit(main())
