#!/usr/bin/env python3
"""End-to-end checks of certificates from the terminal, against real processes, the real PostgreSQL
and stock openssl: a learner completes a small course with `hromada quiz`, lists the certificate with
`hromada certificates`, saves it with `hromada certificate get`, checks it with `openssl cms -verify`
and with `hromada verify` offline and online; a changed byte is `tampered`, another root is
`unknown_issuer`; after the centre's administrator revokes it with `hromada certificate revoke
--reason-code … --note …`, `hromada verify --serial` and the offline check with the centre's signed
revoked.json say `revoked` with the public reason code, the printed copy (whose signatory is the
demo one `ca dev-setup` sets) is crossed out «ВІДКЛИКАНО / REVOKED», and the private note (an
e-mail address) appears nowhere public; the view by serial alone shows no name, course or date; a serial with
wrong check digits is refused before any request; the public verification routes are rate limited
per client address (a second server with HROMADA_VERIFY_RATE=5/1m, clients from 127.0.0.1 and
127.0.0.2).

Run by `make test` (scripts/test.sh), which exports HROMADA_TEST_DATABASE_URL.
Prints one line per check and 'N passed, M failed'; exits non-zero on any failure.
"""
import base64, hashlib, json, os, shutil, subprocess, sys, time
from http.client import HTTPConnection

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import CLIENT, SERVER, E2E, check, results, http, free_port, psql, request, wait_ready  # noqa: E402

SLUG = "certificate-e2e"
TITLE = "Перевірка сертифікатів"
REASON = "issued_in_error"
NOTE = "Помилка в прізвищі; повідомила olena.kovalenko@cert.example"
SECRET = "olena.kovalenko@cert.example"
# The answers to the starter pack's final test (hromada pack new), by question id.
ANSWERS = {"council-approves-budget": "рада", "decisions-published": True, "ects-hours": 30}
VERDICT_EXIT = {"valid": 0, "revoked": 10, "signer_revoked": 11, "tampered": 12, "unknown_issuer": 13,
                "expired_chain": 14, "status_unknown": 15}


def answer_line(q):
    key = ANSWERS[q["id"]]
    if q["type"] == "single":
        return str(next(i + 1 for i, o in enumerate(q["options"]) if o["text"] == key))
    if q["type"] == "true_false":
        return "т" if key else "н"
    return str(key)


def make_serial(centre, year, sequence):
    """A well-formed serial (ISO 7064 MOD 97-10 check digits, as certificates.md describes)."""
    body = f"UA{centre}{year}{sequence:06d}"
    n = int("".join(str(int(ch, 36)) for ch in body))
    return f"UA-{centre}-{year}-{sequence:06d}-{98 - (n * 100) % 97:02d}"


def pdf_text(pdf):
    """A PDF's text (from its bytes) in the order it was drawn, without white space: pdftotext breaks
    the diagonal lines of a revocation mark at places of its own."""
    p = subprocess.run(["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True)
    return "".join(p.stdout.decode().split())


def openssl_verify(p7s, content, cafile, *extra):
    return subprocess.run(["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", p7s, "-content", content,
                           "-CAfile", cafile, *extra, "-out", "/dev/null"], capture_output=True, text=True)


def main():
    e2e = E2E(admin_email="admin@cert.example", admin_password="Cert-Admin-Pass-1")
    try:
        # The server with a development chain (root, a key per centre) and a small course that issues certificates.
        e2e.issue_certificates(SLUG, TITLE)
        base, tmp, env = e2e.base, e2e.tmp, e2e.env

        def cli(args, who, stdin=""):
            return subprocess.run([CLIENT, *args], env=who, input=stdin, capture_output=True, text=True, timeout=60, cwd=tmp)

        e2e.person("olena@cert.example", "Олена Коваль", "Olena-Cert-Pass-1")
        e2e.person("ivan@cert.example", "Іван Адміністратор", "Ivan-Cert-Pass-1", roles=("centre_admin",))
        learner, stranger = e2e.client_env("olena"), e2e.client_env("nobody")
        p = cli(["login", "--server", base, "--email", "olena@cert.example", "--password-stdin"], learner, "Olena-Cert-Pass-1\n")
        assert p.returncode == 0, p.stderr
        olena = http(base, "POST", "/api/v1/auth/login", {"email": "olena@cert.example", "password": "Olena-Cert-Pass-1"})[1]["token"]
        ivan = http(base, "POST", "/api/v1/auth/login", {"email": "ivan@cert.example", "password": "Ivan-Cert-Pass-1"})[1]["token"]

        p = cli(["certificates"], learner)
        check("no certificate yet: one sentence, exit 0", p.returncode == 0 and "ще немає сертифікатів" in p.stdout, p.stdout + p.stderr)

        # 1. The learner completes the course: both lessons (API), then the final test with hromada quiz.
        assert cli(["enrol", SLUG], learner).returncode == 0
        enrolment = http(base, "GET", "/api/v1/me/enrolments", token=olena)[1]["items"][0]
        for lesson in enrolment["lessons"]:
            st, _ = http(base, "POST", f"/api/v1/enrolments/{enrolment['id']}/lessons/{lesson['id']}/complete", token=olena)
            assert st == 200, st
        p = cli(["quiz", SLUG, "final", "--json"], learner)
        questions = json.loads(p.stdout)["questions"]
        p = cli(["quiz", SLUG, "final"], learner, "\n".join([answer_line(q) for q in questions] + ["т"]) + "\n")
        check("the final test is passed with hromada quiz", p.returncode == 0 and "складено" in p.stdout, p.stdout + p.stderr)

        # 2. hromada certificates: the serial, the course's title, issued, the date.
        items = []
        for _ in range(50):
            p = cli(["certificates", "--json"], learner)
            items = json.loads(p.stdout) if p.returncode == 0 else []
            if items and items[0]["status"] == "issued":
                break
            time.sleep(0.2)
        c = items[0] if items else {}
        serial = c.get("serial", "")
        check("hromada certificates --json: the issued certificate with its course",
              c.get("status") == "issued" and c.get("course", {}).get("slug") == SLUG and c.get("digest"), items)
        p = cli(["certificates"], dict(learner, COLUMNS="120"))
        check("hromada certificates: a table with serial, course, state and date",
              p.returncode == 0 and serial in p.stdout and TITLE in p.stdout and "видано" in p.stdout
              and time.strftime("%Y-") in p.stdout and "1 сертифікат" in p.stdout, p.stdout + p.stderr)

        # 3. hromada certificate get: the exact bytes, and how to check them.
        out = os.path.join(tmp, "out")
        p = cli(["certificate", "get", serial, "--pdf", "--dir", out], learner)
        doc, sig, pdf = (os.path.join(out, serial + ext) for ext in (".json", ".json.p7s", ".pdf"))
        check("certificate get prints the paths and the openssl command",
              p.returncode == 0 and doc in p.stdout and sig in p.stdout and pdf in p.stdout
              and f"openssl cms -verify -binary -inform DER -in {sig} -content {doc} -CAfile root.pem -out /dev/null" in p.stdout,
              p.stdout + p.stderr)
        # The hint names all three files the offline check needs; run as printed, it answers valid (not status_unknown)
        # and says how old the lists it used are.
        hint = [line.strip() for line in p.stdout.splitlines() if line.strip().startswith(("curl ", "hromada verify "))]
        check("the hint downloads root.pem, root-crl.pem and the centre's revoked.json with its signature, and verifies with all three",
              len(hint) == 5 and all(f in " ".join(hint) for f in ("root.pem", "root-crl.pem", "centres/KYV/revoked.json", "revoked.json.p7s"))
              and hint[-1].endswith("--root root.pem --crl root-crl.pem --revoked revoked.json"), p.stdout)
        hinted = os.path.join(tmp, "hinted")
        os.makedirs(hinted, exist_ok=True)
        script = " && ".join(line.replace("hromada verify ", CLIENT + " verify ", 1) for line in hint)
        h = subprocess.run(["bash", "-c", script], env=stranger, capture_output=True, text=True, timeout=60, cwd=hinted)
        check("the hint's commands, run as printed: valid (exit 0), with the age of each list used",
              h.returncode == 0 and h.stdout.startswith("valid") and "(revoked.json) складено" in h.stdout and "(CRL кореня) складено" in h.stdout
              and ("тому" in h.stdout or "щойно" in h.stdout), h.stdout + h.stderr)
        api_doc = http(base, "GET", f"/api/v1/certificates/{serial}/document", token=olena, raw=True)[1]
        api_d = base64.urlsafe_b64encode(hashlib.sha256(api_doc).digest()).decode()[:22]
        api_sig = http(base, "GET", f"/api/v1/certificates/{serial}/signature", token=olena, raw=True)[1]
        saved_doc = open(doc, "rb").read() if os.path.exists(doc) else b""
        check("the saved document and signature are byte for byte the server's",
              saved_doc == api_doc and os.path.exists(sig) and open(sig, "rb").read() == api_sig and not saved_doc.endswith(b"\n"))
        check("--pdf saves the printed copy", os.path.exists(pdf) and open(pdf, "rb").read(5) == b"%PDF-")
        text = pdf_text(open(pdf, "rb").read()) if os.path.exists(pdf) else ""
        check("the printed copy names the demo signatory `ca dev-setup` set, not the placeholder, and is not crossed out",
              "ОленаЗразкова" in text and "Директорцентру" not in text and "ВІДКЛИКАНО" not in text, text)
        p = cli(["certificate", "get", serial, "--json"], learner)
        got = json.loads(p.stdout) if p.returncode == 0 else {}
        check("certificate get --json, into the current folder", got.get("files", {}).get("document") == serial + ".json"
              and open(os.path.join(tmp, serial + ".json"), "rb").read() == api_doc and "pdf" not in got.get("files", {}), p.stdout + p.stderr)

        # 4. Stock openssl with the public root (and its CRL).
        root, crl, trust = (os.path.join(tmp, n) for n in ("root.pem", "root-crl.pem", "trust.pem"))
        open(root, "wb").write(http(base, "GET", "/api/v1/trust/root.pem", raw=True)[1])
        open(crl, "wb").write(http(base, "GET", "/api/v1/trust/root-crl.pem", raw=True)[1])
        open(trust, "wb").write(open(root, "rb").read() + open(crl, "rb").read())
        o = openssl_verify(sig, doc, root)
        check("openssl cms -verify: Verification successful", o.returncode == 0 and "Verification successful" in o.stderr, o.stderr)
        o = openssl_verify(sig, doc, trust, "-crl_check")
        check("openssl with the root's CRL (-crl_check): Verification successful", o.returncode == 0, o.stderr)

        # 5. hromada verify, offline and online. Offline, valid needs both revocation lists; with the
        # root alone revocation cannot be ruled out: status_unknown, saying the signature and chain are good.
        list0, list0_sig = os.path.join(tmp, "revoked-0.json"), os.path.join(tmp, "revoked-0.json.p7s")
        open(list0, "wb").write(http(base, "GET", "/api/v1/trust/centres/KYV/revoked.json", raw=True)[1])
        open(list0_sig, "wb").write(http(base, "GET", "/api/v1/trust/centres/KYV/revoked.json.p7s", raw=True)[1])
        p = cli(["verify", doc, "--root", root], stranger)
        check("verify offline with the root alone: status_unknown, exit 15, the signature and chain good, both lists named",
              p.returncode == 15 and p.stdout.startswith("status_unknown — ") and "Підпис і ланцюжок до кореня правильні" in p.stdout
              and "--crl" in p.stdout and "--revoked" in p.stdout and serial in p.stdout and "Олена Коваль" in p.stdout
              and TITLE in p.stdout and "Перевірено офлайн" in p.stdout, p.stdout + p.stderr)
        p = cli(["verify", doc, "--root", root, "--revoked", list0, "--revoked-signature", list0_sig, "--lang", "en"], stranger)
        check("with the centre's list but not the root's CRL: status_unknown naming --crl only",
              p.returncode == 15 and "--crl" in p.stdout and "--revoked" not in p.stdout, p.stdout + p.stderr)
        p = cli(["verify", doc, sig, "--root", root, "--crl", crl, "--revoked", list0, "--revoked-signature", list0_sig, "--json"], stranger)
        v = json.loads(p.stdout) if p.stdout.strip() else {}
        check("verify offline with both lists: valid, exit 0, --json", p.returncode == 0 and v.get("verdict") == "valid" and v.get("serial") == serial
              and v.get("checked") == "offline" and v.get("learner") == "Олена Коваль" and v.get("revocation") is None
              and v.get("revocation_checked") is True, p.stdout + p.stderr)
        p = cli(["verify", doc, "--server", base], stranger)
        check("verify online without signing in: valid, exit 0",
              p.returncode == 0 and p.stdout.startswith("valid — ") and "Перевірено на сервері" in p.stdout, p.stdout + p.stderr)
        p = cli(["verify", "--serial", serial, "--server", base, "--lang", "en"], stranger)
        check("verify --serial: valid, and by serial alone no name, initials or course, only the centre",
              p.returncode == 0 and p.stdout.startswith("valid — the certificate is genuine") and "О. К." not in p.stdout
              and "Олена" not in p.stdout and TITLE not in p.stdout and "Centre: " in p.stdout, p.stdout + p.stderr)

        # 6. One changed byte: tampered, offline and online; openssl refuses it too.
        bad = os.path.join(tmp, "bad")
        os.makedirs(bad)
        bad_doc = os.path.join(bad, serial + ".json")
        open(bad_doc, "wb").write(api_doc.replace("Олена".encode(), "Олеся".encode(), 1))
        shutil.copy(sig, bad_doc + ".p7s")
        p = cli(["verify", bad_doc, "--root", root], stranger)
        check("a changed byte offline: tampered, exit 12",
              p.returncode == 12 and p.stdout.startswith("tampered — ") and "підпис їх не підтверджує" in p.stdout, p.stdout + p.stderr)
        p = cli(["verify", bad_doc, "--server", base, "--json"], stranger)
        v = json.loads(p.stdout) if p.stdout.strip() else {}
        check("a changed byte online: tampered, exit 12", p.returncode == 12 and v.get("verdict") == "tampered", p.stdout + p.stderr)
        o = openssl_verify(bad_doc + ".p7s", bad_doc, root)
        check("openssl refuses the changed document", o.returncode != 0, o.stderr)

        # 7. Another root: unknown_issuer.
        other_key, other_root = os.path.join(tmp, "other.key"), os.path.join(tmp, "other-root.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", other_key,
                        "-out", other_root, "-subj", "/CN=Not the association", "-days", "30"], capture_output=True, check=True)
        p = cli(["verify", doc, "--root", other_root, "--lang", "en"], stranger)
        check("another root: unknown_issuer, exit 13", p.returncode == 13 and p.stdout.startswith("unknown_issuer — "), p.stdout + p.stderr)

        # 8. Wrong check digits: refused before any request (a closed port would give exit 4).
        wrong = serial[:-2] + ("00" if serial[-2:] != "00" else "01")
        closed = f"http://127.0.0.1:{free_port()}"
        p = cli(["certificate", "get", wrong, "--server", closed], learner)
        check("certificate get with wrong check digits: usage, exit 2, nothing sent",
              p.returncode == 2 and "контрольні цифри" in p.stderr and not os.path.exists(os.path.join(tmp, wrong + ".json")), p.stderr)
        p = cli(["verify", "--serial", wrong, "--server", closed, "--lang", "en"], stranger)
        check("verify --serial with wrong check digits: usage, exit 2", p.returncode == 2 and "check digits" in p.stderr, p.stderr)
        p = cli(["verify", "--serial", serial, "--server", closed], stranger)
        check("a right serial does go to the server (closed port: exit 4)", p.returncode == 4, p.stderr)

        # 9. Files that are not there, and wrong usage.
        p = cli(["verify", os.path.join(tmp, "missing.json"), "--root", root], stranger)
        check("a missing file: one sentence, exit 1", p.returncode == 1 and "missing.json" in p.stderr and p.stdout == "", p.stderr)
        p = cli(["verify"], stranger)
        check("neither a file nor --serial: usage, exit 2", p.returncode == 2 and "--serial" in p.stderr, p.stderr)
        p = cli(["verify", doc, "--revoked", "x.json", "--server", base], stranger)
        check("--revoked without --root: usage, exit 2", p.returncode == 2 and "--root" in p.stderr, p.stderr)

        # 10. The centre's administrator revokes it: a free-text reason is refused, the code is public, the note private.
        st, body = http(base, "POST", f"/api/v1/certificates/{serial}/revoke", {"reason": NOTE}, ivan)
        check("a free-text reason is refused: 422 naming reason and reason_code",
              st == 422 and sorted(e["field"] for e in body.get("errors", [])) == ["reason", "reason_code"], body)
        admin_env = e2e.client_env("ivan")
        p = cli(["login", "--server", base, "--email", "ivan@cert.example", "--password-stdin"], admin_env, "Ivan-Cert-Pass-1\n")
        assert p.returncode == 0, p.stderr
        p = cli(["certificate", "revoke", serial, "--reason-code", "stolen"], admin_env)
        check("certificate revoke with an unknown code: refused before any request (exit 2, as any bad option), in Ukrainian, the four codes listed",
              p.returncode == 2 and "Значення «stolen» не підходить для --reason-code" in p.stderr
              and all(c in p.stderr for c in ("issued_in_error", "superseded", "withdrawn", "fraud")), p.stderr)
        p = cli(["certificate", "revoke", serial, "--reason-code", REASON, "--note", NOTE], learner)
        check("the learner cannot revoke it (403, exit non-zero)", p.returncode != 0, p.stdout + p.stderr)
        p = cli(["certificate", "revoke", serial, "--reason-code", REASON, "--note", NOTE, "--json"], admin_env)
        v = json.loads(p.stdout) if p.stdout.strip() else {}
        check("the centre's administrator revokes it from the terminal; their view holds the note",
              p.returncode == 0 and v.get("verification", {}).get("verdict") == "revoked" and v.get("revocation_note") == NOTE, p.stdout + p.stderr)
        st, body = http(base, "GET", f"/api/v1/certificates/{serial}")
        check("the public view: the code, not the note", st == 200 and body["verification"]["revocation"]["reason_code"] == REASON
              and SECRET not in json.dumps(body, ensure_ascii=False), body)
        _, _, page = request(base, "GET", f"/c/{serial}?d={api_d}")
        check("the QR page: the code, not the note", REASON in page.decode() and SECRET not in page.decode(), page.decode()[-600:])
        st, revoked_pdf = http(base, "GET", f"/api/v1/certificates/{serial}/pdf", token=olena, raw=True)
        text = pdf_text(revoked_pdf) if st == 200 else ""
        check("the printed copy is now crossed out ВІДКЛИКАНО / REVOKED with the date on the Kyiv clock and the reason, not the note",
              "ВІДКЛИКАНО/REVOKEDВідкликано" in text and "(закиївськимчасом)Причина:виданопомилково" in text and SECRET not in text,
              text)
        p = cli(["verify", "--serial", serial, "--server", base], stranger)
        check("verify --serial: revoked with the reason and date, exit 10",
              p.returncode == 10 and p.stdout.startswith(f"revoked ({REASON}, {time.strftime('%Y-')}") and "відкликав" in p.stdout,
              p.stdout + p.stderr)
        p = cli(["verify", doc, "--server", base, "--json"], stranger)
        v = json.loads(p.stdout) if p.stdout.strip() else {}
        check("verify the files online: revoked, exit 10",
              p.returncode == 10 and v.get("verdict") == "revoked" and v.get("revocation", {}).get("reason_code") == REASON
              and SECRET not in p.stdout, p.stdout + p.stderr)
        listing, listing_sig = os.path.join(tmp, "revoked.json"), os.path.join(tmp, "revoked.json.p7s")
        open(listing, "wb").write(http(base, "GET", "/api/v1/trust/centres/KYV/revoked.json", raw=True)[1])
        open(listing_sig, "wb").write(http(base, "GET", "/api/v1/trust/centres/KYV/revoked.json.p7s", raw=True)[1])
        o = openssl_verify(listing_sig, listing, root)
        check("openssl verifies the centre's revoked.json with the same root", o.returncode == 0, o.stderr)
        entries = json.loads(open(listing, "rb").read())["revoked"]
        check("revoked.json lists serial, revoked_at and reason_code only; the note is not in it",
              [sorted(e) for e in entries] == [["reason_code", "revoked_at", "serial"]] and entries[0]["reason_code"] == REASON
              and SECRET.encode() not in open(listing, "rb").read(), entries)
        p = cli(["verify", doc, "--root", root, "--crl", crl, "--revoked", listing, "--revoked-signature", listing_sig], stranger)
        check("verify offline with the centre's list: revoked with the reason, exit 10",
              p.returncode == 10 and p.stdout.startswith(f"revoked ({REASON}, ") and "revoked.json" in p.stdout, p.stdout + p.stderr)
        p = cli(["verify", doc, "--root", root, "--revoked", listing, "--json"], stranger)
        v = json.loads(p.stdout) if p.stdout.strip() else {}
        check("the list's signature defaults to revoked.json.p7s; --json carries the revocation",
              p.returncode == 10 and v.get("revocation", {}).get("reason_code") == REASON and v.get("revocation_checked") is True, p.stdout + p.stderr)
        p = cli(["verify", doc, "--root", root], stranger)
        check("offline without the list a revoked certificate is not called valid: status_unknown, exit 15",
              p.returncode == 15 and "--revoked" in p.stdout, p.stdout + p.stderr)
        forged = os.path.join(tmp, "forged.json")
        open(forged, "wb").write(open(listing, "rb").read().replace(serial.encode(), wrong.encode()))
        p = cli(["verify", doc, "--root", root, "--revoked", forged, "--revoked-signature", listing_sig, "--lang", "en"], stranger)
        check("a changed revocation list is not believed: status_unknown, exit 15",
              p.returncode == 15 and p.stdout.startswith("status_unknown — ") and "cannot be trusted" in p.stdout, p.stdout + p.stderr)
        # 10b. Another centre's key (as if stolen) vouches for nothing of KYV's: not for its revocation
        # list (which would hide the revocation), not for a document naming KYV.
        keys, passphrase = os.path.join(tmp, "keys"), os.path.join(tmp, "key-passphrase")
        lvv_file = psql(e2e.db_url, "SELECT key_file FROM signing_keys WHERE centre = 'LVV' AND active")
        lvv_key, lvv_cert = os.path.join(tmp, "lvv.key"), os.path.join(tmp, "lvv.pem")
        subprocess.run(["openssl", "pkey", "-in", os.path.join(keys, lvv_file), "-passin", f"file:{passphrase}", "-out", lvv_key],
                       capture_output=True, check=True)
        open(lvv_cert, "w").write(psql(e2e.db_url, "SELECT certificate_pem FROM signing_keys WHERE centre = 'LVV' AND active") + "\n")

        def lvv_sign(path):
            subprocess.run(["openssl", "cms", "-sign", "-binary", "-nosmimecap", "-md", "sha256", "-signer", lvv_cert, "-inkey", lvv_key,
                            "-outform", "DER", "-in", path, "-out", path + ".p7s"], capture_output=True, check=True)
        empty = os.path.join(tmp, "empty-kyv.json")
        listed = json.loads(open(listing, "rb").read())
        open(empty, "w").write(json.dumps(dict(listed, revoked=[]), ensure_ascii=False, sort_keys=True, separators=(",", ":")))
        lvv_sign(empty)
        p = cli(["verify", doc, "--root", root, "--crl", crl, "--revoked", empty, "--lang", "en"], stranger)
        check("a KYV list signed with LVV's key is not believed: status_unknown, exit 15",
              p.returncode == 15 and "signed with the key of" in p.stdout, p.stdout + p.stderr)
        renamed = os.path.join(tmp, "renamed.json")
        open(renamed, "wb").write(open(doc, "rb").read().replace("Олена Коваль".encode(), "Олена Підробка".encode()))
        lvv_sign(renamed)
        p = cli(["verify", renamed, "--root", root, "--crl", crl, "--revoked", listing, "--lang", "en"], stranger)
        check("a KYV document signed with LVV's key: tampered offline, exit 12",
              p.returncode == 12 and p.stdout.startswith("tampered — ") and "does not vouch" in p.stdout, p.stdout + p.stderr)
        p = cli(["verify", renamed, "--server", base, "--json"], stranger)
        v = json.loads(p.stdout) if p.stdout.strip() else {}
        check("and online, exit 12", p.returncode == 12 and v.get("verdict") == "tampered", p.stdout + p.stderr)

        p = cli(["certificates"], dict(learner, COLUMNS="160"))
        check("hromada certificates shows it revoked with the reason code, not the note",
              "відкликано" in p.stdout and "видано помилково (issued_in_error)" in p.stdout and SECRET not in p.stdout, p.stdout + p.stderr)
        audit = psql(e2e.db_url, f"SELECT details->>'note' FROM audit_log WHERE action = 'certificate.revoke' AND subject_id = '{serial}'")
        check("the note is in the audit log", audit == NOTE, audit)

        # 10c. The centre re-issues it from the terminal (a corrected name): a new serial, the old one stays revoked.
        p = cli(["certificate", "reissue", serial, "--note", "Виправлено прізвище"], learner)
        check("the learner cannot re-issue it (exit 1, a sentence)", p.returncode == 1 and p.stderr.strip(), p.stdout + p.stderr)
        p = cli(["certificate", "reissue", serial, "--note", "Виправлено прізвище", "--json"], admin_env)
        v = json.loads(p.stdout) if p.stdout.strip() else {}
        fresh_serial = v.get("serial", "")
        check("the centre's administrator re-issues it from the terminal: a new serial, issued",
              p.returncode == 0 and fresh_serial and fresh_serial != serial and v.get("status") == "issued", p.stdout + p.stderr)
        st, body = http(base, "GET", f"/api/v1/certificates/{fresh_serial}")
        check("the new serial verifies as valid; the old one is still revoked",
              st == 200 and body["verification"]["verdict"] == "valid"
              and http(base, "GET", f"/api/v1/certificates/{serial}")[1]["verification"]["verdict"] == "revoked", body)
        p = cli(["certificate", "reissue", wrong], admin_env)
        check("a serial with wrong check digits is refused before any request (exit 2)", p.returncode == 2, p.stdout + p.stderr)

        # 11. The centre's signing key put on the root's CRL: signer_revoked with the new CRL, offline and online.
        p = cli(["verify", doc, "--root", root, "--json"], stranger)
        signer = next((link["serial"] for link in json.loads(p.stdout)["chain"] if link["role"] == "centre"), "")
        subprocess.run([SERVER, "ca", "revoke-centre", "KYV", "--serial", signer], env=env, capture_output=True, check=True)
        new_crl = os.path.join(tmp, "root-crl-2.pem")
        open(new_crl, "wb").write(http(base, "GET", "/api/v1/trust/root-crl.pem", raw=True)[1])
        p = cli(["verify", doc, "--root", root, "--crl", new_crl, "--lang", "en"], stranger)
        check("the signer's key on the root CRL: signer_revoked offline, exit 11",
              p.returncode == 11 and p.stdout.startswith("signer_revoked — "), p.stdout + p.stderr)
        p = cli(["verify", doc, "--server", base, "--json"], stranger)
        v = json.loads(p.stdout) if p.stdout.strip() else {}
        check("and online, exit 11", p.returncode == 11 and v.get("verdict") == "signer_revoked", p.stdout + p.stderr)

        # 12. Help: examples and the exit codes.
        for lang, example in (("uk", "Приклад: hromada verify"), ("en", "Example: hromada verify")):
            p = cli(["verify", "--help", "--lang", lang], stranger)
            check(f"[{lang}] verify --help documents the verdicts' exit codes and has examples",
                  all(f"{code} {v}" in " ".join(p.stdout.split()) for v, code in VERDICT_EXIT.items() if code) and example in p.stdout,
                  p.stdout)
        for lang, private in (("uk", "приватна"), ("en", "private")):
            p = cli(["certificate", "revoke", "--help", "--lang", lang], stranger)
            helptext = " ".join(p.stdout.split())
            check(f"[{lang}] certificate revoke --help lists the four codes and says the note is private, in that language only",
                  all(c in helptext for c in ("issued_in_error", "superseded", "withdrawn", "fraud", "--note", private,
                                              "hromada certificate revoke UA-")) and ("private" not in helptext if lang == "uk" else "приватна" not in helptext),
                  p.stdout)

        # 13. The public verification routes, rate limited per address and shared through PostgreSQL: a second
        # server on the same database allowing 5 a minute; 127.0.0.1 is cut off at the sixth, 127.0.0.2 is not.
        port2 = free_port()
        log2 = open(os.path.join(tmp, "server-rate.log"), "a")
        strict = subprocess.Popen([SERVER, "serve", "--listen", f"127.0.0.1:{port2}"], env=dict(env, HROMADA_VERIFY_RATE="5/1m"),
                                  stdout=log2, stderr=log2)
        try:
            wait_ready(f"http://127.0.0.1:{port2}")
            psql(e2e.db_url, "DELETE FROM verification_hits")

            def public(source, path):
                c = HTTPConnection("127.0.0.1", port2, timeout=10, source_address=(source, 0))
                c.request("GET", path)
                r = c.getresponse()
                r.read()
                c.close()
                return r.status, r.getheader("Retry-After")
            first = [public("127.0.0.1", f"/api/v1/certificates/{serial}")[0] for _ in range(5)]
            over = public("127.0.0.1", f"/c/{serial}")
            other = public("127.0.0.2", f"/api/v1/certificates/{serial}")
            check("the sixth public check from one address in a minute: 429 with Retry-After; another address: 200",
                  first == [200] * 5 and over[0] == 429 and over[1] is not None and 1 <= int(over[1]) <= 60 and other[0] == 200,
                  f"{first} {over} {other}")
            year = int(serial.split("-")[2])
            walked = [public("127.0.0.2", f"/api/v1/certificates/{make_serial('KYV', year, n)}")[0] for n in range(900001, 900006)]
            check("walking serials from one address is cut off too (404 until the limit, then 429)",
                  walked == [404, 404, 404, 404, 429], walked)
        finally:
            strict.terminate()
            strict.wait(timeout=20)
    finally:
        e2e.close()

    n = sum(results)
    print(f"{n} passed, {len(results) - n} failed")
    return 0 if n == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
