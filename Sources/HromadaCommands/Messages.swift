import HromadaAPI
import HromadaClient
import HromadaDomain
import HromadaPacks

/// Every sentence the client says, in Ukrainian and English.
enum Messages {
    static let noServer = LocalizedText(
        uk: "Ви ще не ввійшли і сервер не вказано: спершу увійдіть — hromada login --server https://адреса-сервера (або додайте --server URL чи задайте HROMADA_SERVER).",
        en: "You have not signed in and no server is given: sign in first with hromada login --server https://server-address (or add --server URL, or set HROMADA_SERVER)."
    )
    static let notSignedIn = LocalizedText(
        uk: "Ви не увійшли або сеанс завершився: виконайте hromada login.",
        en: "You are not signed in or your session has ended: run hromada login."
    )
    static let emailPrompt = LocalizedText(uk: "Електронна пошта: ", en: "Email: ")
    static let passwordPrompt = LocalizedText(uk: "Пароль: ", en: "Password: ")
    static let noInput = LocalizedText(uk: "Не отримано ні адреси, ні пароля.", en: "No email or password was given.")
    static func welcome(_ name: String) -> LocalizedText {
        LocalizedText(uk: "Вітаємо, \(name)! Ви увійшли.", en: "Welcome, \(name)! You are signed in.")
    }
    static let loggedOut = LocalizedText(uk: "Ви вийшли.", en: "You are signed out.")
    /// A people file that is not UTF-8: most likely a spreadsheet's plain "CSV", saved in Windows-1251.
    static func notUTF8CSV(_ file: String) -> LocalizedText {
        LocalizedText(
            uk: "Файл \(file) не в кодуванні UTF-8 (звичайний «CSV» табличного редактора зберігається у Windows-1251): збережіть його як «CSV UTF-8» і спробуйте ще раз.",
            en: "The file \(file) is not UTF-8 (a spreadsheet saves plain \"CSV\" in Windows-1251): save it as \"CSV UTF-8\" and try again."
        )
    }
    static let profileNotSaved = LocalizedText(
        uk: "Не вдалося зберегти токен у теці налаштувань.",
        en: "The token could not be saved in the configuration folder."
    )

    /// "2 помилки, 1 попередження" with Ukrainian plural forms.
    static func count(_ n: Int, uk ukForms: (String, String, String), en enForms: (String, String)) -> LocalizedText {
        let mod10 = n % 10, mod100 = n % 100
        let uk = mod10 == 1 && mod100 != 11 ? ukForms.0
            : (2...4).contains(mod10) && !(12...14).contains(mod100) ? ukForms.1 : ukForms.2
        return LocalizedText(uk: "\(n) \(uk)", en: "\(n) \(n == 1 ? enForms.0 : enForms.1)")
    }

    static func packSummary(folder: String, result: PackValidator.Result) -> LocalizedText {
        validationSummary(folder: folder, valid: result.course.map { ($0.slug, $0.version, $0.contentHash) },
                          errors: result.errors.count, warnings: result.warnings.count)
    }

    /// A validated folder in one line: valid with its slug, version and hash, or its counts of problems.
    static func validationSummary(folder: String, valid: (slug: String, version: String, hash: String)?, errors: Int, warnings: Int) -> LocalizedText {
        let errors = count(errors, uk: ("помилка", "помилки", "помилок"), en: ("error", "errors"))
        let warnings = count(warnings, uk: ("попередження", "попередження", "попереджень"), en: ("warning", "warnings"))
        if let valid {
            return LocalizedText(
                uk: "\(folder): \(valid.slug) \(valid.version) правильний (\(warnings.uk)); хеш \(valid.hash)",
                en: "\(folder): \(valid.slug) \(valid.version) is valid (\(warnings.en)); hash \(valid.hash)"
            )
        }
        return LocalizedText(uk: "\(folder): \(errors.uk), \(warnings.uk)", en: "\(folder): \(errors.en), \(warnings.en)")
    }

    static func failure(for error: ClientError) -> CLIFailure {
        switch error {
        case .unreachable(let server):
            return CLIFailure(.unreachable, LocalizedText(
                uk: "Сервер \(server) недоступний. Перевірте зʼєднання й спробуйте ще раз.",
                en: "The server \(server) cannot be reached. Check the connection and try again."
            ))
        case .notSignedIn:
            return CLIFailure(.notSignedIn, notSignedIn)
        case .problem(let p):
            let text = [p.title, p.detail].compactMap { $0 }.joined(separator: ". ")
            return CLIFailure(.error, LocalizedText(uk: text, en: text))
        case .invalidResponse(let what):
            return CLIFailure(.error, LocalizedText(
                uk: "Сервер відповів несподівано (\(what)).",
                en: "The server gave an unexpected answer (\(what))."
            ))
        }
    }

    static func roleName(_ role: Role) -> LocalizedText {
        switch role {
        case .learner: LocalizedText(uk: "слухач", en: "learner")
        case .trainer: LocalizedText(uk: "тренер", en: "trainer")
        case .centreAdmin: LocalizedText(uk: "адміністратор центру", en: "centre administrator")
        case .admin: LocalizedText(uk: "адміністратор асоціації", en: "association administrator")
        case .hr: LocalizedText(uk: "кадрова служба громади", en: "hromada HR unit")
        }
    }
}
