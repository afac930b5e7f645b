/// The Ukrainian of the client's option and argument help (the English is in each command).
extension HelpText {
    static let ukrainian: [String: String] = [
        "Print JSON.": "Вивести JSON.",
        "Print CSV.": "Вивести CSV.",
        "The course's slug.": "Ідентифікатор (slug) курсу.",
        "Course slug.": "Ідентифікатор (slug) курсу.",
        "Language: uk or en.": "Мова: uk або en.",
        "Language: uk or en (default: HROMADA_LANG, LC_ALL, LANG, else uk).": "Мова: uk або en (типово: HROMADA_LANG, LC_ALL, LANG, інакше uk).",
        "Server URL (default: HROMADA_SERVER, else the saved profile).": "Адреса сервера (типово: HROMADA_SERVER, інакше збережений профіль).",
        "Cohort id.": "Id групи.",
        "Centre code (default: your own).": "Код центру (типово: ваш).",
        "Centre code (default: your own; the association's admin: any).": "Код центру (типово: ваш; адміністратор асоціації — будь-який).",
        "Centre code (admins: any; centre admins: their own).": "Код центру (адміністратори — будь-який; адміністратори центрів — свій).",
        "Centre code (the association's admin: any).": "Код центру (адміністратор асоціації — будь-який).",
        "Centre code to look an email up in (default: your own).": "Код центру, де шукати адресу (типово: ваш).",
        "Width in columns (default: the terminal's, else 80).": "Ширина в символах (типово: ширина термінала, інакше 80).",
        "Read the password from standard input.": "Прочитати пароль зі стандартного входу.",
        "Only this course.": "Лише цей курс.",
        "Only this quiz (its id).": "Лише цей тест (його id).",
        "Only this lesson (its id).": "Лише цей урок (його id).",
        "Attempt id (or its first characters, for one in the queue).": "Id спроби (або його перші символи, для спроби в черзі).",
        "official or deputy (default: official).": "official (посадова особа) або deputy (депутат); типово official.",
        "learner, trainer, centre_admin or admin (repeatable; default: learner).": "learner, trainer, centre_admin або admin (можна кілька; типово learner).",
        "Your email.": "Ваша електронна пошта.",
        "Email (asked for when missing).": "Електронна пошта (запитається, якщо не вказано).",
        "With --csv: separate fields with ; and write decimals with a comma, for a spreadsheet set to Ukrainian.":
            "З --csv: поля через ; і десяткова кома, як читає табличний редактор з українськими налаштуваннями.",
        "Title of the cohort.": "Назва групи.",
        "The root's CRL of revoked centre keys (PEM); offline.": "CRL кореня з відкликаними ключами центрів (PEM); офлайн.",
        "The release with the corrected key.": "Випуск із виправленим ключем.",
        "The release whose attempts are regraded.": "Випуск, спроби якого переоцінюються.",
        "The quiz's id.": "Id тесту.",
        "The quiz's id (hromada progress SLUG --json lists them).": "Id тесту (їх показують hromada course show SLUG і hromada progress SLUG).",
        "The person's id or email.": "Id або електронна пошта людини.",
        "The pack folder.": "Тека пакета.",
        "The pack folder (holding course.yaml).": "Тека пакета (з course.yaml).",
        "The invitation link, or its token.": "Посилання із запрошення або його токен.",
        "The essay question's id (hromada grading show lists them).": "Id питання-есе (їх показує hromada grading show).",
        "The course's slug: a-z, 0-9 and '-', 3 to 64 characters.": "Slug курсу: a-z, 0-9 і «-», від 3 до 64 символів.",
        "The certificate's serial, e.g. UA-KYV-2026-000123-29 (hromada certificates lists yours).":
            "Номер сертифіката, наприклад UA-KYV-2026-000123-29 (ваші показує hromada certificates).",
        "The certificate document (SERIAL.json).": "Документ сертифіката (НОМЕР.json).",
        "The centre's list of revoked certificates (revoked.json); offline.": "Список відкликаних сертифікатів центру (revoked.json); офлайн.",
        "The association's root certificate (PEM): check offline.": "Кореневий сертифікат асоціації (PEM): перевірка офлайн.",
        "That list's detached signature (default: its path + .p7s).": "Відокремлений підпис цього списку (типово: його шлях + .p7s).",
        "Seed of the quiz draw (the same seed draws the same attempt).": "Зерно вибірки питань (те саме зерно дає ту саму спробу).",
        "Search titles and summaries.": "Шукати в назвах і описах.",
        "Remove every trainer (the course is then the admin's alone).": "Прибрати всіх тренерів (тоді курсом опікується лише адміністратор).",
        "Read the downloaded copy without trying the server.": "Читати завантажену копію, не звертаючись до сервера.",
        "Print JSON: {slug, version, lessons, files, folder}.": "Вивести JSON: {slug, version, lessons, files, folder}.",
        "Print JSON: {sent: [...], refused: [...], pending: [...]}.": "Вивести JSON: {sent: [...], refused: [...], pending: [...]}.",
        "Points awarded.": "Нараховані бали.",
        "Pack folders (each holding course.yaml).": "Теки пакетів (у кожній course.yaml).",
        "Open this lesson (its id) instead of where you left off.": "Відкрити цей урок (його id), а не той, де ви зупинилися.",
        "Only people whose account is invited, active or deactivated.": "Лише люди зі станом invited, active або deactivated.",
        "Only letters in this state: pending, sending, sent, failed, cancelled.": "Лише листи в цьому стані: pending, sending, sent, failed, cancelled.",
        "Mark the lesson complete and exit.": "Позначити урок завершеним і вийти.",
        "Mark the answer keys.": "Позначити правильні відповіді.",
        "Make this person a trainer of the course (repeat for several; replaces the list).":
            "Зробити цю людину тренером курсу (можна кілька; замінює список).",
        "Last day, YYYY-MM-DD.": "Останній день, РРРР-ММ-ДД.",
        "First day, YYYY-MM-DD.": "Перший день, РРРР-ММ-ДД.",
        "Enrolled until, YYYY-MM-DD.": "Записані до, РРРР-ММ-ДД.",
        "Enrolled from, YYYY-MM-DD.": "Записані від, РРРР-ММ-ДД.",
        "Language of the person's letters: uk or en (default: uk).": "Мова листів людини: uk або en (типово uk).",
        "Its detached signature (default: the document's path + .p7s).": "Його відокремлений підпис (типово: шлях документа + .p7s).",
        "Folder to save into (default: the current folder).": "Тека для збереження (типово: поточна).",
        "Folder to create (default: SLUG).": "Тека, яку створити (типово: SLUG).",
        "Email of a registered person (repeatable).": "Електронна пошта зареєстрованої людини (можна кілька).",
        "Course title.": "Назва курсу.",
        "Check this serial on the server (no files).": "Перевірити цей номер на сервері (без файлів).",
        "Calendar year (default: this year).": "Календарний рік (типово: поточний).",
        "CSV file of people.": "CSV-файл із людьми.",
        "At most this many attempts.": "Щонайбільше стільки спроб.",
        "Also save the printed copy (PDF).": "Також зберегти друкований примірник (PDF).",
        "A comment the learner will see.": "Коментар, який побачить слухач.",
        "Start a new attempt at a quiz already passed without asking.": "Без запитання.",
        "Only the course's drafts (trainers and admins).": "Лише чернетки курсу (для тренерів і адміністраторів).",
        "Store it as a draft: only trainers and admins see it until hromada course release.":
            "Зберегти як чернетку: її бачать лише тренери й адміністратори до hromada course release.",
        "The version to release, e.g. 1.0.0.": "Версія для випуску, наприклад 1.0.0.",
    ]

    /// The Ukrainian of the discussions of the commands a new user meets first, by command path.
    static let discussions: [String: String] = [
        "": """
            Коди виходу: 0 — гаразд, 1 — помилка, 2 — неправильний виклик, 3 — ви не увійшли, 4 — сервер недоступний.
            Мова виводу й довідки: --lang uk|en, інакше HROMADA_LANG, LC_ALL, LANG; типово українська.
            Приклад: hromada login --server https://learn.hromada.example
            """,
        "login": """
            Питає адресу й пароль (пароль не видно під час набору). З --password-stdin пароль читається зі
            стандартного входу — для скриптів.
            Приклад: hromada login --server http://127.0.0.1:8080
            """,
        "enrol": """
            Повторний запис залишає перший. --json виводить запис на курс.
            Приклад: hromada enrol local-self-government
            """,
        "quiz": """
            Розпочинає спробу або продовжує незавершену з першого питання без відповіді й ставить питання по одному.
            Відповідайте номером варіанта; кілька номерів — через кому (1,3); т/н, y/n або 1/2 для так/ні; номери
            в потрібному порядку для впорядкування (3 1 2); номер для кожного лівого елемента відповідності; рядок
            тексту для короткої й числової відповіді; есе закінчується порожнім рядком.
            Enter пропускає, b (або н, крім питань так/ні) — назад, - стирає відповідь, q або Ctrl-C — вихід. Кожну
            відповідь зберігається одразу, тож закритий термінал нічого не губить. Залишок часу видно з кожним
            питанням. Перед поданням ви бачите, що лишилося без відповіді, і підтверджуєте (т/y).
            Тест, який уже складено, не починається знову без запитання: нова спроба витрачає одну з дозволених і
            запускає таймер, тому команда питає (т/y), якщо не додано --yes.
            --json виводить спробу наприкінці: подану, закриту за часом або збережену.
            Id тестів показують hromada course show SLUG і hromada progress SLUG.
            Приклад: hromada quiz council-deputy quiz-status
            """,
        "users": """
            Люди центру для його адміністраторів (і адміністратора асоціації): додати одну людину (users add) чи
            файлом (users import) — кожній надійде запрошення; список, одна людина, нове запрошення, вимкнення.
            """,
        "outbox": """
            Де кожен лист із запрошенням чи скиданням пароля, найновіші вгорі; ніколи не те, що в ньому (там
            одноразове посилання). Адміністратор центру бачить листи свого центру, адміністратор асоціації — усі
            (або --centre). --status: pending, sending, sent, failed або cancelled.
            --json виводить [{id, user_id, to, kind, status, attempts, last_error, created_at, sent_at, next_attempt_at}].
            Приклад: hromada outbox --status failed
            """,
        "course release": """
            Для тренерів курсу й адміністратора: чернетка (hromada pack publish --draft) потрапляє до каталогу, нові
            записи отримують її. Спершу сервер перевіряє її як для каталогу: заготовки шаблону не пропускаються
            (вихід 1, нічого не змінено). Уже випущена версія лишається як є.
            --json виводить {slug, version, hash, released}.
            Приклад: hromada course release budget-basics 0.1.0
            """,
        "pack publish": """
            Потрібен вхід тренера чи адміністратора. Без --draft версія одразу потрапляє до каталогу для всіх
            слухачів. З --draft вона зберігається лише для тренерів курсу й адміністратора: вони її бачать
            (hromada course show SLUG) і можуть записатися, щоб спробувати; hromada course release SLUG ВЕРСІЯ
            потім випускає її в каталог. Заготовки шаблону (опис, автор, тег «чернетка») — попередження в чернетці
            й помилки для каталогу. Той самий зміст тієї самої версії вдруге нічого не змінює (без --draft —
            випускає таку чернетку); інший зміст під тим самим номером відхиляється.
            --json виводить відповідь сервера {slug, version, hash, warnings, created, draft}.
            Приклад: hromada pack publish --draft courses/local-self-government
            """,
    ]
}
