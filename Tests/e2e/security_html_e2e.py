"""Lesson HTML in a real browser: no payload a trainer writes in a lesson runs script.

A real `hromada-server` on a fresh database. Each payload (issue 21's five, then known XSS vectors
in Markdown) is published as a course of its own with `hromada-server courses import`; a learner
enrols and reads the lesson's `html` through the HTTP API. Each `html` is written into a page that
records any handler that fires (`alert`, `prompt`, `confirm`, `document.title`, `window.name`),
then dispatches the usual events to every element of the lesson, and finally lists, as the browser
itself parsed them, any element outside the allow-list, any `on*` or `style` attribute, and any
link or image whose URL the browser resolves to `javascript:`, `vbscript:` or `data:`. Headless
Chromium loads the page and dumps the DOM; the check passes when nothing was recorded.

A payload the validator refuses at publish (a link to no file of the pack) stores nothing and
passes. A lesson stored the old way (a row written without the filter) is read too: filtered on
read, then made safe in the database when the server starts again.

Set HROMADA_E2E_SERVER to run against another server binary (to show an older one fails).
Prints `N passed, M failed`; exits non-zero on failure.
"""
import json, os, re, shutil, subprocess, sys, tempfile
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(__file__))
import e2e_support as S  # noqa: E402

if os.environ.get("HROMADA_E2E_SERVER"):
    S.SERVER = os.environ["HROMADA_E2E_SERVER"]

ALERT = "alert(1)"
PAYLOADS = [
    # Issue 21: three of these fired in Chromium, and the tab passed the scheme check.
    ("fence info string", "```x\"><img src=x onerror=alert(1)>\nlet a = 1\n```\n"),
    ("unclosed backtick", "Код `не закрито <img src=x onerror=alert(1)> далі\n"),
    ("tilde fence", "~~~\n<img src=x onerror=alert(1)>\n~~~\n"),
    ("tab in a link's scheme", "[x](java\tscript:alert(1))\n"),
    ("raw script", "<script>alert(1)</script>\n"),
    # Known vectors, in Markdown.
    ("image alt quote", "![a\" onerror=\"alert(1)](x.png)\n"),
    ("link target quote", "[a](x.pdf\" onclick=\"alert(1))\n"),
    ("link title quote", "[a](x.pdf \"t\" onmouseover=\"alert(1)\")\n"),
    ("javascript link", "[x](javascript:alert(1))\n"),
    ("mixed case scheme", "[x](JaVaScRiPt:alert(1))\n"),
    ("angle bracket target", "[x](<javascript:alert(1)>)\n"),
    ("reference definition", "[x][r]\n\n[r]: javascript:alert(1)\n"),
    ("data url image", "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIi8+)\n"),
    ("entity scheme", "[x](&#106;avascript:alert(1))\n"),
    ("table cell", "| a | b |\n|---|---|\n| <img src=x onerror=alert(1)> | `x` |\n"),
    ("heading", "# <svg onload=alert(1)>\n"),
    ("emphasis", "**<img src=x onerror=alert(1)>** *<body onload=alert(1)>*\n"),
    ("quote fence", "> ```x\"><img src=x onerror=alert(1)>\n"),
    ("list fence", "- ```x\"><img src=x onerror=alert(1)>\n"),
    ("text after closing fence", "```\ncode\n``` <img src=x onerror=alert(1)>\n"),
    ("indented fence after text", "text\n  ```x\"><img src=x onerror=alert(1)>\n  ```\n"),
    ("escaped backtick", "\\`<img src=x onerror=alert(1)>`\n"),
    ("double backtick", "``<img src=x onerror=alert(1)>``\n"),
    ("comment", "<!-- x --><img src=x onerror=alert(1)>\n"),
    ("iframe", "<iframe src=javascript:alert(1)></iframe>\n"),
    ("meta refresh", "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert(1);\">\n"),
    ("style expression", "<style>*{background:url(javascript:alert(1))}</style><div style=\"x:expression(alert(1))\">d</div>\n"),
    ("tilde fence with info", "~~~x\"><img src=x onerror=alert(1)>\ncode\n~~~\n"),
    ("long fence", "````\n```\n<img src=x onerror=alert(1)>\n````\n"),
]

ALLOWED = ["A", "IMG", "CODE", "OL", "TH", "TD", "HR", "BR", "H1", "H2", "H3", "H4", "H5", "H6", "P", "UL", "LI", "EM",
           "STRONG", "S", "DEL", "PRE", "BLOCKQUOTE", "TABLE", "THEAD", "TBODY", "TR"]

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>lesson</title><script>
window.__fired = [];
function __hit(what) { window.__fired.push(String(what)); }
window.alert = window.prompt = window.confirm = function (x) { __hit('alert:' + x); };
</script></head><body><div id="lesson">%s</div><script>
(function () {
  var lesson = document.getElementById('lesson');
  var kinds = ['mouseover', 'mouseenter', 'click', 'focus', 'blur', 'error', 'load', 'toggle', 'animationstart', 'input'];
  lesson.querySelectorAll('*').forEach(function (el) {
    kinds.forEach(function (k) { try { el.dispatchEvent(new Event(k)); } catch (e) {} });
  });
  setTimeout(function () {
    var allowed = %s, found = [];
    document.querySelectorAll('#lesson *').forEach(function (el) {
      if (allowed.indexOf(el.tagName) < 0) found.push('element:' + el.tagName);
      for (var i = 0; i < el.attributes.length; i++) {
        var n = el.attributes[i].name.toLowerCase();
        if (n.indexOf('on') === 0 || n === 'style') found.push('attribute:' + n);
      }
      ['href', 'src'].forEach(function (a) {
        if (!el.hasAttribute(a)) return;
        var p = new URL(el.getAttribute(a), 'http://lesson.example/').protocol;
        if (p === 'javascript:' || p === 'vbscript:' || p === 'data:') found.push('url:' + a + '=' + p);
      });
    });
    // The page's own two scripts, and the lesson's box the body's only other child: nothing got out of it.
    if (document.scripts.length !== 2) found.push('scripts:' + document.scripts.length);
    if (document.body.children.length !== 2) found.push('outside the lesson:' + document.body.children.length);
    if (document.title !== 'lesson') __hit('title:' + document.title);
    if (window.name) __hit('name:' + window.name);
    var out = document.createElement('pre');
    out.id = 'verdict';
    out.textContent = 'VERDICT ' + JSON.stringify({fired: window.__fired, found: found});
    document.body.appendChild(out);
  }, 300);
})();
</script></body></html>"""


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return None


def verdict(browser, html, workdir, index):
    """What the browser recorded for a page holding `html`: (fired, found), or None if it said nothing."""
    page = os.path.join(workdir, f"lesson-{index}.html")
    with open(page, "w", encoding="utf-8") as f:
        f.write(PAGE % (html, json.dumps(ALLOWED)))
    profile = tempfile.mkdtemp(dir=workdir)
    run = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                          f"--user-data-dir={profile}", "--virtual-time-budget=3000", "--dump-dom", "file://" + page],
                         capture_output=True, text=True, timeout=120)
    m = re.search(r'<pre id="verdict">VERDICT (.*?)</pre>', run.stdout, re.S)
    if m:
        data = json.loads(m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&"))
        return data["fired"], data["found"]
    return None


def write_pack(root, slug, markdown):
    os.makedirs(os.path.join(root, "lessons"))
    with open(os.path.join(root, "course.yaml"), "w", encoding="utf-8") as f:
        f.write(f"""format: hromada-pack/1
slug: {slug}
version: 1.0.0
language: uk
title: Перевірка безпеки {slug}
summary: Урок з пасткою для браузера.
audience: [official]
hours: 6
programme: short-term
modules:
  - id: only
    title: Єдиний модуль
    items:
      - lesson: lessons/01-trap.md
completion:
  lessons: all
certificate: false
""")
    # The files the payloads link to, so that a payload is refused only for what it is.
    for name in ("x.png", "x.pdf", "i.png"):
        with open(os.path.join(root, "lessons", name), "wb") as f:
            f.write(b"\x89PNG\r\n\x1a\n" if name.endswith(".png") else b"%PDF-1.4\n")
    with open(os.path.join(root, "lessons", "01-trap.md"), "w", encoding="utf-8") as f:
        f.write("---\nid: trap\ntitle: Пастка\nminutes: 5\n---\nВступ.\n\n" + markdown)


def main():
    browser = chromium()
    if not S.check("chromium is installed (scripts/deps.sh)", browser, "no chromium on PATH"):
        return S.summary()
    world = S.E2E()
    workdir = tempfile.mkdtemp()
    try:
        world.person("learner@e2e.example", "Учень Тестовий", "Learner-Pass-1")
        token = S.http(world.base, "POST", "/api/v1/auth/login", {"email": "learner@e2e.example", "password": "Learner-Pass-1"})[1]["token"]
        lessons = []  # (name, html)
        for i, (name, markdown) in enumerate(PAYLOADS):
            slug = f"xss-check-{i:02d}"
            pack = os.path.join(workdir, slug)
            write_pack(pack, slug, markdown)
            imported = subprocess.run([S.SERVER, "courses", "import", pack], env=world.env, capture_output=True, text=True)
            if imported.returncode != 0:
                S.check(f"{name}: refused at publish, nothing stored", S.psql(world.db_url, f"SELECT count(*) FROM course_versions WHERE slug = '{slug}'") == "0",
                        imported.stdout + imported.stderr)
                continue
            st, e = S.http(world.base, "POST", f"/api/v1/courses/{slug}/enrolments", token=token)
            st, lesson = S.http(world.base, "GET", f"/api/v1/enrolments/{e['id']}/lessons/trap", token=token)
            if S.check(f"{name}: the lesson is read through the API", st == 200, lesson):
                lessons.append((name, lesson["html"]))

        # A lesson stored before the filter: a row written with the author's HTML as it came.
        unsafe = "<p>Старий</p><img src=x onerror=alert(1)><a href=\"java&#9;script:alert(1)\">л</a><script>alert(1)</script>"
        version = S.psql(world.db_url, "SELECT version_id FROM course_lessons ORDER BY version_id LIMIT 1")
        S.psql(world.db_url, f"""INSERT INTO course_lessons (version_id, id, module_id, position, title, minutes, path, markdown, html, markdown_json, html_json)
            SELECT version_id, 'old-trap', module_id, 99, 'Старий', 3, 'lessons/old.md', 'Старий', $u${unsafe}$u$, to_json('Старий'::text)::text,
                   to_json($u${unsafe}$u$::text)::text FROM course_lessons WHERE version_id = '{version}' LIMIT 1""")
        slug = S.psql(world.db_url, f"SELECT slug FROM course_versions WHERE id = '{version}'")
        st, e = S.http(world.base, "POST", f"/api/v1/courses/{slug}/enrolments", token=token)
        st, lesson = S.http(world.base, "GET", f"/api/v1/enrolments/{e['id']}/lessons/old-trap", token=token)
        if S.check("a lesson stored before the filter is read through the API", st == 200, lesson):
            lessons.append(("stored before the filter, read", lesson["html"]))
        world.stop()
        world.start()
        stored = S.psql(world.db_url, "SELECT html FROM course_lessons WHERE id = 'old-trap'")
        S.check("the server's start filtered the stored lesson in the database",
                "onerror" not in stored and "<script" not in stored and "script:" not in stored, stored)
        st, lesson = S.http(world.base, "GET", f"/api/v1/enrolments/{e['id']}/lessons/old-trap", token=token)
        if S.check("the stored lesson is read again after the restart", st == 200, lesson):
            lessons.append(("stored before the filter, after restart", lesson["html"]))

        with ThreadPoolExecutor(max_workers=2) as pool:
            verdicts = list(pool.map(lambda p: verdict(browser, p[1][1], workdir, p[0]), enumerate(lessons)))
        for (name, html), v in zip(lessons, verdicts):
            if v is None:
                S.check(f"{name}: the browser loaded the page", False, "no verdict in the DOM (the page broke?) html=" + html)
                continue
            fired, found = v
            S.check(f"{name}: no handler fired in Chromium", not fired, f"fired={fired} html={html}")
            S.check(f"{name}: only allowed elements, attributes and URLs", not found, f"found={found} html={html}")
    finally:
        world.close()
        shutil.rmtree(workdir, ignore_errors=True)
    return S.summary()


if __name__ == "__main__":
    sys.exit(main())
