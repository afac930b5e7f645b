import HromadaClient
import HromadaDomain

/// Every sentence the client says, in Ukrainian and English.
enum Messages {
    static let noServer = LocalizedText(
        uk: "Не вказано сервер: додайте --server URL або задайте HROMADA_SERVER.",
        en: "No server given: add --server URL or set HROMADA_SERVER."
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
    static let profileNotSaved = LocalizedText(
        uk: "Не вдалося зберегти токен у теці налаштувань.",
        en: "The token could not be saved in the configuration folder."
    )

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
        }
    }
}
