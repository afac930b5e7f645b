#!/usr/bin/env python3
"""End-to-end checks of the Open Badges 3.0 credentials, against a real server, the real PostgreSQL and
two independent implementations from PyPI (installed into the test virtualenv by scripts/fuzz-tools.sh):
jwcrypto checks each VC-JWT as plain JOSE against the centre's JWKS, and openbadgeslib's OB 3.0
verifier (OB3Verifier) checks the badge as an OpenBadgeCredential, with its status through the
centre's signed Bitstring Status List (its `download` hook fetches from this server over loopback).

A learner completes a course; the badge of the certificate verifies with both, and with `hromada verify`
offline (--jwks, --status) and online; a changed byte fails all of them; the status list is read with
Python's own zlib (>= 131,072 bits, GZIP, base64url with the Multibase 'u'); after the centre revokes the
certificate exactly one bit flips, openbadgeslib and `hromada verify` say revoked; after `ca rotate` the
old badge still verifies through the JWKS; only the learner, or whoever has the QR link's `d`, gets it.

Run by `make test` (scripts/test.sh), which exports HROMADA_TEST_DATABASE_URL.
Prints one line per check and 'N passed, M failed'; exits non-zero on any failure.
"""
import base64, gzip, hashlib, json, os, subprocess, sys, urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
VENV_PYTHON = os.path.join(ROOT, ".data", "venv", "bin", "python")

# The checkers come from PyPI into the test virtualenv; the script then runs itself under it.
if os.environ.get("HROMADA_BADGES_E2E_VENV") != "1":
    tools = subprocess.run(["bash", os.path.join(ROOT, "scripts", "fuzz-tools.sh")], capture_output=True, text=True)
    if tools.returncode != 0:
        print("FAIL the test tools (jwcrypto, openbadgeslib) could not be installed from PyPI  -- " + tools.stderr[-800:])
        print("0 passed, 1 failed")
        sys.exit(1)
    os.environ["HROMADA_BADGES_E2E_VENV"] = "1"
    os.execv(VENV_PYTHON, [VENV_PYTHON, os.path.abspath(__file__), *sys.argv[1:]])

sys.path.insert(0, HERE)
from e2e_support import CLIENT, SERVER, E2E, check, http, request, summary  # noqa: E402
from jwcrypto import jwk, jws  # noqa: E402
from openbadgeslib.ob3 import OB3Verifier, OB3VerificationError  # noqa: E402
from openbadgeslib.ob3.contexts import document_loader  # noqa: E402
from pyld import jsonld  # noqa: E402

SLUG = "badge-e2e"
TITLE = "Значки Open Badges"


def b64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def payload(token):
    return json.loads(b64url(token.split(".")[1]))


def header(token):
    return json.loads(b64url(token.split(".")[0]))


def jose_ok(token, keyset):
    """jwcrypto alone: the compact JWS verifies with the JWKS key its header names, as ES256."""
    try:
        key = keyset.get_key(header(token)["kid"])
        if key is None:
            return False
        sig = jws.JWS()
        sig.deserialize(token)
        sig.verify(key, alg="ES256")
        return True
    except Exception:  # noqa: BLE001 - any refusal is a failure to verify
        return False


def changed(token, at=40):
    """The token with one character of its payload changed."""
    i = token.index(".") + at
    return token[:i] + ("B" if token[i] == "A" else "A") + token[i + 1:]


def single(value):
    """JSON-LD's compacted form: a one-element list is written as its element."""
    if isinstance(value, list):
        return single(value[0]) if len(value) == 1 else [single(v) for v in value]
    if isinstance(value, dict):
        return {k: single(v) for k, v in value.items()}
    return value


def jsonld_round_trip(document):
    """The credential (without the JWT claims, which are JOSE's) expanded with pyld against the
    contexts as openbadgeslib pins them (no network), then compacted again: a member no context
    defines would be dropped on the way, so equality means every term is defined."""
    doc = {k: v for k, v in document.items() if k not in ("iss", "nbf", "jti", "exp", "sub")}
    options = {"documentLoader": document_loader()}
    expanded = jsonld.expand(doc, options)
    compacted = jsonld.compact(expanded, doc["@context"], options)
    compacted.pop("@context", None)
    doc = dict(doc)
    doc.pop("@context")
    return single(compacted) == single(doc), (compacted, doc)


def bits(list_token):
    """The status list's bitstring, decoded with Python's own base64 and gzip."""
    encoded = payload(list_token)["credentialSubject"]["encodedList"]
    assert encoded.startswith("u"), encoded[:10]
    return gzip.decompress(b64url(encoded[1:]))


def main():
    e2e = E2E(admin_email="admin@badge.example", admin_password="Badge-Admin-Pass-1")
    try:
        e2e.issue_certificates(SLUG, TITLE)
        base, tmp, env = e2e.base, e2e.tmp, e2e.env
        serial = e2e.complete_template_course(SLUG, "olena@badge.example", "Олена Значкова", "Olena-Badge-Pass-1")
        check("the learner completes the course and gets a certificate", serial, serial)
        olena = http(base, "POST", "/api/v1/auth/login", {"email": "olena@badge.example", "password": "Olena-Badge-Pass-1"})[1]["token"]

        def get(path, token=None):
            return request(base, "GET", path, token=token, headers={"Accept": "*/*"})

        def fetch(url):
            """openbadgeslib's download hook: this server, over loopback (its default fetches HTTPS only)."""
            assert url.startswith(base + "/"), url
            with urllib.request.urlopen(url, timeout=10) as r:
                return r.read()

        # 1. The badge, the centre's keys, profile and list.
        st, ctype, body = get(f"/api/v1/certificates/{serial}/badge", olena)
        badge = body.decode()
        check("GET …/badge: 200 application/vc+jwt", st == 200 and ctype == "application/vc+jwt", (st, ctype, body[:300]))
        jwks_bytes = get("/api/v1/issuers/KYV/jwks.json")[2]
        keyset = jwk.JWKSet.from_json(jwks_bytes)
        status_list = get("/api/v1/issuers/KYV/status/revocation")[2].decode()
        cred, head = payload(badge), header(badge)
        check("the header: ES256 and the kid of a key in the centre's JWKS", head.get("alg") == "ES256" and keyset.get_key(head.get("kid")), head)
        check("the signature is the 64 bytes r||s of JOSE, not DER", len(b64url(badge.split(".")[2])) == 64)
        check("the payload is an OpenBadgeCredential (VC 2.0 + OB v3p0)",
              cred["@context"][:2] == ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
              and cred["type"] == ["VerifiableCredential", "OpenBadgeCredential"] and cred["id"] == f"{base}/c/{serial}"
              and cred["iss"] == cred["issuer"]["id"] and cred["jti"] == cred["id"], cred)
        subject = cred["credentialSubject"]
        ident = subject["identifier"][0]
        check("the subject: name, and the e-mail only as a salted sha256 identityHash",
              subject["name"] == "Олена Значкова" and ident["identityType"] == "emailAddress" and ident["hashed"] is True
              and ident["identityHash"] == "sha256$" + hashlib.sha256(("olena@badge.example" + ident["salt"]).encode()).hexdigest()
              and "olena@badge.example" not in json.dumps(cred), subject)
        ach = subject["achievement"]
        check("the achievement: a Certificate with criteria, credits and language",
              ach["type"] == ["Achievement"] and ach["achievementType"] == "Certificate" and ach["name"] == TITLE
              and ach["criteria"]["narrative"] and ach["inLanguage"] == "uk" and ach["creditsAvailable"] == subject["creditsEarned"], ach)
        st, ctype, prof = get("/api/v1/issuers/KYV")
        check("the issuer id resolves to its Profile", st == 200 and json.loads(prof)["id"] == cred["issuer"]["id"] and
              cred["issuer"]["id"] == f"{base}/api/v1/issuers/KYV", prof[:300])

        same, detail = jsonld_round_trip(cred)
        check("JSON-LD (pyld, the pinned VC 2.0 and OB 3.0.3 contexts): every member of the badge is a defined term", same, detail)
        same, detail = jsonld_round_trip(payload(status_list))
        check("… and of the status list credential", same, detail)

        # 2. jwcrypto (plain JOSE) and openbadgeslib (OB 3.0), independently.
        check("jwcrypto verifies the badge with the JWKS", jose_ok(badge, keyset))
        check("jwcrypto refuses the badge with one byte changed", not jose_ok(changed(badge), keyset))
        pem = keyset.get_key(head["kid"]).export_to_pem()
        verifier = OB3Verifier(pubkey_pem=pem)
        try:
            got = verifier.verify(badge, check_status=True, verify_status_list=True, download=fetch)
            check("openbadgeslib's OB3Verifier verifies the badge, its status list signed and not revoked",
                  got.issuer.id == cred["issuer"]["id"] and got.achievement.name == TITLE)
        except OB3VerificationError as exc:
            check("openbadgeslib's OB3Verifier verifies the badge, its status list signed and not revoked", False, exc)
        try:
            verifier.verify(changed(badge))
            check("openbadgeslib refuses the badge with one byte changed", False)
        except OB3VerificationError as exc:
            check("openbadgeslib refuses the badge with one byte changed", True, exc)

        # 3. The status list, read with Python's own gzip.
        before = bits(status_list)
        entry = cred["credentialStatus"]
        index = int(entry["statusListIndex"])
        check("the status list: >= 131,072 bits, none set; the entry a BitstringStatusListEntry for revocation",
              len(before) * 8 >= 131072 and not any(before) and entry["type"] == "BitstringStatusListEntry"
              and entry["statusPurpose"] == "revocation" and entry["statusListCredential"] == f"{base}/api/v1/issuers/KYV/status/revocation",
              (len(before), entry))
        check("jwcrypto verifies the status list's signature", jose_ok(status_list, keyset))

        # 4. hromada verify, offline and online.
        files = {n: os.path.join(tmp, n) for n in ("badge.jwt", "jwks.json", "revocation.jwt")}
        open(files["badge.jwt"], "w").write(badge)
        open(files["jwks.json"], "wb").write(jwks_bytes)
        open(files["revocation.jwt"], "w").write(status_list)
        cli_env = e2e.client_env("checker")

        def verify(*args):
            return subprocess.run([CLIENT, "verify", *args], env=cli_env, capture_output=True, text=True, timeout=60)

        p = verify(files["badge.jwt"], "--jwks", files["jwks.json"], "--status", files["revocation.jwt"])
        check("hromada verify BADGE.jwt offline: valid, exit 0", p.returncode == 0 and p.stdout.startswith("valid") and serial in p.stdout,
              p.stdout + p.stderr)
        p = verify(files["badge.jwt"], "--jwks", files["jwks.json"])
        check("offline without the status list: status_unknown (15)", p.returncode == 15, p.stdout + p.stderr)
        open(files["badge.jwt"], "w").write(changed(badge))
        p = verify(files["badge.jwt"], "--jwks", files["jwks.json"], "--status", files["revocation.jwt"])
        check("a changed byte: tampered (12)", p.returncode == 12, p.stdout + p.stderr)
        open(files["badge.jwt"], "w").write(badge)
        p = verify(files["badge.jwt"], "--server", base, "--json")
        check("hromada verify BADGE.jwt online: valid", p.returncode == 0 and json.loads(p.stdout).get("verdict") == "valid", p.stdout + p.stderr)

        # The learner saves it from the terminal, and checks it there (online, with the saved server).
        learner = e2e.client_env("olena")
        p = subprocess.run([CLIENT, "login", "--server", base, "--email", "olena@badge.example", "--password-stdin"], env=learner,
                           input="Olena-Badge-Pass-1\n", capture_output=True, text=True, timeout=60)
        out = os.path.join(tmp, "saved")
        p = subprocess.run([CLIENT, "certificate", "get", serial, "--badge", "--dir", out, "--json"], env=learner,
                           capture_output=True, text=True, timeout=60)
        saved = os.path.join(out, serial + ".jwt")
        check("hromada certificate get --badge saves SERIAL.jwt, the same credential",
              p.returncode == 0 and os.path.exists(saved) and payload(open(saved).read()) == cred, p.stdout + p.stderr)
        p = subprocess.run([CLIENT, "verify", saved], env=learner, capture_output=True, text=True, timeout=60)
        check("hromada verify SERIAL.jwt (the saved server): valid", p.returncode == 0 and p.stdout.startswith("valid"), p.stdout + p.stderr)

        # 5. Who gets the badge.
        doc = http(base, "GET", f"/api/v1/certificates/{serial}/document", token=olena, raw=True)[1]
        d = base64.urlsafe_b64encode(hashlib.sha256(doc).digest()).decode()[:22]
        e2e.person("ivan@badge.example", "Іван Інший", "Ivan-Badge-Pass-1")
        ivan = http(base, "POST", "/api/v1/auth/login", {"email": "ivan@badge.example", "password": "Ivan-Badge-Pass-1"})[1]["token"]
        check("another learner, and anyone without the link's d: 404",
              get(f"/api/v1/certificates/{serial}/badge", ivan)[0] == 404 and get(f"/api/v1/certificates/{serial}/badge")[0] == 404)
        st, _, linked = get(f"/api/v1/certificates/{serial}/badge?d={d}")
        check("with the QR link's d: the badge, the same credential", st == 200 and payload(linked.decode()) == cred)

        # 6. The centre revokes the certificate: exactly its bit flips; everyone says revoked.
        e2e.person("admin@kyv.badge.example", "Адміністратор Центру", "Centre-Badge-Pass-1", roles=("centre_admin",))
        centre = http(base, "POST", "/api/v1/auth/login", {"email": "admin@kyv.badge.example", "password": "Centre-Badge-Pass-1"})[1]["token"]
        st, _ = http(base, "POST", f"/api/v1/certificates/{serial}/revoke", {"reason_code": "withdrawn"}, centre)
        check("the centre revokes the certificate", st == 200, st)
        revoked_list = get("/api/v1/issuers/KYV/status/revocation")[2].decode()
        after = bits(revoked_list)
        flipped = [i * 8 + b for i, (x, y) in enumerate(zip(before, after)) for b in range(8) if (x ^ y) & (0x80 >> b)]
        check("exactly one bit flipped, the certificate's", flipped == [index] and len(after) == len(before), flipped)
        check("the new list is signed (jwcrypto) and differs from the old", jose_ok(revoked_list, keyset) and revoked_list != status_list)
        try:
            verifier.verify(badge, check_status=True, verify_status_list=True, download=fetch)
            check("openbadgeslib finds the badge revoked through the status list", False)
        except OB3VerificationError as exc:
            check("openbadgeslib finds the badge revoked through the status list", "revocation" in str(exc), exc)
        open(files["revocation.jwt"], "w").write(revoked_list)
        p = verify(files["badge.jwt"], "--jwks", files["jwks.json"], "--status", files["revocation.jwt"])
        check("hromada verify offline: revoked (10)", p.returncode == 10 and p.stdout.startswith("revoked"), p.stdout + p.stderr)
        p = verify(files["badge.jwt"], "--server", base)
        check("hromada verify online: revoked (10)", p.returncode == 10, p.stdout + p.stderr)

        # 7. A key rotation: the old badge still verifies through the JWKS, which keeps the old key.
        p = subprocess.run([SERVER, "ca", "rotate", "KYV"], env=env, capture_output=True, text=True)
        check("ca rotate KYV", p.returncode == 0, p.stdout + p.stderr)
        rotated = jwk.JWKSet.from_json(get("/api/v1/issuers/KYV/jwks.json")[2])
        check("the JWKS lists both keys", len(rotated["keys"]) == 2 and rotated.get_key(head["kid"]) is not None)
        check("the badge signed before the rotation verifies with the new JWKS (jwcrypto)", jose_ok(badge, rotated))
        try:
            OB3Verifier(pubkey_pem=rotated.get_key(head["kid"]).export_to_pem()).verify(badge)
            check("… and with openbadgeslib, by the key its kid names", True)
        except OB3VerificationError as exc:
            check("… and with openbadgeslib, by the key its kid names", False, exc)
        fresh = get(f"/api/v1/certificates/{serial}/badge", olena)[2].decode()
        check("a badge made now names the new key and verifies too",
              header(fresh)["kid"] != head["kid"] and jose_ok(fresh, rotated) and payload(fresh)["credentialSubject"] == subject)
    finally:
        e2e.close()
    return summary()


if __name__ == "__main__":
    sys.exit(main())
