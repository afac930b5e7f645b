#!/usr/bin/env python3
"""The offline root ceremony end to end, with the real binaries and two key folders.

The "offline machine" is a folder holding the root key (its own passphrase, no database in its
environment); the server's key folder never holds it. The root is made offline (`ca new-root`) and
installed on the server (`ca install-root`); the server asks for a centre key (`ca request
add-centre`), the offline machine answers (`ca sign`), the server installs the answer (`ca import`).
Refused: an answer imported twice, a tampered one, one signed by another root, the root's work asked
of the server. A root CRL with a short validity makes `/readyz` warn (still ready) and the server log
it. A learner completes a course; the certificate is checked with stock `openssl cms -verify` (with and
without the root CRL) and the CRL with `openssl crl`; after a key rotation through the ceremony the
old certificate still verifies.

Run by `make test` (scripts/test.sh), which exports HROMADA_TEST_DATABASE_URL.
Prints one line per check and 'N passed, M failed'; exits non-zero on any failure.
"""
import json, os, re, shutil, subprocess, sys, time, uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import CLIENT, SERVER, E2E, check, fill_template, http, summary  # noqa: E402

SLUG = "offline-root-e2e"


def secret_file(path):
    with open(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600), "w") as f:
        f.write(uuid.uuid4().hex + "\n")
    return path


def openssl(*args):
    return subprocess.run(["openssl", *args], capture_output=True, text=True)


def main():
    e2e = E2E(admin_email="admin@offline.example", admin_password="Offline-Admin-Pass-1")
    try:
        tmp = e2e.tmp
        server_keys, offline, other, transfer = (os.path.join(tmp, n) for n in ("server-keys", "offline", "other-offline", "transfer"))
        os.makedirs(transfer)
        os.makedirs(server_keys, mode=0o700)
        e2e.stop()
        e2e.env.update(HROMADA_KEYS_DIR=server_keys, HROMADA_KEY_PASSPHRASE_FILE=secret_file(os.path.join(tmp, "server-passphrase")),
                       HROMADA_PUBLIC_URL=e2e.base, HROMADA_SWEEP_INTERVAL="0.2")
        e2e.env.pop("HROMADA_KEY_PASSPHRASE", None)
        # The offline machine: no database, another passphrase.
        off_env = {k: v for k, v in os.environ.items() if not k.startswith(("HROMADA_", "PG"))}
        off_env.update(HROMADA_KEY_PASSPHRASE_FILE=secret_file(os.path.join(tmp, "offline-passphrase")), PGHOST="/nonexistent")

        def server(*args):
            return subprocess.run([SERVER, "ca", *args], env=e2e.env, capture_output=True, text=True, timeout=120, cwd=tmp)

        def offline_ca(*args):
            return subprocess.run([SERVER, "ca", *args], env=off_env, capture_output=True, text=True, timeout=120, cwd=tmp)

        # 1. The root is made offline and installed on the server without its key.
        p = offline_ca("new-root", "--out", offline)
        fingerprint = re.search(r"([0-9A-F]{2}(?::[0-9A-F]{2}){31})", p.stdout)
        check("ca new-root on the offline machine: key, certificate and first CRL, the fingerprint printed",
              p.returncode == 0 and fingerprint and sorted(os.listdir(offline)) == ["root-crl.pem", "root-key.pem", "root.pem"]
              and os.stat(os.path.join(offline, "root-key.pem")).st_mode & 0o077 == 0
              and "ENCRYPTED PRIVATE KEY" in open(os.path.join(offline, "root-key.pem")).read(), p.stdout + p.stderr)
        for name in ("root.pem", "root-crl.pem"):
            shutil.copy(os.path.join(offline, name), transfer)
        p = server("install-root", os.path.join(transfer, "root.pem"), "--crl", os.path.join(transfer, "root-crl.pem"))
        check("ca install-root on the server prints the same fingerprint", p.returncode == 0 and fingerprint and fingerprint.group(1) in p.stdout,
              p.stdout + p.stderr)

        # 2. The server cannot do the root's work itself.
        p = server("add-centre", "KYV")
        check("ca add-centre without the root key: one sentence naming the ceremony, exit 1",
              p.returncode == 1 and "The root key is not on this server (it is kept offline)" in p.stderr and "ca request" in p.stderr
              and "Traceback" not in p.stderr, p.stdout + p.stderr)

        # 3. request → sign → import.
        request = os.path.join(transfer, "kyv-request.json")
        p = server("request", "add-centre", "KYV", "--out", request)
        text = open(request).read() if os.path.exists(request) else ""
        check("ca request add-centre writes a request with a CSR and no private key; the centre key stays in the server's folder",
              p.returncode == 0 and "BEGIN CERTIFICATE REQUEST" in text and "PRIVATE KEY" not in text
              and [f for f in os.listdir(server_keys) if f.startswith("kyv-request-")], p.stdout + p.stderr)
        response = os.path.join(transfer, "kyv-response.json")
        p = offline_ca("sign", request, "--root-key", os.path.join(offline, "root-key.pem"), "--root-cert", os.path.join(offline, "root.pem"),
                       "--out", response)
        check("ca sign on the offline machine (no database) says what it signed",
              p.returncode == 0 and "Centre KYV" in p.stdout and "Root CRL number 2" in p.stdout and os.path.exists(response), p.stdout + p.stderr)
        resp_text = open(response).read() if os.path.exists(response) else ""
        check("the response carries no private key", "PRIVATE KEY" not in resp_text and "BEGIN CERTIFICATE" in resp_text)

        # Another root's operator: refused offline (fingerprint), and on import.
        offline_ca("new-root", "--out", other)
        p = offline_ca("sign", request, "--root-key", os.path.join(other, "root-key.pem"), "--root-cert", os.path.join(other, "root.pem"),
                       "--out", os.path.join(transfer, "other.json"))
        check("ca sign with another root refuses a request made for ours", p.returncode == 1 and "made for another root" in p.stderr,
              p.stdout + p.stderr)
        forged = json.loads(resp_text)
        forged["crl"] = open(os.path.join(other, "root-crl.pem")).read()
        forged_path = os.path.join(transfer, "forged.json")
        json.dump(forged, open(forged_path, "w"))
        p = server("import", forged_path)
        check("ca import refuses a CRL signed by another root", p.returncode == 1
              and "The root CRL in this response is not signed by the association root this server trusts." in p.stderr, p.stdout + p.stderr)
        tampered = json.loads(resp_text)
        lines = tampered["certificate"].split("\n")
        i = len(lines) - 3
        lines[i] = lines[i][:10] + ("A" if lines[i][10] != "A" else "B") + lines[i][11:]
        tampered["certificate"] = "\n".join(lines)
        json.dump(tampered, open(forged_path, "w"))
        p = server("import", forged_path)
        check("ca import refuses a tampered certificate", p.returncode == 1
              and "The centre certificate in this response is not signed by the association root this server trusts." in p.stderr,
              p.stdout + p.stderr)

        p = server("import", response)
        check("ca import installs the centre certificate and the CRL", p.returncode == 0 and "Centre KYV now signs" in p.stdout
              and "Root CRL number 2 installed" in p.stdout, p.stdout + p.stderr)
        p = server("import", response)
        check("the same response a second time is refused", p.returncode == 1 and "imported already" in p.stderr, p.stdout + p.stderr)
        check("the server's key folder holds centre keys only", os.listdir(server_keys)
              and all(f.startswith("kyv-") for f in os.listdir(server_keys)), os.listdir(server_keys))

        # 4. A CRL re-signed with a short validity: /readyz warns, stays ready; the log says so.
        request = os.path.join(transfer, "crl-request.json")
        response = os.path.join(transfer, "crl-response.json")
        ok = server("request", "crl", "--out", request).returncode == 0
        ok = ok and offline_ca("sign", request, "--root-key", os.path.join(offline, "root-key.pem"), "--root-cert",
                               os.path.join(offline, "root.pem"), "--out", response, "--crl-days", "3").returncode == 0
        p = server("import", response)
        check("a CRL-only ceremony (3 days)", ok and p.returncode == 0 and "Root CRL number 3 installed" in p.stdout, p.stdout + p.stderr)
        e2e.env["HROMADA_LOG_LEVEL"] = "warning"
        e2e.start()
        st, body = http(e2e.base, "GET", "/readyz")
        w = (body or {}).get("warnings") or [{}]
        check("/readyz: 200 ready with a root_crl_due warning", st == 200 and body.get("status") == "ready" and w[0].get("code") == "root_crl_due"
              and "ca request crl" in w[0].get("message", {}).get("en", ""), body)
        log = ""
        for _ in range(50):
            log = open(os.path.join(tmp, "server.log")).read()
            if "The root CRL must be re-signed" in log:
                break
            time.sleep(0.1)
        check("the server logs that the root CRL must be re-signed", "The root CRL must be re-signed" in log, log[-2000:])

        # 5. A certificate signed by the centre key, checked with stock openssl.
        pack = os.path.join(tmp, SLUG)
        subprocess.run([CLIENT, "pack", "new", SLUG, "--title", "Офлайн-корінь", "--into", pack], capture_output=True, check=True)
        fill_template(pack)
        subprocess.run([SERVER, "courses", "import", pack], env=e2e.env, capture_output=True, check=True)
        serial = e2e.complete_template_course(SLUG, "olha@offline.example", "Ольга Коваль", "Olha-Offline-Pass-1")
        check("a learner's certificate is issued by the server without the root key", bool(serial), serial)
        token = http(e2e.base, "POST", "/api/v1/auth/login", {"email": "olha@offline.example", "password": "Olha-Offline-Pass-1"})[1]["token"]
        files = {}
        for name, path in (("c.json", f"/api/v1/certificates/{serial}/document"), ("c.json.p7s", f"/api/v1/certificates/{serial}/signature"),
                           ("root.pem", "/api/v1/trust/root.pem"), ("root-crl.pem", "/api/v1/trust/root-crl.pem")):
            files[name] = os.path.join(tmp, name)
            open(files[name], "wb").write(http(e2e.base, "GET", path, token=token, raw=True)[1])
        trust = os.path.join(tmp, "trust.pem")
        open(trust, "wb").write(open(files["root.pem"], "rb").read() + open(files["root-crl.pem"], "rb").read())
        check("the served root is the offline machine's", open(files["root.pem"]).read().strip() == open(os.path.join(offline, "root.pem")).read().strip())

        def cms(cafile, *extra):
            return openssl("cms", "-verify", "-binary", "-inform", "DER", "-in", files["c.json.p7s"], "-content", files["c.json"],
                           "-CAfile", cafile, *extra, "-out", "/dev/null")
        o = cms(files["root.pem"])
        check("openssl cms -verify -CAfile root.pem: Verification successful", o.returncode == 0 and "Verification successful" in o.stderr, o.stderr)
        o = cms(trust, "-crl_check")
        check("openssl cms -verify with the root CRL (-crl_check): Verification successful", o.returncode == 0, o.stderr)
        o = openssl("crl", "-in", files["root-crl.pem"], "-CAfile", files["root.pem"], "-noout")
        check("openssl crl -CAfile root.pem: verify OK", o.returncode == 0 and "verify OK" in o.stderr, o.stdout + o.stderr)

        # 6. A rotation through the ceremony: the old certificate still verifies, the new key signs.
        request = os.path.join(transfer, "rotate-request.json")
        response = os.path.join(transfer, "rotate-response.json")
        ok = server("request", "rotate", "KYV", "--out", request).returncode == 0
        ok = ok and offline_ca("sign", request, "--root-key", os.path.join(offline, "root-key.pem"), "--root-cert",
                               os.path.join(offline, "root.pem"), "--out", response).returncode == 0
        p = server("import", response)
        check("ca request rotate → sign → import: a new KYV key", ok and p.returncode == 0 and "Centre KYV now signs" in p.stdout, p.stdout + p.stderr)
        st, body = http(e2e.base, "GET", "/readyz")
        check("with a 90-day CRL /readyz has no warnings", st == 200 and body.get("warnings") == [], body)
        open(files["root-crl.pem"], "wb").write(http(e2e.base, "GET", "/api/v1/trust/root-crl.pem", raw=True)[1])
        open(trust, "wb").write(open(files["root.pem"], "rb").read() + open(files["root-crl.pem"], "rb").read())
        o = cms(trust, "-crl_check")
        check("the certificate signed before the rotation still verifies with the new CRL", o.returncode == 0, o.stderr)
        check("still no root key on the server", all(f.startswith("kyv-") for f in os.listdir(server_keys)), os.listdir(server_keys))
    finally:
        e2e.close()
    return summary()


if __name__ == "__main__":
    sys.exit(main())
