#!/usr/bin/env python3
"""Transport and login hardening (issue 21), against a real `hromada-server serve` process.

- Behind a proxy (HROMADA_TRUSTED_PROXIES=127.0.0.1, X-Forwarded-For as nginx writes it): failed
  logins for made-up accounts, from made-up addresses or from one attacker's address, do not lock the
  admin out of their own address; a spoofed left-most X-Forwarded-For entry does not help the attacker.
- A 5 MiB body sent by Python's urllib (which sends the whole body before reading) gets its 413 with
  `Connection: close` at once, not at the client's timeout; so does a chunked one (no Content-Length),
  whose limit is found while it is read.
- 1 MiB of dashes posted as multipart to the public verification route, with boundaries of dashes,
  answers 4xx quickly while /healthz stays fast.
- /metrics needs an admin's token; HROMADA_METRICS_LISTEN serves it on a listener of its own.
"""
import concurrent.futures, http.client, json, os, socket, sys, threading, time, urllib.error, urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from e2e_support import E2E, check, free_port, request, summary  # noqa: E402

ADMIN, ADMIN_PASSWORD = "admin@e2e.example", "E2E-Admin-Pass-1"


def login(base, email, password, forwarded=None):
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    status, _, body = request(base, "POST", "/api/v1/auth/login", {"email": email, "password": password}, headers=headers, timeout=30)
    return status, body


def post_raw(base, path, body, content_type, timeout=60):
    """(status, body) of a POST of raw bytes."""
    req = urllib.request.Request(base + path, data=body, method="POST", headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
    except OSError as e:  # a timeout is a failure to report, not to crash on
        return None, repr(e).encode()


def in_parallel(jobs, workers=16):
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda job: job(), jobs))


def throttling_behind_a_proxy(world):
    base = world.base
    # First, one account, 20 parallel wrong passwords from several addresses: cut at the account's limit.
    burst = in_parallel([lambda i=i: login(base, "target@e2e.example", f"guess-{i}", f"192.0.2.{i + 1}")[0] for i in range(20)], workers=20)
    check("20 parallel guesses at one account: at most 10 are judged, the rest get 429",
          burst.count(401) <= 10 and burst.count(401) + burst.count(429) == 20, burst)

    # 50 failures, each for a made-up account from a made-up address (the attack of the issue).
    made_up = in_parallel([lambda i=i: login(base, f"nobody-{i}@example.org", "wrong-password-1", f"203.0.113.{i + 1}")[0]
                           for i in range(50)])
    check("50 failures from made-up addresses are each answered 401", made_up.count(401) == 50, made_up)
    st, body = login(base, ADMIN, ADMIN_PASSWORD, "198.51.100.20")
    check("the admin then signs in from their own address", st == 200, (st, body[:300]))

    # One attacker address, 50 made-up accounts: that address reaches its limit, nobody else does.
    attacker = in_parallel([lambda i=i: login(base, f"ghost-{i}@example.org", "wrong-password-1", "203.0.113.200")[0]
                            for i in range(50)], workers=25)
    check("an attacker's 50 failures are answered 401 (or 503 when the hashing queue is full)",
          set(attacker) <= {401, 503} and attacker.count(401) >= 40, attacker)
    while attacker.count(401) < 50:
        st, _ = login(base, "ghost-extra@example.org", "wrong-password-1", "203.0.113.200")
        attacker.append(st)
        if st != 401:
            break
    st, body = login(base, ADMIN, ADMIN_PASSWORD, "203.0.113.200")
    check("the attacker's address is refused with 429 and Retry-After", st == 429 and json.loads(body).get("code") == "too_many_requests",
          (st, body[:300]))
    st, _ = login(base, ADMIN, ADMIN_PASSWORD, "198.51.100.20, 203.0.113.200")
    check("a spoofed left-most X-Forwarded-For entry does not move the attacker", st == 429, st)
    st, body = login(base, ADMIN, ADMIN_PASSWORD, "198.51.100.20")
    check("the admin still signs in from their own address", st == 200, (st, body[:300]))
    st, body = login(base, ADMIN, ADMIN_PASSWORD, "2001:db8:1:2::20")
    check("and from an IPv6 address", st == 200, (st, body[:300]))



def urllib_413(world):
    body = b"{" + b" " * (5 << 20) + b"}"
    req = urllib.request.Request(world.base + "/api/v1/auth/login", data=body, method="POST",
                                 headers={"Content-Type": "application/json", "Accept-Language": "en"})
    started = time.monotonic()
    status, headers, payload, error = None, {}, b"", None
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            status = r.status
    except urllib.error.HTTPError as e:
        status, headers, payload = e.code, e.headers, e.read()
    except Exception as e:  # noqa: BLE001 - a reset or a timeout is the failure being checked
        error = repr(e)
    took = time.monotonic() - started
    check("a 5 MiB body from urllib gets 413 problem+json", status == 413 and headers.get("Content-Type") == "application/problem+json"
          and json.loads(payload or b"{}").get("code") == "payload_too_large", (status, error, payload[:200]))
    check("... with Connection: close", (headers.get("Connection") or "").lower() == "close", dict(headers or {}))
    # Once the client has sent its body (the server drops it, then closes): well before urllib's 20 s.
    check("... at once, not at the client's timeout", took < 15, f"{took:.1f} s")
    # The same with a body a little over the limit, over one raw connection: answered, then closed.
    conn = http.client.HTTPConnection("127.0.0.1", world.port, timeout=10)
    conn.request("POST", "/api/v1/auth/login", body=b"{" + b" " * (1 << 20) + b"}", headers={"Content-Type": "application/json"})
    r = conn.getresponse()
    r.read()
    closed = r.will_close
    conn.close()
    check("a body just over the limit: 413 and the connection is closed", r.status == 413 and closed, (r.status, closed))
    check("the server answers afterwards", request(world.base, "GET", "/healthz")[0] == 200)
    # Without Content-Length (chunked), the limit is found while the body is read: it was a 500.
    for n in range(3):
        st, headers, payload, error = chunked_upload(world.port, "/api/v1/auth/login", b"{" + b" " * (5 << 20) + b"}")
        check(f"a chunked 5 MiB body ({n + 1} of 3): 413 problem+json, read to its end",
              st == 413 and headers.get("content-type") == "application/problem+json" and error is None
              and json.loads(payload or b"{}").get("code") == "payload_too_large", (st, error, payload[:200]))


def chunked_upload(port, path, body, chunk=65536):
    """Sends the whole body in 64 KiB chunks with Connection: close before reading anything, as a
    script with a file would, and reads the answer: (status, headers, body, error)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            "Accept-Language: en\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n").encode()
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(body[k:k + chunk]), body[k:k + chunk]) for k in range(0, len(body), chunk))
    data, error = b"", None
    try:
        s.sendall(head + chunks + b"0\r\n\r\n")
        while part := s.recv(65536):
            data += part
    except OSError as e:
        error = repr(e)
    finally:
        s.close()
    head_text, _, payload = data.partition(b"\r\n\r\n")
    lines = head_text.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1]) if lines and lines[0].startswith("HTTP/1.1 ") else None
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return status, headers, payload, error


def dashes(world):
    body = b"-" * (1 << 20)
    stop = threading.Event()
    waits = []

    def poll():
        while not stop.is_set():
            t = time.monotonic()
            try:
                request(world.base, "GET", "/healthz", timeout=30)
            except OSError:
                pass
            waits.append(time.monotonic() - t)
            time.sleep(0.02)

    poller = threading.Thread(target=poll)
    poller.start()
    try:
        for dashes_count in (69, 149):
            boundary = "-" * dashes_count + "a"
            started = time.monotonic()
            status, payload = post_raw(world.base, "/api/v1/certificates/verify", body, f"multipart/form-data; boundary={boundary}")
            took = time.monotonic() - started
            check(f"1 MiB of dashes, boundary of {dashes_count} dashes and a letter: 4xx in under 2 s",
                  status is not None and 400 <= status < 500 and took < 2, (status, f"{took:.2f} s", payload[:200]))
    finally:
        stop.set()
        poller.join()
    check("/healthz stayed fast meanwhile (under 2 s)", waits and max(waits) < 2, f"slowest {max(waits or [0]):.2f} s of {len(waits)}")


def metrics(world, metrics_port):
    st, ct, body = request(world.base, "GET", "/metrics")
    check("/metrics without a token: 401", st == 401 and b"hromada_http" not in body, (st, body[:200]))
    world.person("learner@e2e.example", "Тестова Особа", "Learner-Pass-1")
    token = json.loads(login(world.base, "learner@e2e.example", "Learner-Pass-1", "198.51.100.30")[1]).get("token", "")
    st, _, body = request(world.base, "GET", "/metrics", token=token)
    check("/metrics with a learner's token: 403", st == 403 and b"hromada_http" not in body, st)
    st, _, body = request(world.base, "GET", "/metrics", token=world.admin)
    check("/metrics with the admin's token: 200", st == 200 and b"hromada_http_requests_total" in body, (st, body[:200]))
    st, _, body = request(f"http://127.0.0.1:{metrics_port}", "GET", "/metrics")
    check("HROMADA_METRICS_LISTEN serves /metrics without a token", st == 200 and b"hromada_http_requests_total" in body, (st, body[:200]))
    st, _, _ = request(f"http://127.0.0.1:{metrics_port}", "GET", "/api/v1/centres")
    check("... and nothing else", st == 404, st)


def main():
    world = E2E(admin_email=ADMIN, admin_password=ADMIN_PASSWORD)
    try:
        metrics_port = free_port()
        world.stop()
        world.env.update(HROMADA_TRUSTED_PROXIES="127.0.0.1,::1", HROMADA_METRICS_LISTEN=f"127.0.0.1:{metrics_port}")
        world.start()
        world.person("target@e2e.example", "Тестова Особа", "Target-Pass-1")
        throttling_behind_a_proxy(world)
        urllib_413(world)
        dashes(world)
        metrics(world, metrics_port)
    finally:
        world.close()
    return summary()


if __name__ == "__main__":
    sys.exit(main())
