import Foundation
public import HromadaDomain

extension Diagnostic {
    /// The line as a compiler would print it, in `language`: `path:line:column: помилка: …`.
    public func text(_ language: Language) -> String {
        guard language == .uk else { return description }
        let severity = severity == .error ? "помилка" : "попередження"
        return "\(path):\(line):\(column): \(severity): \(Self.ukrainian(message))"
    }

    /// The Ukrainian of a validator message (the English when no pattern knows it).
    public static func ukrainian(_ message: String) -> String {
        // "…; did you mean 'x'?" ends many messages: translated apart, after the rest.
        var body = message, hint = ""
        if let at = message.range(of: "; did you mean '", options: .backwards), message.hasSuffix("'?") {
            body = String(message[..<at.lowerBound])
            hint = "; можливо, '" + message[at.upperBound...]
        }
        for (pattern, template) in patterns {
            guard let match = body.wholeMatch(of: pattern) else { continue }
            var out = template
            for i in (1..<match.output.count).reversed() {
                out = out.replacingOccurrences(of: "$\(i)", with: match.output[i].substring.map(String.init) ?? "")
            }
            return out + hint
        }
        return message
    }

    // Regexes over the English messages, each with its Ukrainian ($1… the captured parts).
    nonisolated(unsafe) static let patterns: [(Regex<AnyRegexOutput>, String)] = table.compactMap { pattern, uk in
        (try? Regex("^" + pattern + "$")).map { ($0, uk) }
    }

    static let table: [(String, String)] = programmeTable + [
        (#"draw is (\d+) but the pool holds only (\d+) questions?"#, "draw дорівнює $1, а питань у наборі лише $2 (draw має бути не більшим)"),
        (#"unknown key '(.*)' in (.*)"#, "невідомий ключ '$1' у $2"),
        (#"\w+ id '(.*)' is already used by lesson in (.*)"#, "id '$1' уже має урок у $2"),
        (#"\w+ id '(.*)' is already used by quiz in (.*)"#, "id '$1' уже має тест у $2"),
        (#"\w+ id '(.*)' is already used by module in (.*)"#, "id '$1' уже має модуль у $2"),
        (#"\w+ id '(.*)' is already used by question in (.*)"#, "id '$1' уже має питання у $2"),
        (#"\w+ id '(.*)' is already used by (.*)"#, "id '$1' уже використано: $2"),
        (#"question id '(.*)' repeats; this one is '(.*)'"#, "id питання '$1' повторюється; це питання названо '$2'"),
        (#"the title's closing '::' is missing"#, "бракує закривного '::' після назви"),
        (#"the answer block '\{' is never closed with '\}'"#, "блок відповідей '{' не закрито '}'"),
        (#"a '\{' inside an answer block \(write \\\{ for a literal brace\)"#, "'{' усередині блоку відповідей (для самої дужки пишіть \\{)"),
        (#"a question may hold only one answer block"#, "у питанні може бути лише один блок відповідей"),
        (#"a question needs text, as in ::id:: Text \{=answer ~other\}"#, "питанню потрібен текст, як-от ::id:: Текст {=відповідь ~інша}"),
        (#"an answer must start with '=' or '~'"#, "відповідь має починатися з '=' або '~'"),
        (#"a weight must look like %50%"#, "вага має виглядати як %50%"),
        (#"weight (.*)% is not one Moodle accepts (.*)"#, "вагу $1% Moodle не приймає $2"),
        (#"an answer has no text"#, "у відповіді немає тексту"),
        (#"a multiple-choice question needs at least two answers"#, "питанню з вибором потрібні щонайменше дві відповіді"),
        (#"no answer is correct: mark one with '=' or give positive weights such as ~%50%"#,
         "жодна відповідь не правильна: позначте одну '=' або дайте додатні ваги, як-от ~%50%"),
        (#"unrecognised answer '(.*)': expected T, TRUE, F, FALSE, or answers starting with '=', '~' or '#'"#,
         "незрозуміла відповідь '$1': очікується T, TRUE, F, FALSE або відповіді, що починаються з '=', '~' чи '#'"),
        (#"every matching answer needs 'left -> right'"#, "кожна відповідь на відповідність має бути 'ліве -> праве'"),
        (#"a matching pair has no right-hand side"#, "у парі відповідності немає правої частини"),
        (#"an accepted answer is empty"#, "прийнятна відповідь порожня"),
        (#"in a numerical question '~' only gives the feedback for other answers, as in ~#Wrong"#,
         "у числовому питанні '~' лише дає відгук на інші відповіді, як-от ~#Неправильно"),
        (#"a numerical question needs an answer"#, "числовому питанню потрібна відповідь"),
        (#"version must be a semantic version such as 1.2.0"#, "version має бути семантичною версією, як-от 1.2.0"),
        (#"version (.*): major, minor and patch must each be at most (\d+)"#, "version $1: major, minor і patch — кожне щонайбільше $2"),
        (#"version (.*): the pre-release after '-' has (.*); it must be (.*)"#,
         "version $1: у передрелізі після '-' є $2; це мають бути розділені крапками ідентифікатори з латинських літер, цифр і '-', число без нулів на початку (наприклад, 1.2.0-rc.1)"),
        (#"the pack folder cannot be read"#, "теку пакета не вдалося прочитати"),
        (#"a symbolic link that points outside the pack"#, "символьне посилання веде за межі пакета"),
        (#"symbolic links are not allowed in a pack"#, "символьні посилання в пакеті не дозволені"),
        (#"the pack holds more than (\d+) files"#, "у пакеті понад $1 файлів"),
        (#"the file is larger than (\d+) MiB"#, "файл більший за $1 МіБ"),
        (#"the pack is larger than (\d+) MiB"#, "пакет більший за $1 МіБ"),
        (#"the entry's path leaves the pack"#, "шлях запису веде за межі пакета"),
        (#"a lesson starts with a front-matter block between '---' lines \(id, title, minutes\)"#,
         "урок починається з блоку метаданих між рядками '---' (id, title, minutes)"),
        (#"lesson id '(.*)' must use a-z, 0-9 and '-'"#, "id уроку '$1' може містити лише a-z, 0-9 і '-'"),
        (#"the lesson has no text after its front matter"#, "після метаданих в уроці немає тексту"),
        (#"the link '(.*)' leaves the pack"#, "посилання '$1' веде за межі пакета"),
        (#"the link '(.*)' points to '(.*)', which is not in the pack"#, "посилання '$1' веде на '$2', якого немає в пакеті"),
        (#"quiz id '(.*)' must use a-z, 0-9 and '-'"#, "id тесту '$1' може містити лише a-z, 0-9 і '-'"),
        (#"a quiz needs 'pass_percent' \(0 to 100\)"#, "тесту потрібен 'pass_percent' (від 0 до 100)"),
        (#"question id '(.*)' is already used in this quiz \((.*)\)"#, "id питання '$1' уже є в цьому тесті ($2)"),
        (#"question id '(.*)' is already used in quiz '(.*)' \((.*)\)"#, "id питання '$1' уже є в тесті '$2' ($3)"),
        (#"quiz '(.*)' has no questions"#, "у тесті '$1' немає питань"),
        (#"question id '(.*)' must use a-z, 0-9 and '-'"#, "id питання '$1' може містити лише a-z, 0-9 і '-'"),
        (#"a question needs 'type'"#, "питанню потрібен 'type'"),
        (#"'(.*)' does not belong to a (.*) question"#, "'$1' не належить до питання типу $2"),
        (#"a true_false question needs 'answer: true' or 'answer: false'"#, "питанню true_false потрібен 'answer: true' або 'answer: false'"),
        (#"a short question needs 'answers' with at least one accepted answer"#, "питанню short потрібен 'answers' хоча б з однією прийнятною відповіддю"),
        (#"a numeric question needs 'answer' \(with optional 'tolerance'\) or 'min' and 'max'"#,
         "питанню numeric потрібен 'answer' (можна з 'tolerance') або 'min' і 'max'"),
        (#"a matching question needs at least two pairs"#, "питанню matching потрібні щонайменше дві пари"),
        (#"two pairs share a left side"#, "дві пари мають однакову ліву частину"),
        (#"an ordering question needs at least two items"#, "питанню ordering потрібні щонайменше два елементи"),
        (#"ordering items must differ from each other"#, "елементи ordering мають відрізнятися"),
        (#"a (.*) question needs at least two options"#, "питанню $1 потрібні щонайменше два варіанти"),
        (#"a single question needs exactly one correct option, found (\d+)"#, "питанню single потрібен рівно один правильний варіант, знайдено $1"),
        (#"a multiple question needs at least one correct option"#, "питанню multiple потрібен хоча б один правильний варіант"),
        (#"'(.*)' does not exist in the pack"#, "'$1' немає в пакеті"),
        (#"the file is not valid UTF-8"#, "файл не в кодуванні UTF-8"),
        (#"the file contains a NUL byte, which text must not"#, "файл містить байт NUL, якого в тексті не може бути"),
        (#"the path '(.*)' leaves the pack"#, "шлях '$1' веде за межі пакета"),
        (#"format must be 'hromada-pack/1'"#, "format має бути 'hromada-pack/1'"),
        (#"slug must be 3 to 64 characters of a-z, 0-9 and '-', starting with a letter or digit"#,
         "slug — від 3 до 64 символів a-z, 0-9 і '-', на початку літера або цифра"),
        (#"language must be uk or en"#, "language має бути uk або en"),
        (#"audience '(.*)' must be official or deputy"#, "audience '$1' має бути official або deputy"),
        (#"audience must name official, deputy or both"#, "audience має називати official, deputy або обидва"),
        (#"course.yaml needs '(.*)'"#, "у course.yaml бракує '$1'"),
        (#"a short-term programme carries 0.2 to 1 ECTS credits, not (.*)"#, "короткострокова програма дає від 0,2 до 1 кредиту ЄКТС, а не $1"),
        (#"a professional programme carries at least 2 ECTS credits, not (.*)"#, "професійна програма дає щонайменше 2 кредити ЄКТС, а не $1"),
        (#"programme must be short-term or professional"#, "programme має бути short-term або professional"),
        (#"a course needs at least one module"#, "курсу потрібен хоча б один модуль"),
        (#"module id '(.*)' must use a-z, 0-9 and '-'"#, "id модуля '$1' може містити лише a-z, 0-9 і '-'"),
        (#"a module item is either 'lesson: PATH' or 'quiz: PATH'"#, "елемент модуля — це 'lesson: ШЛЯХ' або 'quiz: ШЛЯХ'"),
        (#"module '(.*)' has no lessons or quizzes"#, "у модулі '$1' немає ні уроків, ні тестів"),
        (#"completion.lessons is (\d+) but the pack has (\d+) lessons"#, "completion.lessons дорівнює $1, а в пакеті $2 уроків"),
        (#"completion.lessons must be all, none or a number"#, "completion.lessons має бути all, none або числом"),
        (#"completion names quiz '(.*)', which is not in the pack(.*)"#, "completion називає тест '$1', якого немає в пакеті$2"),
        (#"not referenced by the course; ignored"#, "курс на нього не посилається; пропущено"),
        (#"the file is empty"#, "файл порожній"),
        (#"YAML anchors and aliases are not allowed in a pack"#, "якорі й псевдоніми YAML у пакеті не дозволені"),
        (#"YAML: (.*)"#, "YAML: $1"),
        (#"(.*) must be a mapping of keys to values"#, "$1 має бути відображенням ключів на значення"),
        (#"keys in (.*) must be plain text"#, "ключі в $1 мають бути простим текстом"),
        (#"(.*) needs '(.*)'"#, "у $1 бракує '$2'"),
        (#"'(.*)' must be non-empty text"#, "'$1' має бути непорожнім текстом"),
        (#"'(.*)' must be a number"#, "'$1' має бути числом"),
        (#"'(.*)' must be between (.*) and (.*)"#, "'$1' має бути від $2 до $3"),
        (#"'(.*)' must be a whole number"#, "'$1' має бути цілим числом"),
        (#"'(.*)' must be true or false"#, "'$1' має бути true або false"),
        (#"'(.*)' must be one of (.*)"#, "'$1' має бути одним із: $2"),
        (#"'(.*)' must be a list"#, "'$1' має бути списком"),
        (#"every entry of '(.*)' must be text"#, "кожен елемент '$1' має бути текстом"),
        (#"the starter template's placeholder summary is still there; write what the course is for and whom"#,
         "опис-заготовка з шаблону ще на місці; напишіть, для кого курс і чого він навчить"),
        (#"the starter template's placeholder author '(.*)' is still there; name the real authors"#,
         "автор-заготовка з шаблону «$1» ще на місці; назвіть справжніх авторів"),
        (#"the starter template's placeholder tag '(.*)' is still there; remove it or put real tags"#,
         "тег-заготовка з шаблону «$1» ще на місці; приберіть його або поставте справжні теги"),
    ]
}
