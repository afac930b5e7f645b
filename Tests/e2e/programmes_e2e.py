#!/usr/bin/env python3
"""End-to-end checks of programmes (spec/credentials.md, "Programmes"), against a real server, the real
PostgreSQL, stock openssl, and the two independent badge checkers of the test virtualenv (jwcrypto,
openbadgeslib; installed by scripts/fuzz-tools.sh, as badges_e2e.py does).

A trainer checks and publishes a two-course programme with `hromada programme validate|publish` (a
broken folder is refused with path:line:column and nothing stored; another trainer cannot publish its
next version); a learner finishes the first course, then enrols once with `hromada programme enrol`
(the earlier completion counts, the second course is enrolled in), finishes the second; the programme
certificate is issued once, `"kind": "programme"`, naming both courses' serials; `hromada progress`
shows it; `openssl cms -verify` verifies its CMS form, jwcrypto and openbadgeslib its badge, and
`hromada verify` agrees on both; the CPD ledger holds the two courses and nothing for the programme.

Run by `make test` (scripts/test.sh), which exports HROMADA_TEST_DATABASE_URL.
Prints one line per check and 'N passed, M failed'; exits non-zero on any failure.
"""
import io, json, os, subprocess, sys, time, urllib.error, urllib.request, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
VENV_PYTHON = os.path.join(ROOT, ".data", "venv", "bin", "python")

if os.environ.get("HROMADA_PROGRAMMES_E2E_VENV") != "1":
    tools = subprocess.run(["bash", os.path.join(ROOT, "scripts", "fuzz-tools.sh")], capture_output=True, text=True)
    if tools.returncode != 0:
        print("FAIL the test tools (jwcrypto, openbadgeslib) could not be installed from PyPI  -- " + tools.stderr[-800:])
        print("0 passed, 1 failed")
        sys.exit(1)
    os.environ["HROMADA_PROGRAMMES_E2E_VENV"] = "1"
    os.execv(VENV_PYTHON, [VENV_PYTHON, os.path.abspath(__file__), *sys.argv[1:]])

sys.path.insert(0, HERE)
from e2e_support import CLIENT, SERVER, E2E, check, fill_template, http, psql, request, summary, template_answer  # noqa: E402
# badges_e2e's JOSE helpers; it is already under the virtualenv it would otherwise re-run itself in.
os.environ["HROMADA_BADGES_E2E_VENV"] = "1"
from badges_e2e import changed, header, jose_ok, payload  # noqa: E402
from jwcrypto import jwk  # noqa: E402
from openbadgeslib.ob3 import OB3Verifier, OB3VerificationError  # noqa: E402

FIRST, SECOND, PROGRAMME = "prog-budget-e2e", "prog-borrowing-e2e", "prog-finance-e2e"

MANIFEST = f"""format: hromada-programme/1
slug: {PROGRAMME}
version: 1.0.0
language: uk
title: Фінанси громади — короткострокова програма
summary: Два курси, один сертифікат.
audience: [official]
programme: short-term
parts:
  - course: {FIRST}
    min_version: 0.1.0
  - course: {SECOND}
completion: all
certificate: true
"""


def complete(base, token, slug):
    """Enrols (or finds the enrolment) and completes the template course: every lesson, the final at 100 %."""
    e = http(base, "POST", f"/api/v1/courses/{slug}/enrolments", token=token)[1]
    outline = http(base, "GET", f"/api/v1/courses/{slug}")[1]
    for lesson in [i["id"] for m in outline["modules"] for i in m["items"] if i["type"] == "lesson"]:
        http(base, "POST", f"/api/v1/enrolments/{e['id']}/lessons/{lesson}/complete", token=token)
    a = http(base, "POST", f"/api/v1/enrolments/{e['id']}/quizzes/final/attempts", token=token)[1]
    for q in a["questions"]:
        http(base, "PUT", f"/api/v1/attempts/{a['id']}/answers", {"answers": {q["id"]: template_answer(q)}}, token)
    http(base, "POST", f"/api/v1/attempts/{a['id']}/submit", token=token)
    return e["id"]


def main():
    e2e = E2E(admin_email="admin@programme.example", admin_password="Programme-Admin-Pass-1")
    try:
        e2e.issue_certificates(FIRST, "Бюджет громади")
        base, tmp, env = e2e.base, e2e.tmp, e2e.env
        second = os.path.join(tmp, SECOND)
        subprocess.run([CLIENT, "pack", "new", SECOND, "--title", "Місцеві запозичення", "--into", second], capture_output=True, check=True)
        fill_template(second)
        subprocess.run([SERVER, "courses", "import", second], env=env, capture_output=True, check=True)

        # 1. The trainer: validate, a broken folder refused in place, publish.
        e2e.person("trainer@programme.example", "Тренерка Програми", "Trainer-Prog-Pass-1", roles=("trainer",))
        e2e.person("other@programme.example", "Інший Тренер", "Other-Prog-Pass-1", roles=("trainer",))
        trainer = e2e.client_env("trainer")
        p = e2e.cli(["login", "--server", base, "--email", "trainer@programme.example", "--password-stdin"], trainer, "Trainer-Prog-Pass-1\n")
        check("the trainer signs in with hromada login", p.returncode == 0, p.stdout + p.stderr)
        folder = os.path.join(tmp, "programme")
        os.makedirs(folder)
        open(os.path.join(folder, "programme.yaml"), "w", encoding="utf-8").write(MANIFEST)
        p = e2e.cli(["programme", "validate", folder], trainer)
        check("hromada programme validate: valid", p.returncode == 0 and "правильний" in p.stdout, p.stdout + p.stderr)

        broken = os.path.join(tmp, "broken")
        os.makedirs(broken)
        open(os.path.join(broken, "programme.yaml"), "w", encoding="utf-8").write(
            MANIFEST.replace("programme: short-term", "programme: profesional").replace(f"course: {SECOND}", "course: no-such-course"))
        p = e2e.cli(["programme", "publish", broken, "--lang", "en"], trainer)
        check("a broken folder: exit 1, its error as path:line:column, checked before upload",
              p.returncode == 1 and f"{broken}/programme.yaml:8:12: error: programme must be short-term or professional" in p.stdout, p.stdout + p.stderr)
        open(os.path.join(broken, "programme.yaml"), "w", encoding="utf-8").write(MANIFEST.replace(f"course: {SECOND}", "course: no-such-course"))
        p = e2e.cli(["programme", "publish", broken], trainer)
        check("a course the server does not have: refused by the server with its line and column, in Ukrainian",
              p.returncode != 0 and "programme.yaml:12:13" in p.stdout + p.stderr and "не опубліковано" in p.stdout + p.stderr, p.stdout + p.stderr)
        check("… and nothing was stored", psql(e2e.db_url, "SELECT count(*) FROM programme_versions") == "0")

        p = e2e.cli(["programme", "publish", folder, "--json"], trainer)
        published = json.loads(p.stdout) if p.returncode == 0 else {}
        check("hromada programme publish: created", published.get("created") is True and published.get("slug") == PROGRAMME, p.stdout + p.stderr)
        other = http(base, "POST", "/api/v1/auth/login", {"email": "other@programme.example", "password": "Other-Prog-Pass-1"})[1]["token"]
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            z.writestr("programme.yaml", MANIFEST.replace("version: 1.0.0\ntitle", "version: 9.0.0\ntitle"))
        req = urllib.request.Request(base + "/api/v1/programmes", data=buffer.getvalue(), method="POST",
                                     headers={"Content-Type": "application/zip", "Authorization": "Bearer " + other})
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                st, body = r.status, r.read()
        except urllib.error.HTTPError as e:
            st, body = e.code, e.read()
        check("another trainer cannot publish its next version: 403 programme_not_yours",
              st == 403 and json.loads(body).get("code") == "programme_not_yours", (st, body[:300]))
        p = e2e.cli(["programme", "show", PROGRAMME, "--server", base], e2e.client_env("anyone"))
        check("hromada programme show: its parts, with no sign-in", p.returncode == 0 and FIRST in p.stdout and SECOND in p.stdout, p.stdout + p.stderr)

        # 2. The learner: the first course before the programme, one enrolment, then the second.
        e2e.person("olena@programme.example", "Олена Програмна", "Olena-Prog-Pass-1")
        olena = http(base, "POST", "/api/v1/auth/login", {"email": "olena@programme.example", "password": "Olena-Prog-Pass-1"})[1]["token"]
        first = complete(base, olena, FIRST)
        learner = e2e.client_env("olena")
        p = e2e.cli(["login", "--server", base, "--email", "olena@programme.example", "--password-stdin"], learner, "Olena-Prog-Pass-1\n")
        p = e2e.cli(["programme", "enrol", PROGRAMME, "--json"], learner)
        enrolled = json.loads(p.stdout) if p.returncode == 0 else {}
        parts = enrolled.get("parts", [])
        check("hromada programme enrol: the earlier completion counts, the second course is enrolled in",
              [x["done"] for x in parts] == [True, False] and all(x["enrolment_id"] for x in parts) and enrolled.get("certificate") is None,
              p.stdout + p.stderr)
        p = e2e.cli(["programme", "enrol", PROGRAMME, "--json"], learner)
        check("enrolling again keeps the one enrolment", p.returncode == 0 and json.loads(p.stdout)["id"] == enrolled.get("id"), p.stdout)
        complete(base, olena, SECOND)
        serial = ""
        for _ in range(100):
            serial = psql(e2e.db_url, "SELECT serial FROM certificates WHERE programme_enrolment_id IS NOT NULL AND status = 'issued'")
            if serial:
                break
            time.sleep(0.2)
        check("the programme certificate is issued, once",
              serial and psql(e2e.db_url, "SELECT count(*) FROM certificates WHERE programme_enrolment_id IS NOT NULL") == "1", serial)
        p = e2e.cli(["progress"], learner)
        check("hromada progress shows the programme done with its certificate",
              "Програма «Фінанси громади" in p.stdout and serial in p.stdout and "Частин виконано: 2, потрібно 2" in p.stdout, p.stdout + p.stderr)

        p = e2e.cli(["certificates"], learner)
        check("hromada certificates lists the programme certificate by the programme's title",
              any(serial in line and "Фінанси громади" in line for line in p.stdout.splitlines()), p.stdout + p.stderr)

        # 3. The certificate: kind programme, the parts' serials; openssl; hromada verify.
        out = os.path.join(tmp, "saved")
        p = e2e.cli(["certificate", "get", serial, "--badge", "--dir", out, "--json"], learner)
        doc, sig, jwt = (os.path.join(out, serial + ext) for ext in (".json", ".json.p7s", ".jwt"))
        check("hromada certificate get --badge saves the document, its signature and the badge",
              p.returncode == 0 and all(os.path.exists(x) for x in (doc, sig, jwt)), p.stdout + p.stderr)
        d = json.load(open(doc, encoding="utf-8"))
        course_serials = [psql(e2e.db_url, f"SELECT serial FROM certificates WHERE enrolment_id = '{first}'"),
                          psql(e2e.db_url, f"SELECT c.serial FROM certificates c JOIN enrolments e ON e.id = c.enrolment_id WHERE e.slug = '{SECOND}'")]
        check("the document: kind programme, both courses with their certificates' serials, 12 hours, 0.4 ECTS",
              d.get("kind") == "programme" and d["programme"]["slug"] == PROGRAMME
              and [x["certificate"] for x in d["programme"]["parts"]] == course_serials and all(course_serials)
              and d["programme"]["hours"] == 12 and d["programme"]["credits"] == 0.4, d)
        root = os.path.join(tmp, "root.pem")
        open(root, "wb").write(request(base, "GET", "/api/v1/trust/root.pem", headers={"Accept": "*/*"})[2])
        p = subprocess.run(["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", sig, "-content", doc, "-CAfile", root,
                            "-out", "/dev/null"], capture_output=True, text=True)
        check("openssl cms -verify verifies the CMS form", p.returncode == 0 and "Verification successful" in p.stderr, p.stderr)
        stranger = e2e.client_env("stranger")
        p = e2e.cli(["verify", doc, "--server", base], stranger)
        check("hromada verify SERIAL.json online: valid, naming the programme",
              p.returncode == 0 and p.stdout.startswith("valid") and "Фінанси громади" in p.stdout, p.stdout + p.stderr)
        p = e2e.cli(["verify", doc, "--root", root], stranger)
        check("hromada verify SERIAL.json offline with the root alone: signature and chain good, revocation unknown (15), the programme named",
              p.returncode == 15 and f"{PROGRAMME} 1.0.0" in p.stdout, p.stdout + p.stderr)

        # 4. The badge: jwcrypto, openbadgeslib, hromada verify.
        badge = open(jwt).read()
        keyset = jwk.JWKSet.from_json(request(base, "GET", "/api/v1/issuers/KYV/jwks.json", headers={"Accept": "*/*"})[2])
        cred = payload(badge)
        check("the badge: an OpenBadgeCredential of the programme, 0.4 credits earned",
              cred["type"] == ["VerifiableCredential", "OpenBadgeCredential"] and cred["id"] == f"{base}/c/{serial}"
              and cred["credentialSubject"]["achievement"]["id"] == f"{base}/api/v1/programmes/{PROGRAMME}#1.0.0"
              and cred["credentialSubject"]["creditsEarned"] == 0.4, cred)
        check("jwcrypto verifies the badge with the centre's JWKS", jose_ok(badge, keyset))
        check("jwcrypto refuses it with one byte changed", not jose_ok(changed(badge), keyset))

        def fetch(url):
            assert url.startswith(base + "/"), url
            with urllib.request.urlopen(url, timeout=10) as r:
                return r.read()
        verifier = OB3Verifier(pubkey_pem=keyset.get_key(header(badge)["kid"]).export_to_pem())
        try:
            got = verifier.verify(badge, check_status=True, verify_status_list=True, download=fetch)
            check("openbadgeslib's OB3Verifier verifies the programme's badge and its status", got.achievement.name == d["programme"]["title"])
        except OB3VerificationError as exc:
            check("openbadgeslib's OB3Verifier verifies the programme's badge and its status", False, exc)
        p = e2e.cli(["verify", jwt, "--server", base, "--json"], stranger)
        check("hromada verify SERIAL.jwt online: valid", p.returncode == 0 and json.loads(p.stdout).get("verdict") == "valid", p.stdout + p.stderr)

        # 5. The ledger: the two courses, nothing for the programme.
        cpd = http(base, "GET", "/api/v1/me/cpd", token=olena)[1]
        check("the CPD ledger counts the two courses once and not the programme",
              len(cpd["items"]) == 2 and cpd["total_hours"] == 12 and all(i["source"] == "course" for i in cpd["items"]), cpd)
    finally:
        e2e.close()
    return summary()


if __name__ == "__main__":
    sys.exit(main())
