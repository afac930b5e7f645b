#!/usr/bin/env python3
"""End-to-end checks of the professional-development record (issue 22), against real processes, the
real PostgreSQL and the shipped hromada codifier: the Kyiv oblast centre's administrator creates the
HR unit of Бучанська by name; the Mykolaiv centre's administrator writes "Миколаївська", which nine
hromadas bear, is refused with the nine candidates listed, and is accepted by code; an official of
Бучанська plans the year from a YAML file (`hromada plan edit`, `plan submit`), HR approves it
(`hromada hr plans`, `hr approve`), the official completes a course and uploads a webinar certificate
as a PDF (`hromada record add`), HR recognises it (`hromada hr records`, `hr recognise`), and
`hromada development` shows the year met with a full bar that fits an 60-column terminal; the summary
by raion (`hromada report development --summary --by raion`, also --csv, --json and --pdf) counts the
official as met in Бучанський. Another hromada's HR and a learner are refused all along.

Run by `make test` (scripts/test.sh), which exports HROMADA_TEST_DATABASE_URL.
Prints one line per check and 'N passed, M failed'; exits non-zero on any failure.
"""
import datetime, json, os, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import CLIENT, E2E, Tmux, check, documented_fields, http, psql, request, summary, template_answer  # noqa: E402

SLUG = "development-e2e"
TITLE = "Місцевий бюджет для громади"
BUCHA = "UA32080070000050759"
MYKOLAIVSKA = "UA48060150000071713"
YEAR = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=2))).year
PLAN = f"""note: Бюджет і самоосвіта
items:
  - kind: course
    course: {SLUG}
    title: {TITLE}
    planned_credits: 0.2
  - kind: external
    title: Вебінар про доступність
    planned_credits: 0.8
    self_education: true
"""


def webinar_pdf():
    """A small real PDF: one page saying what it certifies."""
    text = b"BT /F1 14 Tf 72 720 Td (Certificate: webinar on accessibility, 24 hours) Tj ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def create(w, token, email, hromada, centre, roles, password=None):
    body = {"email": email, "full_name": "Кадрова служба " + email.split("@")[0], "category": "official", "position": "кадровик",
            "hromada": hromada, "centre": centre, "roles": roles}
    if password:
        body["password"] = password
    return http(w.base, "POST", "/api/v1/users", body, token)


def login(w, email, password):
    return http(w.base, "POST", "/api/v1/auth/login", {"email": email, "password": password})[1]["token"]


def main():
    w = E2E()
    try:
        w.issue_certificates(SLUG, TITLE)
        admin = w.admin
        for email, centre, hromada in [("kyo@dev.example", "KYO", "Бучанська"), ("myk@dev.example", "MYK", MYKOLAIVSKA)]:
            st, body = http(w.base, "POST", "/api/v1/users", {"email": email, "full_name": "Адміністратор " + centre, "category": "official",
                            "position": "адміністратор", "hromada": hromada, "centre": centre, "roles": ["centre_admin"],
                            "password": "Centre-Admin-Pass-1"}, admin)
            assert st == 201, body
        kyo, myk = login(w, "kyo@dev.example", "Centre-Admin-Pass-1"), login(w, "myk@dev.example", "Centre-Admin-Pass-1")

        # HR units, created by the centres that serve their hromadas.
        st, hr = create(w, kyo, "hr-bucha@dev.example", "Бучанська", "KYO", ["hr"], "Bucha-HR-Pass-1")
        check("the Kyiv oblast centre creates Бучанська's HR by name", st == 201 and hr.get("hromada_code") == BUCHA, (st, hr))
        st, refused = create(w, myk, "hr-myk@dev.example", "Миколаївська", "MYK", ["hr"], "Mykolaiv-HR-Pass-1")
        message = " ".join(e.get("message", "") for e in (refused or {}).get("errors", []))
        check("\"Миколаївська\" is refused with the nine candidates as code name (oblast, raion)",
              st == 422 and message.count("UA") == 9 and f"{MYKOLAIVSKA} Миколаївська (Миколаївська, Миколаївський)" in message, (st, refused))
        check("… and nobody was created", psql(w.db_url, "SELECT count(*) FROM users WHERE email = 'hr-myk@dev.example'") == "0")
        st, hr_myk = create(w, myk, "hr-myk@dev.example", MYKOLAIVSKA, "MYK", ["hr"], "Mykolaiv-HR-Pass-1")
        check("… then accepted by its code", st == 201 and hr_myk.get("hromada_code") == MYKOLAIVSKA, (st, hr_myk))
        st, _ = create(w, myk, "hr-bucha2@dev.example", "Бучанська", "MYK", ["hr"], "Bucha-HR-Pass-2")
        check("the Mykolaiv centre may not create HR for Бучанська", st in (403, 422), st)

        # The official and the terminals.
        st, official = http(w.base, "POST", "/api/v1/users", {"email": "olena@dev.example", "full_name": "Олена Коваленко", "category": "official",
                            "position": "спеціаліст", "hromada": "Бучанська", "centre": "KYO", "password": "Olena-Dev-Pass-1"}, admin)
        assert st == 201, official
        env = {}
        for who, email, password in [("olena", "olena@dev.example", "Olena-Dev-Pass-1"), ("hr", "hr-bucha@dev.example", "Bucha-HR-Pass-1"),
                                     ("myk", "hr-myk@dev.example", "Mykolaiv-HR-Pass-1"), ("kyo", "kyo@dev.example", "Centre-Admin-Pass-1")]:
            env[who] = w.client_env(who, HROMADA_SERVER=w.base)
            p = w.cli(["login", "--email", email, "--password-stdin"], env[who], stdin=password + "\n")
            assert p.returncode == 0, p.stderr
        env["olena_en"] = dict(env["olena"], HROMADA_LANG="en")

        # The programme from a YAML file; a mistake named with its line first.
        bad = os.path.join(w.tmp, "bad.yaml")
        with open(bad, "w") as f:
            f.write(PLAN.replace("planned_credits: 0.8", "planned_credits: 0.333"))
        p = w.cli(["plan", "edit", "--file", bad], env["olena"])
        check("a plan file with three decimal places is refused with its line, in Ukrainian",
              p.returncode == 2 and "рядок 7" in p.stderr and "items[1].planned_credits" in p.stderr, p.stderr)
        check("… and nothing was saved", psql(w.db_url, "SELECT count(*) FROM plans") == "0")
        plan_file = os.path.join(w.tmp, "plan.yaml")
        with open(plan_file, "w") as f:
            f.write(PLAN)
        p = w.cli(["plan", "edit", str(YEAR), "--file", plan_file], env["olena"])
        check("hromada plan edit saves the draft", p.returncode == 0 and "чернетку" in p.stdout and "1.0 ЄКТС" in p.stdout, p.stdout + p.stderr)
        p = w.cli(["plan", "submit", str(YEAR)], env["olena_en"])
        check("hromada plan submit sends it to HR (in English)", p.returncode == 0 and "is submitted to the HR unit" in p.stdout, p.stdout + p.stderr)

        # HR approves; another hromada's HR sees nobody and cannot decide.
        p = w.cli(["hr", "plans", "--status", "submitted", "--json"], env["hr"])
        listed = json.loads(p.stdout or "[]")
        check("hromada hr plans lists the submitted programme", p.returncode == 0 and [r["person"]["full_name"] for r in listed] == ["Олена Коваленко"], p.stdout + p.stderr)
        plan_id = listed[0]["plan_id"] if listed else "00000000-0000-0000-0000-000000000000"
        p = w.cli(["hr", "approve", plan_id], env["myk"])
        check("Миколаївська's HR cannot approve it (as if it did not exist)", p.returncode == 1 and "plan_id" not in p.stdout, p.stderr)
        p = w.cli(["hr", "plans", "--json"], env["myk"])
        check("… and does not see the official", p.returncode == 0 and "Олена" not in p.stdout, p.stdout)
        p = w.cli(["hr", "plans"], env["olena"])
        check("a learner may not list plans", p.returncode == 1, p.stdout + p.stderr)
        p = w.cli(["hr", "approve", plan_id, "--comment", "Погоджено"], env["hr"])
        check("hromada hr approve approves it", p.returncode == 0 and "затверджено" in p.stdout and "Олена Коваленко" in p.stdout, p.stdout + p.stderr)
        p = w.cli(["plan", "show", "--json"], env["olena"])
        shown = json.loads(p.stdout or "{}")
        documented = documented_fields(w.cli(["plan", "show", "--help"], env["olena"]).stdout)
        check("plan show --json prints exactly the fields its --help lists", documented == set(shown), (documented, sorted(shown)))
        check("hromada plan show: approved, revision 1, decided by the HR unit",
              shown.get("status") == "approved" and shown.get("history", [{}])[0].get("decided_by", {}).get("full_name") == "Кадрова служба hr-bucha", p.stdout)

        # The course, completed through the API as a learner's browser would.
        token = login(w, "olena@dev.example", "Olena-Dev-Pass-1")
        e = http(w.base, "POST", f"/api/v1/courses/{SLUG}/enrolments", token=token)[1]
        outline = http(w.base, "GET", f"/api/v1/courses/{SLUG}")[1]
        for lesson in [i["id"] for m in outline["modules"] for i in m["items"] if i["type"] == "lesson"]:
            http(w.base, "POST", f"/api/v1/enrolments/{e['id']}/lessons/{lesson}/complete", token=token)
        a = http(w.base, "POST", f"/api/v1/enrolments/{e['id']}/quizzes/final/attempts", token=token)[1]
        for q in a["questions"]:
            http(w.base, "PUT", f"/api/v1/attempts/{a['id']}/answers", {"answers": {q["id"]: template_answer(q)}}, token)
        http(w.base, "POST", f"/api/v1/attempts/{a['id']}/submit", token=token)
        p = w.cli(["development", "--json"], env["olena"])
        year = json.loads(p.stdout or "{}")
        check("after the course: 0.2 credits, not met", year.get("earned_credits") == 0.2 and year.get("met") is False, p.stdout + p.stderr)
        # The CPD ledger as the terminal prints it: each item with the fields its --help names (source and
        # certificate were dropped by the client's own copy of the shape before it was shared).
        p = w.cli(["cpd", "--json"], env["olena"])
        items = json.loads(p.stdout or "{}").get("items", [])
        documented = {"source", "slug", "title", "version", "hours", "credits", "completed_at", "certificate"}
        check("hromada cpd --json: the course with its source and certificate, every documented field",
              [i.get("source") for i in items] == ["course"] and items[0].get("slug") == SLUG and set(items[0]) == documented,
              p.stdout + p.stderr)

        # The webinar certificate, uploaded and recognised.
        pdf = os.path.join(w.tmp, "webinar.pdf")
        with open(pdf, "wb") as f:
            f.write(webinar_pdf())
        check("the webinar certificate is a real PDF", subprocess.run(["pdfinfo", pdf], capture_output=True).returncode == 0)
        p = w.cli(["record", "add", "--file", pdf, "--provider", "Prometheus", "--title", "Вебінар про доступність", "--kind", "self_education",
                   "--started", f"{YEAR}-03-01", "--finished", f"{YEAR}-03-01", "--hours", "24", "--credits", "0,8", "--json"], env["olena"])
        record = json.loads(p.stdout or "{}")
        check("hromada record add uploads it: pending, the PDF kept", p.returncode == 0 and record.get("status") == "pending"
              and record.get("evidence", {}).get("content_type") == "application/pdf", p.stdout + p.stderr)
        rid = record.get("id", "00000000-0000-0000-0000-000000000000")
        st, _, stored = request(w.base, "GET", f"/api/v1/external-records/{rid}/evidence", token=login(w, "hr-bucha@dev.example", "Bucha-HR-Pass-1"))
        check("HR downloads the very bytes uploaded", st == 200 and stored == webinar_pdf(), st)
        st, _, _ = request(w.base, "GET", f"/api/v1/external-records/{rid}/evidence", token=login(w, "hr-myk@dev.example", "Mykolaiv-HR-Pass-1"))
        check("another hromada's HR gets 404 for the evidence", st == 404, st)
        p = w.cli(["hr", "recognise", rid, "--credits", "0.8"], env["myk"])
        check("Миколаївська's HR cannot recognise it", p.returncode == 1, p.stdout + p.stderr)
        p = w.cli(["hr", "records"], dict(env["hr"], COLUMNS="150"))
        check("hromada hr records lists the pending webinar with its whole id", p.returncode == 0 and "Вебінар про доступність" in p.stdout
              and "очікує рішення" in p.stdout and rid in p.stdout, p.stdout + p.stderr)
        p = w.cli(["hr", "records"], dict(env["hr"], COLUMNS="80"))
        check("… and in 80 columns the id is still whole", p.returncode == 0 and rid in p.stdout, p.stdout + p.stderr)
        p = w.cli(["hr", "recognise", rid, "--comment", "Сертифікат перевірено"], env["hr"])
        check("hromada hr recognise: the stated 0.8 credits", p.returncode == 0 and "0.8 ЄКТС" in p.stdout, p.stdout + p.stderr)

        # The year, met, in a terminal of 60 columns.
        t = Tmux(["/bin/sh", "-c", f"{CLIENT} development"],
                 dict(env["olena"], PATH=os.environ.get("PATH", "")), columns=60, rows=30)
        try:
            screen = t.wait_for("Зовнішнє навчання")
        finally:
            t.close()
        lines = [l for l in screen.splitlines() if l.strip()]
        check("hromada development shows the year met", "1.0 з 1.0 — річну норму виконано" in screen, screen)
        check("… with a full bar that fits the 60 columns", any(l.startswith("[" + "█" * 10) and l.endswith("] 100 %") and len(l) <= 60 for l in lines), screen)
        check("… and the items by source: the course and the recognised webinar",
              "Курси платформи (1)" in screen and "Зовнішнє навчання (визнане) (1)" in screen and "Вебінар про доступн" in screen, screen)
        p = w.cli(["development", "--json"], env["olena"])
        year = json.loads(p.stdout or "{}")
        documented = documented_fields(w.cli(["development", "--help"], env["olena"]).stdout)
        check("development --json prints exactly the fields its --help lists", documented == set(year), (documented, sorted(year)))
        check("--json: 1.0 earned, 0.8 self-education, met", year.get("earned_credits") == 1 and year.get("self_education_credits") == 0.8
              and year.get("met") is True and year.get("plan", {}).get("status") == "approved", p.stdout)

        # The summary by raion.
        p = w.cli(["report", "development", "--summary", "--by", "raion", "--json"], env["kyo"])
        answer = json.loads(p.stdout or "{}")
        documented = documented_fields(w.cli(["report", "development", "--help"], env["kyo"]).stdout)
        check("report development --summary --json prints the fields its --help lists", documented == set(answer), (documented, sorted(answer)))
        rows = {r["group"]["name"]: r for r in answer.get("items", [])}
        b = rows.get("Бучанський", {})
        check("the summary by raion counts the official as met in Бучанський", b.get("met") == 1 and b.get("officials", 0) >= 1, p.stdout + p.stderr)
        t = Tmux(["/bin/sh", "-c", f"{CLIENT} report development --summary --by raion"],
                 dict(env["kyo"], PATH=os.environ.get("PATH", "")), columns=72, rows=20)
        try:
            screen = t.wait_for("Бучанський")
        finally:
            t.close()
        bar = next((l for l in screen.splitlines() if l.startswith("Бучанський")), "")
        check("… drawn as a bar that fits 72 columns", "█" in bar and len(bar.rstrip()) <= 72 and f"1 з {b.get('officials')}" in bar, screen)
        p = w.cli(["report", "development", "--summary", "--by", "raion", "--csv", "--semicolons"], env["kyo"])
        check("… and as CSV for a spreadsheet", p.returncode == 0 and p.stdout.startswith("\ufeffraion_code;raion;") and ";Бучанський;" in p.stdout, p.stdout[:300])
        out = os.path.join(w.tmp, "summary.pdf")
        p = w.cli(["report", "development", "--summary", "--by", "raion", "--pdf", "--output", out], env["kyo"])
        info = subprocess.run(["pdfinfo", out], capture_output=True, text=True).stdout if os.path.exists(out) else ""
        text = subprocess.run(["pdftotext", "-layout", out, "-"], capture_output=True, text=True).stdout if os.path.exists(out) else ""
        check("… and as an A4 PDF report: bars by raion, then the table", p.returncode == 0 and "A4" in info
              and "Професійний розвиток посадових осіб" in text and "Бучанський" in text and "UA32080000000084076" in text, p.stdout + p.stderr + info)
        p = w.cli(["report", "development", "--summary", "--by", "raion"], env["olena"])
        check("a learner gets no summary", p.returncode == 1, p.stdout + p.stderr)
        p = w.cli(["report", "development", "--summary", "--by", "raion", "--json"], env["myk"])
        check("Миколаївська's HR sees no one of Бучанський", "Бучанський" not in p.stdout, p.stdout)
        # The approved programme edited again in the official's own editor, in a terminal. The
        # editor is a script standing in for a person at vi: the first time it types three decimal
        # places, the second time it mends them.
        p = w.cli(["plan", "edit"], env["olena"])
        check("plan edit without --file and without a terminal says to use one or a file", p.returncode == 2
              and "--file plan.yaml" in p.stderr and "терміналі" in p.stderr, p.stdout + p.stderr)
        editor = os.path.join(w.tmp, "editor.py")
        with open(editor, "w") as f:
            f.write(f"""#!/usr/bin/env python3
import os, shutil, sys
runs = len([n for n in os.listdir({w.tmp!r}) if n.startswith("seen-")]) + 1
shutil.copy(sys.argv[1], os.path.join({w.tmp!r}, f"seen-{{runs}}.yaml"))
text = open(sys.argv[1], encoding="utf-8").read()
text = text.replace("planned_credits: 0.8", "planned_credits: 0.333") if runs == 1 else text.replace("0.333", "0.85")
open(sys.argv[1], "w", encoding="utf-8").write(text)
""")
        os.chmod(editor, 0o755)
        t = Tmux(["/bin/sh", "-c", f"{CLIENT} plan edit {YEAR}"],
                 dict(env["olena"], PATH=os.environ.get("PATH", ""), EDITOR=editor), columns=100, rows=30)
        try:
            asked = t.wait_for("Редагувати ще раз? [Т/н]")
            t.keys("Enter")
            saved = t.wait_for("збережено як чернетку")
        finally:
            t.close()
        first = open(os.path.join(w.tmp, "seen-1.yaml"), encoding="utf-8").read() if os.path.exists(os.path.join(w.tmp, "seen-1.yaml")) else ""
        second = open(os.path.join(w.tmp, "seen-2.yaml"), encoding="utf-8").read().splitlines() if os.path.exists(os.path.join(w.tmp, "seen-2.yaml")) else []
        check("hromada plan edit opens the approved programme in $EDITOR, explained in comments",
              "# Затверджена редакція 1 не зміниться" in first and 'title: "Вебінар про доступність"' in first and "planned_credits: 0.8" in first, first)
        mistake = next((l for l in second if "items[1].planned_credits" in l), "")
        number = int(mistake.split("рядок ")[1].split(":")[0]) if "рядок " in mistake else 0
        check("a mistake is shown in the terminal and the file reopens with it on top, at its line",
              "items[1].planned_credits" in asked and 0 < number <= len(second) and second[number - 1].strip().startswith("- kind: external"),
              asked + "\n".join(second))
        check("the mended programme is saved as revision 2, a draft", "редакція 2" in saved, saved)
        revisions = psql(w.db_url, "SELECT string_agg(revision || ':' || status || ':' || (items->1->>'planned_credits'), ',' ORDER BY revision) FROM plan_revisions")
        check("… and the approved revision 1 is as it was", revisions == "1:approved:0.8,2:draft:0.85", revisions)
        audit = psql(w.db_url, "SELECT string_agg(action, ',' ORDER BY action) FROM audit_log WHERE action LIKE 'plan.%' OR action LIKE 'external_record.%'")
        check("every step is audited", all(a in audit for a in ["plan.save", "plan.submit", "plan.approve", "external_record.create", "external_record.recognise"]), audit)
    finally:
        w.close()
    return summary()


if __name__ == "__main__":
    sys.exit(main())
