#!/usr/bin/env python3
"""A learner's day in the terminal, driven in an 80×24 tmux window as a person would, in Ukrainian
and then in English: log in, enrol, read the lessons and mark them complete in `hromada learn`,
start the timed final test in `hromada quiz`, lose the connection in the middle (the server is
stopped), come back, resume the same attempt with the saved answers, submit, see the result, then
download the certificate and verify it.

Run by `make test` (scripts/test.sh), which exports HROMADA_TEST_DATABASE_URL.
Prints one line per check and 'N passed, M failed'; exits non-zero on any failure.
"""
import glob, json, os, subprocess, sys, time, uuid

sys.path.insert(0, os.path.dirname(__file__))
from e2e_support import E2E, Tmux, check, documented_fields, fill_template, psql, summary, CLIENT, SERVER  # noqa: E402

SLUG = "budget-day"
# The template pack's final test draws 2 of these 3 questions (quizzes/bank.gift of `hromada pack new`).
KEYS = {"Хто затверджує місцевий бюджет?": "рада", "Рішення ради оприлюднюють.": True, "Скільки годин становить 1 кредит ЄКТС?": "30"}
WORDS = {
    "uk": {"lesson": "урок {} з 2", "keys": "q вихід", "question": "Питання {} з 2", "lost": "Зв'язок із сервером втрачено",
           "resumed": "Продовжуємо спробу 1: збережено відповіді на 1 з", "confirm": "Подати спробу?", "yes": "т", "result": "(100%) — складено", "valid": "сертифікат справжній",
           "true": "т"},
    "en": {"lesson": "lesson {} of 2", "keys": "q quit", "question": "Question {} of 2", "lost": "The connection to the server is lost",
           "resumed": "Resuming attempt 1: 1 of", "confirm": "Submit the attempt?", "yes": "y", "result": "(100%) — passed", "valid": "the certificate is genuine",
           "true": "y"},
}


def answer_line(screen, question_text, true_word):
    """What to type for the question on screen: an option's number, t/y, or a number."""
    key = KEYS[question_text]
    if key is True:
        return true_word
    if key == "30":
        return "30"
    for line in screen.splitlines():
        line = line.strip()
        if line.endswith(") " + key) or line.endswith(") " + key.capitalize()):
            return line.split(")")[0]
    return "?"


def current_question(screen):
    """The last question text shown on the screen."""
    found = None
    for text in KEYS:
        at = screen.rfind(text)
        if at >= 0 and (found is None or at > found[1]):
            found = (text, at)
    return found[0] if found else None


def fits(screen):
    rows = screen.rstrip("\n").split("\n")
    return len(rows) <= 24 and all(len(r) <= 80 for r in rows)


def day(w, lang, email, password):
    words = WORDS[lang]
    screens = os.environ.get("HROMADA_E2E_SCREENS")

    def keep(name, screen):
        """With HROMADA_E2E_SCREENS=DIR, each captured screen is saved there for a person to read."""
        if screens:
            os.makedirs(screens, exist_ok=True)
            with open(os.path.join(screens, f"{lang}-{name}.txt"), "w") as f:
                f.write(screen)

    env = w.client_env("learner-" + lang, LANG="uk_UA.UTF-8" if lang == "uk" else "en_US.UTF-8")
    shell = Tmux(["bash", "--norc", "--noprofile"], dict(env, PS1="$ "))
    try:
        def run(command, timeout=20):
            """Types the command; returns the screen once it has finished (its exit status shown as exit=N)."""
            shell.keys("clear", "Enter", pause=0.2)
            shell.keys(command + '; echo "ex""it=$?"', "Enter", pause=0.2)
            return shell.wait_for("exit=", timeout)

        shell.keys("clear", "Enter", f"{CLIENT} login --server {w.base} --email {email}", "Enter", pause=0.3)
        shell.wait_for("арол" if lang == "uk" else "assword")
        shell.keys(password, "Enter")
        screen = shell.wait_for("Вітаємо" if lang == "uk" else "Welcome")
        check(f"[{lang}] log in: the password is not shown and the greeting is",
              password not in screen and ("Вітаємо" in screen or "Welcome" in screen), screen)
        screen = run(f"{CLIENT} enrol {SLUG}")
        check(f"[{lang}] enrol", psql(w.db_url, f"SELECT count(*) FROM enrolments e JOIN users u ON u.id = e.user_id WHERE u.email = '{email}'") == "1", screen)

        # Read both lessons in the reader and mark them complete.
        shell.keys("clear", "Enter", f"{CLIENT} learn {SLUG}", "Enter", pause=0.3)
        screen = shell.wait_for(words["lesson"].format(1))
        keep("learn", screen)
        check(f"[{lang}] learn opens lesson 1 with the keys shown, readable at 80 columns",
              words["lesson"].format(1) in screen and words["keys"] in screen and fits(screen), screen)
        shell.keys("c", "n", "c")
        screen = shell.wait_for(words["lesson"].format(2))
        check(f"[{lang}] lesson 2 marked complete", "✓" in screen and fits(screen), screen)
        shell.keys("q")
        time.sleep(0.5)
        done = psql(w.db_url, f"SELECT count(*) FROM lesson_progress p JOIN enrolments e ON e.id = p.enrolment_id "
                              f"JOIN users u ON u.id = e.user_id WHERE u.email = '{email}'")
        check(f"[{lang}] both lessons are complete on the server", done == "2", done)

        # The timed final test: one answer, then the connection goes.
        shell.keys("clear", "Enter", f"{CLIENT} quiz {SLUG} final", "Enter", pause=0.3)
        screen = shell.wait_for(words["question"].format(1))
        check(f"[{lang}] the final test starts with a countdown, at 80 columns",
              words["question"].format(1) in screen and ("залишилось" in screen or "left" in screen) and fits(screen), screen)
        first = current_question(screen)
        shell.keys(answer_line(screen, first, words["true"]), "Enter")
        screen = shell.wait_for(words["question"].format(2))
        saved = psql(w.db_url, f"SELECT answers::text FROM attempts a JOIN enrolments e ON e.id = a.enrolment_id "
                               f"JOIN users u ON u.id = e.user_id WHERE u.email = '{email}'")
        check(f"[{lang}] the first answer is saved on the server", saved not in ("", "{}"), saved)
        w.stop()
        second = current_question(screen)
        shell.keys(answer_line(screen, second, words["true"]), "Enter")
        screen = shell.wait_for(words["lost"], timeout=30)
        keep("connection-lost", screen)
        check(f"[{lang}] with the server stopped, the client retries, then says how to resume, readable at 80 columns",
              words["lost"] in screen and f"quiz {SLUG} final" in screen and fits(screen), screen)

        # Back: the same attempt resumes at the unsaved question, with the first answer kept.
        w.start()
        shell.keys("clear", "Enter", f"{CLIENT} quiz {SLUG} final", "Enter", pause=0.3)
        screen = shell.wait_for(words["resumed"])
        keep("resumed", screen)
        check(f"[{lang}] running it again resumes attempt 1 with 1 of 2 answers saved",
              words["resumed"] in screen and "1" in screen and fits(screen), screen)
        attempts = psql(w.db_url, f"SELECT count(*) FROM attempts a JOIN enrolments e ON e.id = a.enrolment_id "
                                  f"JOIN users u ON u.id = e.user_id WHERE u.email = '{email}'")
        check(f"[{lang}] still one attempt", attempts == "1", attempts)
        screen = shell.wait_for(words["question"].format(2))
        question = current_question(screen)
        shell.keys(answer_line(screen, question, words["true"]), "Enter")
        screen = shell.wait_for(words["confirm"])
        check(f"[{lang}] the summary before submitting", words["confirm"] in screen and fits(screen), screen)
        shell.keys(words["yes"], "Enter")
        screen = shell.wait_for(words["result"])
        keep("result", screen)
        check(f"[{lang}] the result: 100 %, passed", words["result"] in screen and fits(screen), screen)

        # The certificate: listed, downloaded, verified offline against the root and online.
        for _ in range(50):
            if psql(w.db_url, f"SELECT count(*) FROM certificates c JOIN users u ON u.id = c.user_id WHERE u.email = '{email}' AND c.status = 'issued'") == "1":
                break
            time.sleep(0.2)
        serial = psql(w.db_url, f"SELECT serial FROM certificates c JOIN users u ON u.id = c.user_id WHERE u.email = '{email}'")
        screen = run(f"{CLIENT} certificates")
        check(f"[{lang}] hromada certificates lists it", serial and serial in screen and fits(screen), screen)
        documented = documented_fields(w.cli(["certificates", "--help"], env).stdout)
        p = w.cli(["certificates", "--json"], env)
        try:
            listed = json.loads(p.stdout)
            fields = set(listed[0]) if listed else None
        except ValueError:
            listed, fields = [], None
        check(f"[{lang}] certificates --json parses and has the documented fields {sorted(documented or [])}",
              documented and fields == documented and listed[0].get("serial") == serial, (fields, documented, p.stdout[:300]))
        folder = os.path.join(w.tmp, "certs-" + lang)
        os.makedirs(folder, exist_ok=True)
        screen = run(f"cd {folder} && {CLIENT} certificate get {serial} --pdf")
        files = sorted(os.path.basename(f) for f in glob.glob(os.path.join(folder, "*")))
        check(f"[{lang}] certificate get saves the document, its signature and the PDF",
              files == sorted([f"{serial}.json", f"{serial}.json.p7s", f"{serial}.pdf"]), (files, screen))
        document = next((os.path.join(folder, f) for f in files if f.endswith(".json")), "")
        screen = run(f"{CLIENT} verify {document} --server {w.base}")
        keep("verify", screen)
        check(f"[{lang}] hromada verify: valid, exit 0, at 80 columns", words["valid"] in screen and "exit=0" in screen and fits(screen), screen)
    finally:
        shell.close()


def main():
    keys = None
    w = None
    try:
        w = E2E(admin_email="admin@day.example")
        # A development chain (root, a key per centre) and the template course, which issues certificates.
        keys = os.path.join(w.tmp, "keys")
        os.makedirs(keys, mode=0o700)
        passphrase = os.path.join(w.tmp, "key-passphrase")
        with open(os.open(passphrase, os.O_WRONLY | os.O_CREAT, 0o600), "w") as f:
            f.write(uuid.uuid4().hex + "\n")
        w.stop()
        w.env.update(HROMADA_KEYS_DIR=keys, HROMADA_KEY_PASSPHRASE_FILE=passphrase, HROMADA_PUBLIC_URL=w.base)
        w.env.pop("HROMADA_KEY_PASSPHRASE", None)
        subprocess.run([SERVER, "ca", "dev-setup"], env=w.env, capture_output=True, check=True)
        pack = os.path.join(w.tmp, SLUG)
        subprocess.run([CLIENT, "pack", "new", SLUG, "--title", "Бюджет громади за день", "--into", pack], capture_output=True, check=True)
        fill_template(pack)
        subprocess.run([SERVER, "courses", "import", pack], env=w.env, capture_output=True, check=True)
        w.start()
        w.person("olena@day.example", "Олена Коваль", "Olena-Day-Pass-1")
        w.person("mark@day.example", "Mark Hale", "Mark-Day-Pass-1")
        day(w, "uk", "olena@day.example", "Olena-Day-Pass-1")
        day(w, "en", "mark@day.example", "Mark-Day-Pass-1")
    finally:
        if w:
            w.close()
    return summary()


if __name__ == "__main__":
    sys.exit(main())
