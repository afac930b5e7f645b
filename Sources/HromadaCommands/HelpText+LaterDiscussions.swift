/// The Ukrainian discussions of the events', the development record's and the HR unit's commands.
extension HelpText {
    static let laterDiscussions: [String: String] = [
        "programme validate": """
            Читає ТЕКА/programme.yaml і виводить кожну проблему як шлях:рядок:стовпець: помилка|попередження:
            повідомлення; завершується з кодом 1, якщо в теці є помилка. Чи опубліковано названі курси, у яких
            версіях і чи їхні кредити відповідають `programme`, знає лише сервер: це перевіряє hromada programme publish.
            --json виводить [{pack, valid, slug, version, hash, diagnostics: [{path, line, column, severity, message}]}].
            Приклад: hromada programme validate programmes/municipal-finance
            """,
        "programme publish": """
            Потрібен вхід тренера чи адміністратора. Теку спершу перевіряють тут, потім сервер — за каталогом:
            кожен названий курс має бути опублікований у версії, не нижчій за його min_version, а сума кредитів
            ЄКТС частин має відповідати `programme` (professional — щонайменше 2). Кожну проблему виводять як
            шлях:рядок:стовпець. Програма належить тому, хто опублікував її першим: інший тренер не може
            опублікувати її наступну версію. Та сама версія з тим самим змістом нічого не змінює; з іншим — її не приймуть.
            --json виводить відповідь сервера {slug, version, hash, warnings, created, draft}.
            Приклад: hromada programme publish programmes/municipal-finance
            """,
        "programme show": """
            Без SLUG — найновіша версія кожної програми. Із SLUG — її частини, правило завершення, години й
            кредити. Входити не треба.
            --json виводить програму так, як її дає API ({definition, hours, credits, content_hash, published_at}),
            або їхній список.
            Приклад: hromada programme show
            Приклад: hromada programme show municipal-finance --version 1.0.0
            """,
        "programme enrol": """
            Записує вас на програму й на кожен її курс, на який ви ще не записані. Курс, завершений раніше,
            зараховується одразу. Повторний запис лишає перший. Коли виконано досить частин, видається сертифікат
            програми (hromada certificates).
            --json виводить {id, slug, version, title, enrolled_at, completed_at, parts: [{part, done, enrolment_id, certificate}], required, certificate}.
            Приклад: hromada programme enrol municipal-finance
            """,
        "report development": """
            Без --summary: рядок на людину (зароблені кредити, частка самоосвіти, виконано, програма).
            З --summary: за громадами, районами, областями чи центрами (--by, типово oblast) — посадовці, які
            виконали рік, і ті, хто ні, смугами на ширину термінала, та ті, хто без погодженої програми.
            --csv виводить CSV (UTF-8 з BOM), як його дає сервер; з --semicolons — як його читає таблиця з
            українськими налаштуваннями. --json виводить рядки (з --summary: {year, by, items}).
            --summary --pdf зберігає підсумок як звіт A4 (смуга на групу, далі таблиця) у --output
            (типово development-РІК-by-ГРУПА.pdf у цій теці).
            Приклади: hromada report development --summary --by raion
                      hromada report development --summary --by oblast --pdf --output summary.pdf
                      hromada report development --year 2026 --hromada Бучанська --csv > buchanska.csv
            """,
        "events": """
            Час — за київським годинником. --from і --to приймають дату (РРРР-ММ-ДД) або час RFC 3339.
            --json виводить [{id, centre, kind, title, sessions: [{n, starts_at, ends_at}], venue, online_url, capacity, seats, status, …}].
            Приклад: hromada events --centre KYV --kind seminar --from 2026-10-01
            """,
        "event show": """
            --json виводить {event, registration: {id, event, status, position}|null}.
            Приклад: hromada event show 5e0c7a2b-1d3f-4b8e-9a6c-2f4d8b1e7c90
            """,
        "event register": """
            --json виводить {id, event, status, position}.
            Приклад: hromada event register 5e0c7a2b-1d3f-4b8e-9a6c-2f4d8b1e7c90
            """,
        "event cancel": """
            Без --event: вашу реєстрацію; перший у списку очікування одразу займає ваше місце.
            З --event: увесь захід, для його центру; зареєстровані побачать його скасованим у своїх календарях.
            --json виводить реєстрацію, а з --event — захід.
            Приклади: hromada event cancel 5e0c7a2b-1d3f-4b8e-9a6c-2f4d8b1e7c90
                      hromada event cancel 5e0c7a2b-1d3f-4b8e-9a6c-2f4d8b1e7c90 --event
            """,
        "event create": """
            Файл містить поля POST /api/v1/events, напр.:
            \(HromadaCommand.EventCommand.Create.exampleFile)
            --json виводить захід.
            Приклад: hromada event create --file seminar.yaml
            """,
        "event publish": """
            --json виводить захід.
            Приклад: hromada event publish 5e0c7a2b-1d3f-4b8e-9a6c-2f4d8b1e7c90
            """,
        "event close": """
            Кожен, хто відвідав щонайменше мінімальну частку сесій заходу, отримує його години й кредити у
            своєму обліку підвищення кваліфікації і, якщо захід його дає, підписаний сертифікат. Повторне
            закриття нічого не змінює.
            --json виводить {event, closing: {already_closed, credited, certificates}}.
            Приклад: hromada event close 5e0c7a2b-1d3f-4b8e-9a6c-2f4d8b1e7c90
            """,
        "event registrations": """
            --csv виводить CSV сервера (UTF-8 з BOM) для таблиці; --json виводить
            [{id, user_id, email, full_name, category, hromada, status, position, registered_at, attended}].
            --register emails.txt спершу реєструє людей зі списку (одна адреса в рядку) — усіх або нікого.
            Приклади: hromada event registrations 5e0c7a2b-1d3f-4b8e-9a6c-2f4d8b1e7c90 --csv > registrations.csv
                      hromada event registrations 5e0c7a2b-1d3f-4b8e-9a6c-2f4d8b1e7c90 --register people.txt
            """,
        "event check-in": """
            Для тренера центру заходу, адміністраторів центру й адміністратора асоціації. Код змінюється щохвилини
            (попередній діє ще 30 секунд); екран сам бере новий і відлічує секунди. Ctrl-C — вийти.
            --once виводить код один раз (без екрана), --json — як JSON: {session, code, valid_until, changes_at}.
            Приклад: hromada event check-in 5e0c7a2b-1d3f-4b8e-9a6c-2f4d8b1e7c90 --session 1
            """,
        "event attendance": """
            Файл містить одну адресу в рядку (порожні рядки й рядки з # пропускаються). Присутність на сесії стає
            саме цим списком; кожну зміну записано разом із тим, хто її зробив.
            --json виводить {session, present, added, removed}.
            Приклад: hromada event attendance 5e0c7a2b-1d3f-4b8e-9a6c-2f4d8b1e7c90 --session 2 --present present.txt
            """,
        "check-in": """
            Код змінюється щохвилини; попередній діє ще 30 секунд. Без --session береться сесія, що йде зараз.
            Після 5 хибних кодів за хвилину зачекайте хвилину.
            --json виводить {session, checked_in_at}.
            Приклад: hromada check-in 5e0c7a2b-1d3f-4b8e-9a6c-2f4d8b1e7c90 284913
            """,
        "development": """
            Кредити ЄКТС, зароблені за рік до річної мети (смуга на ширину термінала), частка самоосвіти,
            індивідуальна програма і кожен зарахований пункт за джерелом: курси платформи, заходи, визнане
            зовнішнє навчання.
            --json виводить {year, category, target_credits, earned_credits, self_education_credits,
            self_education_share, met, first_year_due, plan, items}, як їх дає сервер.
            Приклади: hromada development
                      hromada development 2025 --json
            """,
        "plan show": """
            --json виводить {id, user_id, year, revision, status, items, note, comment, planned_credits,
            approved_revision, history}, як їх дає сервер.
            Приклад: hromada plan show 2026
            """,
        "plan edit": """
            Без --file програма відкривається як YAML у вашому редакторі ($VISUAL, $EDITOR, інакше editor чи vi)
            з поясненнями в коментарях угорі; збережіть і закрийте — чернетку записано. Помилка знову відкриває
            редактор із нею вгорі (відповідь н — вийти); незмінений чи порожній файл нічого не зберігає.
            Файл містить примітку й пункти: kind (course, event або external), course (slug курсу — для
            курсів), title, planned_credits, self_education (true або false):
              note: Бюджет і самоосвіта
              items:
                - {kind: course, course: local-budget, title: Місцевий бюджет, planned_credits: 0.9}
                - {kind: external, title: Вебінар, planned_credits: 0.1, self_education: true}
            Подана чернетка знову стає чернеткою; погоджена програма не змінюється ніколи: її редагування
            починає нову редакцію, яку погоджують знову. --json виводить програму.
            Приклади: hromada plan edit 2026
                      hromada plan edit 2026 --file plan.yaml
            """,
        "plan submit": """
            --json виводить програму.
            Приклад: hromada plan submit 2026
            """,
        "record add": """
            Підтвердження — PDF, PNG або JPEG (до 10 МіБ) чи JSON сертифіката Hromada з його підписом
            (--signature FILE.json.p7s): чинний сертифікат цього чи довіреного розгортання визнається одразу;
            решта чекає на кадрову службу.
            Види: self_education, training, internship, experience_exchange.
            --json виводить запис.
            Приклади: hromada record add --file webinar.pdf --provider Prometheus --title "Вебінар" \\
                        --kind self_education --started 2026-03-01 --finished 2026-03-01 --hours 3
                      hromada record add --file C-0001.json --signature C-0001.json.p7s --provider "Громада" \\
                        --title "Бюджет" --kind training --started 2026-02-01 --finished 2026-02-20 --hours 30
            """,
        "record withdraw": """
            --json виводить запис.
            Приклад: hromada record withdraw 0b9c…
            """,
        "records": """
            Кожен запис зі статусом (pending, recognised, rejected, withdrawn), визнаними кредитами і причиною
            від кадрової служби чи висновком перевірки сертифіката. --json виводить [record].
            Приклад: hromada records --year 2026
            """,
        "hr plans": """
            Статус: none (немає програми), draft, submitted, approved, returned.
            --json виводить [{person, hromada, plan_id, revision, status, submitted_at}].
            Приклади: hromada hr plans --status submitted
                      hromada hr plans --year 2026 --hromada Бучанська
            """,
        "hr approve": """
            Погоджена редакція не змінюється ніколи. --json виводить програму.
            Приклад: hromada hr approve 5f0c… --comment "Погоджено"
            """,
        "hr return": """
            --json виводить програму.
            Приклад: hromada hr return 5f0c… --comment "Додайте самоосвіту"
            """,
        "hr records": """
            Статус: pending (типово), recognised, rejected, withdrawn або all.
            --json виводить [record].
            Приклад: hromada hr records --hromada UA32080070000050759
            """,
        "hr recognise": """
            Без --credits: кредити, які зазначила людина, інакше години за ставкою асоціації.
            --json виводить запис.
            Приклад: hromada hr recognise 0b9c… --credits 0.1 --comment "Сертифікат перевірено"
            """,
        "hr reject": """
            --json виводить запис.
            Приклад: hromada hr reject 0b9c… --reason "Сертифікат нечитабельний"
            """,
    ]
}
