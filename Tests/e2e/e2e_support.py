"""What the end-to-end scripts share: checks, psql, HTTP, and a real server on a fresh database.

A script creates an `E2E` world, which makes a database of its own, migrates it, imports the
codifier and the shipped courses, creates an admin and starts `hromada-server serve` on a free port;
`stop()` and `start()` stop it (SIGTERM, or SIGKILL with `kill=True`) and start it again on the same
port and database. When `make test` names a template (HROMADA_E2E_TEMPLATE, made once a run by
`python3 e2e_support.py template NAME` with the same three commands), the world's database is a copy
of it instead: the same content in a fraction of a second, where each world's own setup took 3.5 s.
"""
import json, os, shutil, signal, socket, subprocess, sys, tempfile, time, urllib.error, urllib.request, uuid

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SERVER = os.path.join(ROOT, ".build", "debug", "hromada-server")
CODIFIER = os.path.join(ROOT, "data", "katottg-hromadas-2025-07-02.csv")
CLIENT = os.path.join(ROOT, ".build", "debug", "hromada")
ADMIN_URL = os.environ["HROMADA_TEST_DATABASE_URL"]
results = []
# The final test of the template pack (`hromada pack new`): question text → the right answer's text,
# true, or a number.
TEMPLATE_KEYS = {"Хто затверджує місцевий бюджет?": "рада", "Рішення ради оприлюднюють.": True, "Скільки годин становить 1 кредит ЄКТС?": 30}


def template_answer(question):
    """The right answer to a question of the template's final test, as the API takes it."""
    key = TEMPLATE_KEYS[question["text"]]
    if isinstance(key, str):
        return next(o["id"] for o in question["options"] if o["text"] == key)
    return key


def wait_ready(base, seconds=20):
    """Waits until the server at `base` answers /readyz with 200; False when it never does."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if http(base, "GET", "/readyz")[0] == 200:
                return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


def check(name, ok, detail=""):
    results.append(bool(ok))
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else f"  -- {str(detail)[-1500:]}"), flush=True)
    return ok


def summary():
    """Prints the tally; the exit status for the script."""
    print(f"{sum(results)} passed, {len(results) - sum(results)} failed", flush=True)
    return 0 if results and all(results) else 1


def psql(url, sql):
    return subprocess.run(["psql", url, "-tAc", sql], capture_output=True, text=True, check=True).stdout.strip()


def request(base, method, path, body=None, token=None, headers=None, timeout=10):
    """(status, Content-Type, body bytes as they came), for any status. `body` is sent as JSON."""
    h = {"Accept": "application/json"}
    h.update(headers or {})
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        h["Content-Type"] = "application/json"
    if token:
        h["Authorization"] = "Bearer " + token
    req = urllib.request.Request(base + path, data=data, method=method, headers=h)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


def http(base, method, path, body=None, token=None, raw=False):
    """(status, parsed JSON body); with `raw`, a 2xx body's bytes as they came."""
    status, _, payload = request(base, method, path, body=body, token=token)
    if raw and 200 <= status < 300:
        return status, payload
    return status, json.loads(payload or b"null")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def documented_fields(help_text):
    """The top-level field names that a command's --help documents after '--json prints'."""
    text = " ".join(help_text.split())
    # The help is in the language chosen: "--json prints" in English, "--json виводить" in Ukrainian.
    start = max(text.find("--json prints"), text.find("--json виводить"))
    brace = text.find("{", start)
    if start < 0 or brace < 0:
        return None
    depth, name, names = 0, "", []
    for ch in text[brace:]:
        if ch in "{[":
            depth += 1
            if depth == 2 and name.strip():
                names.append(name.strip().rstrip(":").strip())
            name = ""
        elif ch in "}]":
            if depth == 1 and name.strip():
                names.append(name.strip())
            depth -= 1
            name = ""
            if depth == 0:
                break
        elif ch == "," and depth == 1:
            if name.strip():
                names.append(name.strip())
            name = ""
        elif depth == 1:
            name += ch
    return {n.split(":")[0].strip() for n in names if n}



TEMPLATE = os.environ.get("HROMADA_E2E_TEMPLATE")


def database_env(name):
    """The environment of a server on database `name` of the test cluster."""
    return dict(os.environ, HROMADA_DATABASE_URL=ADMIN_URL.replace("///postgres?", f"///{name}?"),
                HROMADA_MIGRATIONS_DIR=os.path.join(ROOT, "migrations"), HROMADA_LOG_LEVEL="warning")


def set_up(env):
    """Migrates the database of `env`, imports the hromada codifier the project ships and every
    course of courses/, as make run does."""
    subprocess.run([SERVER, "migrate"], env=env, capture_output=True, check=True)
    subprocess.run([SERVER, "hromadas", "import", CODIFIER], env=env, capture_output=True, check=True)
    packs = [os.path.join(ROOT, "courses", d) for d in sorted(os.listdir(os.path.join(ROOT, "courses")))]
    subprocess.run([SERVER, "courses", "import", *packs], env=env, capture_output=True, check=True)


def copy_database(template, name):
    """CREATE DATABASE name TEMPLATE template. PostgreSQL refuses the copy while anyone is connected
    to the template ("being accessed by other users"): a world copying it at that moment tries again."""
    for attempt in range(50):
        p = subprocess.run(["psql", ADMIN_URL, "-tAc", f"CREATE DATABASE {name} TEMPLATE {template}"], capture_output=True, text=True)
        if p.returncode == 0:
            return
        if "being accessed by other users" not in p.stderr:
            raise RuntimeError(f"copying {template}: {p.stderr.strip()}")
        time.sleep(0.1)
    raise RuntimeError(f"copying {template}: still in use after 50 tries")


class E2E:
    def __init__(self, admin_email="admin@e2e.example", admin_password="E2E-Admin-Pass-1"):
        self.name = "hromada_e2e_" + uuid.uuid4().hex[:12]
        self.env = database_env(self.name)
        self.db_url = self.env["HROMADA_DATABASE_URL"]
        self.tmp = tempfile.mkdtemp()
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.server = None
        if TEMPLATE:
            copy_database(TEMPLATE, self.name)
        else:
            psql(ADMIN_URL, f"CREATE DATABASE {self.name}")
            set_up(self.env)
        subprocess.run([SERVER, "create-admin", "--email", admin_email], env=self.env, input=admin_password + "\n",
                       capture_output=True, text=True, check=True)
        self.start()
        self.admin = http(self.base, "POST", "/api/v1/auth/login", {"email": admin_email, "password": admin_password})[1]["token"]

    def start(self):
        log = open(os.path.join(self.tmp, "server.log"), "a")
        self.server = subprocess.Popen([SERVER, "serve", "--listen", f"127.0.0.1:{self.port}"], env=self.env, stdout=log, stderr=log)
        if not wait_ready(self.base):
            raise RuntimeError("the server did not become ready")

    def stop(self, kill=False):
        if self.server and self.server.poll() is None:
            self.server.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
            self.server.wait(timeout=20)
        self.server = None

    def issue_certificates(self, slug, title):
        """A development chain (root, a key per centre) and the template course of `hromada pack new`,
        which issues certificates: its final test draws 2 of the questions in TEMPLATE_KEYS."""
        keys = os.path.join(self.tmp, "keys")
        os.makedirs(keys, mode=0o700, exist_ok=True)
        passphrase = os.path.join(self.tmp, "key-passphrase")
        with open(os.open(passphrase, os.O_WRONLY | os.O_CREAT, 0o600), "w") as f:
            f.write(uuid.uuid4().hex + "\n")
        running = self.server is not None
        self.stop()
        self.env.update(HROMADA_KEYS_DIR=keys, HROMADA_KEY_PASSPHRASE_FILE=passphrase, HROMADA_PUBLIC_URL=self.base)
        self.env.pop("HROMADA_KEY_PASSPHRASE", None)
        subprocess.run([SERVER, "ca", "dev-setup"], env=self.env, capture_output=True, check=True)
        pack = os.path.join(self.tmp, slug)
        subprocess.run([CLIENT, "pack", "new", slug, "--title", title, "--into", pack], capture_output=True, check=True)
        fill_template(pack)
        subprocess.run([SERVER, "courses", "import", pack], env=self.env, capture_output=True, check=True)
        if running:
            self.start()

    def complete_template_course(self, slug, email, full_name, password):
        """A learner of the template course (see issue_certificates) who completes it through the API:
        every lesson, the final test at 100 %. Returns the certificate's serial once it is issued."""
        self.person(email, full_name, password)
        token = http(self.base, "POST", "/api/v1/auth/login", {"email": email, "password": password})[1]["token"]
        e = http(self.base, "POST", f"/api/v1/courses/{slug}/enrolments", token=token)[1]
        outline = http(self.base, "GET", f"/api/v1/courses/{slug}")[1]
        for lesson in [i["id"] for m in outline["modules"] for i in m["items"] if i["type"] == "lesson"]:
            http(self.base, "POST", f"/api/v1/enrolments/{e['id']}/lessons/{lesson}/complete", token=token)
        a = http(self.base, "POST", f"/api/v1/enrolments/{e['id']}/quizzes/final/attempts", token=token)[1]
        for q in a["questions"]:
            http(self.base, "PUT", f"/api/v1/attempts/{a['id']}/answers", {"answers": {q["id"]: template_answer(q)}}, token)
        http(self.base, "POST", f"/api/v1/attempts/{a['id']}/submit", token=token)
        for _ in range(50):
            serial = psql(self.db_url, f"SELECT serial FROM certificates WHERE enrolment_id = '{e['id']}' AND status = 'issued'")
            if serial:
                return serial
            time.sleep(0.2)
        return ""

    def person(self, email, full_name, password, roles=("learner",), centre="KYV"):
        st, body = http(self.base, "POST", "/api/v1/users", {"email": email, "full_name": full_name, "category": "official",
                        "position": "спеціаліст", "hromada": "Бучанська", "centre": centre, "roles": list(roles), "password": password}, self.admin)
        assert st == 201, body

    def client_env(self, who, **extra):
        """The environment of one person's terminal: their own config and cache folders."""
        e = dict(os.environ, XDG_CONFIG_HOME=os.path.join(self.tmp, who, "config"), XDG_CACHE_HOME=os.path.join(self.tmp, who, "cache"),
                 HOME=os.path.join(self.tmp, who), LANG="uk_UA.UTF-8", TZ="UTC")
        for k in ("HROMADA_TOKEN", "HROMADA_SERVER", "HROMADA_LANG", "LC_ALL", "NO_COLOR"):
            e.pop(k, None)
        e.update(extra)
        os.makedirs(e["HOME"], exist_ok=True)
        return e

    def cli(self, args, env, stdin=""):
        return subprocess.run([CLIENT, *args], env=env, input=stdin, capture_output=True, text=True, timeout=60)

    def close(self):
        self.stop()
        # A failed run keeps the server's log beside the script's (make test prints where).
        if not all(results):
            kept = os.path.join(ROOT, ".data", "e2e", os.path.basename(sys.argv[0]).replace(".py", "") + ".server.log")
            try:
                os.makedirs(os.path.dirname(kept), exist_ok=True)
                for name in sorted(os.listdir(self.tmp)):
                    if name.endswith(".log"):
                        with open(os.path.join(self.tmp, name), "rb") as src, open(kept, "ab") as out:
                            out.write(f"== {name}\n".encode() + src.read())
                print(f"the server's log: {kept}", flush=True)
            except OSError:
                pass
        try:
            psql(ADMIN_URL, f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.tmp, ignore_errors=True)


def fill_template(folder):
    """A `hromada pack new` folder with the starter template's placeholders (summary, author, the tag
    чернетка) replaced, as its author would before putting it in the catalogue."""
    path = os.path.join(folder, "course.yaml")
    text = open(path, encoding="utf-8").read()
    text = (text.replace("Короткий опис курсу для каталогу: для кого він і чого навчить.", "Курс для перевірки наскрізних сценаріїв.")
            .replace("Ім'я Автора", "Олена Коваль").replace("tags: [чернетка]", "tags: [перевірка]"))
    open(path, "w", encoding="utf-8").write(text)


class Tmux:
    """A terminal of a given size running one command, driven by keys and read as a screen.

    Each terminal has a tmux server of its own (its own socket, no configuration file): on the
    shared default server, a session started just as the previous test's last session closed met
    a server on its way out ("server exited unexpectedly") and failed a CI run."""

    def __init__(self, argv, env, columns=80, rows=24):
        self.name = "hromada-" + uuid.uuid4().hex[:8]
        command = " ".join("'" + a.replace("'", "'\\''") + "'" for a in argv)
        exports = " ".join(f"{k}='{v}'" for k, v in env.items() if k in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "HOME", "LANG", "TZ", "HROMADA_LANG", "NO_COLOR", "PATH", "PS1", "EDITOR", "VISUAL"))
        self._tmux("new-session", "-d", "-s", self.name, "-x", str(columns), "-y", str(rows),
                   f"env -i {exports} TERM=xterm-256color {command}; sleep 30")

    def _tmux(self, *args, capture=False):
        return subprocess.run(["tmux", "-L", self.name, "-f", "/dev/null", *args], capture_output=capture, text=True, check=True)

    def keys(self, *keys, pause=0.4):
        for k in keys:
            self._tmux("send-keys", "-t", self.name, k)
            time.sleep(pause)

    def screen(self):
        return self._tmux("capture-pane", "-p", "-t", self.name, capture=True).stdout

    def wait_for(self, text, timeout=15):
        """The screen once `text` is on it, or as it is after `timeout` seconds."""
        return self.wait_until(lambda s: text in s, timeout)

    def wait_until(self, ready, timeout=15):
        """The screen once `ready(screen)` holds and it has stopped changing (the same twice, 0.15 s
        apart: a capture can land while a program is still drawing, which on a loaded machine showed a
        lesson's title without the keys line under it), or as it is after `timeout` seconds."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            s = self.screen()
            if ready(s):
                time.sleep(0.15)
                again = self.screen()
                if again == s:
                    return s
                continue
            time.sleep(0.2)
        return self.screen()

    def close(self):
        subprocess.run(["tmux", "-L", self.name, "kill-server"], capture_output=True)
        path = os.path.join(os.environ.get("TMUX_TMPDIR", "/tmp"), f"tmux-{os.getuid()}", self.name)
        if os.path.exists(path):
            os.unlink(path)


if __name__ == "__main__":
    # `python3 e2e_support.py template NAME`: the database the worlds of this run copy (scripts/test.sh).
    import sys
    if len(sys.argv) != 3 or sys.argv[1] != "template":
        sys.exit("usage: e2e_support.py template NAME")
    psql(ADMIN_URL, f"CREATE DATABASE {sys.argv[2]}")
    set_up(database_env(sys.argv[2]))
