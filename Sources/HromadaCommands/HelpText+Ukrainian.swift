/// The Ukrainian of the client's option and argument help (the English is in each command).
extension HelpText {
    static let firstUkrainian: [String: String] = [
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
    static let firstDiscussions: [String: String] = [
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
        "activate": """
            Дайте посилання з листа-запрошення або лише його токен (те, що після t=). Пароль питається двічі й не
            видно під час набору; з --password-stdin він читається один раз зі стандартного входу — для скриптів.
            Сервер — той, що в посиланні, якщо --server чи HROMADA_SERVER не називають інший.
            Посилання діє один раз, 14 днів; старе відхиляється (попросіть у центру нове запрошення).
            Приклад: hromada activate 'https://hromada.example/activate?t=…'
            """,
        "whoami": """
            --json виводить {id, email, full_name, category, position, hromada, hromada_code, centre, roles, created_at, status}.
            Приклад: hromada whoami --json
            """,
        "logout": "Приклад: hromada logout",
        "password change": """
            Питає поточний пароль і двічі новий; жоден не видно під час набору. Цей сеанс триває; усі інші
            (інший комп'ютер, телефон) завершуються.
            Приклад: hromada password change
            """,
        "password reset": """
            Якщо адреса належить активному обліковому запису, на неї піде лист із посиланням, що діє годину;
            відповідь однакова в будь-якому разі. Сторінка за посиланням у браузері задає новий пароль.
            Приклад: hromada password reset olena@hromada.example --server https://hromada.example
            """,
        "courses": """
            --json виводить [{slug, title, summary, language, audience, hours, credits, version}].
            Приклад: hromada courses --search бюджет
            """,
        "course show": """
            Зміст курсу: модулі, уроки й тести — кожен тест з id, який бере hromada quiz.
            Чернетку (для тренерів курсу й адміністратора) позначено.
            --json виводить {slug, title, summary, language, programme, version, audience, hours, credits, certificate, content_hash, modules: [{id, title, items: [{type, id, title}]}], draft}.
            Приклад: hromada course show council-deputy
            """,
        "course download": """
            Зберігає уроки версії, на яку ви записані, і файли, які вони показують, у кеші ($XDG_CACHE_HOME/hromada,
            інакше ~/.cache/hromada); hromada learn читає їх, коли сервер недоступний. Повторний запуск оновлює
            копію. Тести лишаються онлайн.
            Приклад: hromada course download council-deputy
            """,
        "course trainers": """
            Без --set показує тренерів курсу (для його тренерів і адміністратора асоціації). З --set адміністратор
            асоціації робить названих людей тренерами курсу, замінюючи список; кожен має мати роль тренера.
            --json виводить {slug, trainers: [{id, email, full_name, centre}]}.
            Приклад: hromada course trainers council-deputy --set olena@example.org --set taras@example.org
            """,
        "learn": """
            Відкриває курс там, де ви зупинилися (перший незавершений урок). У терміналі: пробіл або ↓ гортає,
            b або ↑ — назад, n і p — наступний і попередній урок, o — зміст (з тестами та їхніми id), c позначає
            урок завершеним, q — вихід. Коли сервер недоступний, читається копія з hromada course download, а
            позначки зберігаються, доки hromada sync (чи наступна команда) не надішле їх із часом, коли їх
            зроблено. Якщо вивід не в термінал, урок виводиться простим текстом. NO_COLOR вимикає кольори.
            Приклад: hromada learn council-deputy
            Приклад: hromada learn council-deputy --lesson ethics-codes --complete
            """,
        "sync": """
            Надсилає кожну позначку з часом, коли її зроблено. Повторний запуск нічого не надсилає двічі: сервер
            зберігає першу позначку уроку. Інші команди, що звертаються до сервера, теж їх надсилають.
            Код виходу 4, коли сервер недоступний (позначки лишаються в черзі).
            Приклад: hromada sync
            """,
        "progress": """
            Без SLUG — усі програми й усі записи на курси. Із SLUG — цей курс, ще й кожен урок із часом
            завершення, або ця програма з її частинами. Кожен тест — з id у дужках і, доки не складено, командою
            hromada quiz. --json виводить записи на курси так, як їх дає API (програму — hromada programme enrol SLUG --json).
            Приклад: hromada progress local-self-government
            """,
        "cpd": """
            --json виводить {year, items: [{source, slug, title, version, hours, credits, completed_at, certificate}], total_hours, total_credits}.
            Приклад: hromada cpd --year 2026
            """,
        "certificates": """
            Рядок на сертифікат: номер, курс, стан (виданий, підписується, відкликаний) і дата видачі.
            --json виводить [{serial, status, issued_at, revoked_at, revocation_code, digest, enrolment_id, event_registration_id, course: {slug, title, version}}].
            Приклад: hromada certificates
            Приклад: hromada certificate get UA-KYV-2026-000123-29
            """,
        "certificate get": """
            Зберігає НОМЕР.json (підписаний документ) і НОМЕР.json.p7s (його відокремлений підпис CMS) байт у байт,
            як їх підписано, з --pdf — ще й друкований примірник НОМЕР.pdf, а з --badge — бейдж Open Badges 3.0
            НОМЕР.jwt (для гаманця чи профілю), у --dir (типово: поточна тека); потім
            показує, як перевірити їх без сервера: завантажити root.pem, root-crl.pem і revoked.json центру з
            підписом, перевірити openssl і hromada verify з усіма трьома списками. Для слухача й адміністраторів
            його центру. Номер із хибними контрольними цифрами відхиляється ще до запиту (вихід 2). На сертифікат,
            що ще підписується, команда чекає кілька секунд.
            --json виводить {serial, files: {document, signature, pdf, badge}, verify: [commands]}.
            Приклад: hromada certificate get UA-KYV-2026-000123-29 --pdf --dir ~/certificates
            """,
        "certificate revoke": """
            Відкликає виданий сертифікат центру, яким ви адмініструєте (адміністратор центру — свого, адміністратор
            асоціації — будь-якого). Підписаний список відкликаних центру (revoked.json) одразу підписується знову.
            --reason-code публічний, одне з: issued_in_error (видано помилково), superseded (замінено перевиданим),
            withdrawn (відкликано центром), fraud (отримано шахрайським шляхом). --note приватна: її бачать лише
            адміністратори центру та журнал аудиту; вона ніколи не потрапляє до revoked.json чи на сторінку
            перевірки (щонайбільше 1000 символів, один рядок).
            --json виводить погляд адміністратора: {serial, status, centre, verification, document, digest_matched, revocation_note}.
            Номер із хибними контрольними цифрами відхиляється ще до запиту (вихід 2).
            Приклад: hromada certificate revoke UA-KYV-2026-000123-29 --reason-code issued_in_error --note "Помилка в прізвищі"
            """,
        "verify": """
            ФАЙЛ.json — підписаний документ, ФАЙЛ.json.p7s — його відокремлений підпис (типово: шлях документа + .p7s).
            З --root перевірка офлайн, лише з libcrypto: підпис над точними байтами й ланцюжок до кореня, список
            відкликаних ключів центрів від кореня (--crl) і підписаний список відкликаних сертифікатів центру
            (--revoked revoked.json; його підпис revoked.json.p7s перевіряється тим самим коренем і має бути від
            центру самого сертифіката). Без обох списків вердикт щонайкраще status_unknown: відкликання не
            виключено (примітка каже, що підпис і ланцюжок правильні). Без --root файли перевіряє сервер (вхід не
            потрібен). --serial питає сервер про самий номер; номер із хибними контрольними цифрами відхиляється
            ще до запиту.
            Першим рядком — вердикт: valid, revoked (причина, дата), signer_revoked, tampered, unknown_issuer,
            expired_chain або status_unknown; далі номер, слухач і курс із документа. Офлайн вивід каже, коли
            складено кожен використаний список і як давно (список — знімок: пізнішого відкликання в ньому немає);
            свіжі — на сервері в /api/v1/trust/.
            --json виводить {verdict, serial, valid_at_issuance, revocation: {revoked_at, reason_code}, chain, checked, revocation_checked, learner, course}, а офлайн ще й {revoked_list_this_update, crl_this_update} (null, коли списку не дано).
            Коди виходу: 0 valid; 10 revoked; 11 signer_revoked; 12 tampered; 13 unknown_issuer; 14 expired_chain;
            15 status_unknown; 1 помилка (файл не читається, невідомий номер); 2 неправильний виклик (зокрема хибний
            номер); 4 сервер недоступний.
            Приклад: hromada verify UA-KYV-2026-000123-29.json --root root.pem --crl root-crl.pem --revoked revoked.json
            Приклад: hromada verify UA-KYV-2026-000123-29.json --server https://learn.hromada.example
            Приклад: hromada verify --serial UA-KYV-2026-000123-29
            """,
        "certificate reissue": """
            Для адміністраторів центру, що видав сертифікат, і адміністратора асоціації — скажімо, після
            виправлення імені слухача: сертифікат відкликається як замінений (публічна причина superseded), а запис
            на курс отримує новий номер, підписаний теперішніми даними. --note бачать лише центр і журнал аудиту.
            --json виводить {serial, status, issued_at, revoked_at, revocation_code, revocation_note, digest, enrolment_id}.
            Приклад: hromada certificate reissue UA-KYV-2026-000123-29 --note "Виправлено прізвище"
            """,
        "grading": """
            Без команди — черга (list). Id спроби можна скоротити до перших символів, які показує список.
            Приклад: hromada grading
            Приклад: hromada grading show 3f1c2a9b
            Приклад: hromada grading grade 3f1c2a9b report-plan 4 --comment "Добрий план"
            """,
        "grading list": """
            Найдавніші вгорі: спроби курсів, які ви ведете (усіх — для адміністратора асоціації).
            --json виводить [{attempt_id, course, version, quiz_id, quiz_title, learner: {id, full_name, centre}, submitted_at, essays: [{question_id, text, points, answer, awarded, comment}]}].
            Приклад: hromada grading list --course council-deputy
            """,
        "grading show": """
            --json виводить спробу так, як її дає API.
            Приклад: hromada grading show 3f1c2a9b
            """,
        "grading grade": """
            БАЛИ — від 0 до балів питання (2.5 або 2,5). Повторна оцінка замінює бали й коментар. Коли есе без
            оцінки не лишилося, спробу завершено, і оцінка слухача оновлюється.
            --json виводить спробу після оцінювання.
            Приклад: hromada grading grade 3f1c2a9b report-plan 4 --comment "Бракує способу збору запитань"
            """,
        "regrade": """
            Переоцінює подані спроби тесту, зроблені на випуску --from, за ключем випуску --to (питання за питанням,
            де id збігаються; есе зберігають бали). Оцінки тестів і завершення оновлюються; уже здобуте не
            відкликається, але завершені записи, чий тест більше не складено, перелічено для перегляду. Повторний
            запуск нічого не змінює.
            --json виводить {course, quiz_id, from_version, to_version, attempts_regraded, changes, newly_completed, to_review}.
            Приклад: hromada regrade council-deputy --from 1.2.0 --to 1.2.1 --quiz final
            """,
        "cohort create": """
            --json виводить {id, centre, course, title, starts_on, ends_on, members}.
            Приклад: hromada cohort create --course council-deputy --title "Депутати 2027" --starts 2027-02-01 --ends 2027-03-31
            """,
        "cohort add": """
            Заголовок CSV: email,full_name,category,position,hromada (через коми або крапки з комою, як зберігає
            табличний редактор з українськими налаштуваннями). Усе або нічого: кожен хибний рядок названо, і нічого
            не змінюється; хто вже в групі, лишається як є. Кожному новому надійде запрошення.
            --json виводить {created, enrolled, already_enrolled, errors}.
            Приклад: hromada cohort add 3f1c… --csv people.csv
            """,
        "cohort show": """
            Учасники групи з їхньою поштою, громадою, станом і поступом.
            --json виводить {id, centre, course, title, starts_on, ends_on, members: [{user_id, email, full_name, hromada, enrolment_id, status, lessons_completed, lessons_total, completed_at}]}.
            Приклад: hromada cohort show 3f1c…
            """,
        "cohort invitations": """
            Кожен учасник групи, що ще не задав пароль, отримує нове посилання (діє 14 днів); попередні посилання
            й ще не надіслані листи перестають діяти. --csv виводить email,full_name,link,valid_until так, як
            пише сервер (перенаправте у файл і роздрукуйте); без нього — таблиця. Записується в журнал аудиту.
            Приклад: hromada cohort invitations 3f1c… --csv > invitations.csv
            """,
        "users list": """
            --json виводить [{id, email, full_name, category, position, hromada, hromada_code, centre, roles, created_at, status}].
            Приклад: hromada users list --status invited
            """,
        "users show": """
            --json виводить людину так само, як hromada users list --json.
            Приклад: hromada users show olena@hromada.example
            """,
        "users add": """
            Пароля людина не отримує: їй ставиться в чергу лист із посиланням для входу (діє 14 днів) мовою
            --language (типово українською). Адміністратори центру додають людей до свого центру; адміністратор
            асоціації — до будь-якого (--centre) і може дати інші ролі (--role, можна кілька). Для посадової особи,
            щойно призначеної на посаду, перший рік рахується від --appointed-on (тривалість задає політика асоціації).
            --json виводить людину так само, як hromada users list --json.
            Приклад: hromada users add olena@hromada.example --name "Олена Коваль" --position "Секретар ради" --hromada "Бучанська"
            """,
        "users import": """
            Заголовок CSV: email,full_name,category,position,hromada (через коми або крапки з комою). Усе або
            нічого: кожен хибний рядок названо, і нічого не змінюється. Уже відомі люди лишаються як є; кожен
            новий отримує запрошення листом. Той самий файл удруге нічого не змінює.
            --json виводить {created, unchanged, errors}.
            Приклад: hromada users import people.csv
            """,
        "users invite": """
            Нове посилання діє 14 днів; попереднє перестає діяти. Лише для тих, хто ще не задав пароль (забутий
            пароль відновлює сам власник: hromada password reset).
            --json виводить {user_id, message_id, expires_at}.
            Приклад: hromada users invite olena@hromada.example
            """,
        "users deactivate": """
            Відтоді людина не може ввійти, її сеанси й посилання перестають діяти; її курси, спроби й сертифікати
            лишаються. hromada users reactivate відкриває запис знову.
            --json виводить людину так само, як hromada users list --json.
            Приклад: hromada users deactivate olena@hromada.example
            """,
        "users reactivate": """
            --json виводить людину.
            Приклад: hromada users reactivate olena@hromada.example
            """,
        "report completions": """
            --csv виводить CSV (UTF-8) так, як дає сервер; із --semicolons — як читає табличний редактор з
            українськими налаштуваннями (поля через ;, десяткова кома).
            --json виводить [{centre, course, hromada, enrolled, in_progress, completed, certified, average_grade}].
            Приклад: hromada report completions --course council-deputy --from 2026-01-01 --csv > report.csv
            """,
        "pack new": """
            Створює SLUG/ (або --into ТЕКА) з course.yaml, двома уроками, тестом і підсумковим тестом із банку
            GIFT; нічого не перезаписує. Опис, автор і тег «чернетка» — заготовки: валідатор попереджає про них,
            а каталог їх не приймає. Спершу спробуйте курс чернеткою: hromada pack publish --draft SLUG.
            Приклад: hromada pack new budget-basics --title "Бюджетний процес"
            """,
        "pack validate": """
            Виводить кожну проблему як шлях:рядок:стовпчик: помилка|попередження: текст і завершується з кодом 1,
            якщо в якомусь пакеті є помилка. Сервер не потрібен. Заготовки шаблону — попередження (для каталогу —
            помилки).
            --json виводить [{pack, valid, slug, version, hash, diagnostics: [{path, line, column, severity, message}]}].
            Приклад: hromada pack validate courses/*
            """,
        "pack preview": """
            Спершу перевіряє теку (проблеми — як у hromada pack validate, вихід 1), потім виводить зміст, кожен
            урок для термінала й кожен тест, вибраний як для однієї спроби: питання в порядку спроби, варіанти
            перемішано, як каже тест, без ключів. --answers позначає ключі — для тренера. Для гортання: less -R.
            Приклад: hromada pack preview courses/council-deputy --quiz quiz-status
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
