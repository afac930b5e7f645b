import Foundation
import HromadaCrypto
import HromadaDomain

/// The two small public pages a letter's link opens, `/activate` and `/password-reset`: one form
/// (the password, twice), in the person's language with a switch to the other. No script, nothing
/// loaded from anywhere, the token only in the form's hidden field (escaped), and headers that keep
/// the page out of frames, caches and `Referer`.
enum AccountPage {
    enum Kind: Sendable {
        case activation, reset

        var path: String { self == .activation ? "activate" : "password-reset" }
    }

    static let style = "body{font-family:sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#222}"
        + "h1{font-size:1.4rem}.bad{color:#a31515}.ok{color:#17662b}label{display:block;margin:.8rem 0 .2rem}"
        + "input[type=password]{width:100%;padding:.4rem;font-size:1rem}.main{margin-top:1rem;padding:.5rem 1.2rem}"
        + ".lang{margin-top:2rem;border:0;background:none;color:#0645ad;text-decoration:underline;cursor:pointer;padding:0}"

    /// The headers of every page: the only style is the one above (by its hash), no script at all.
    static let headers: [(String, String)] = [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Content-Security-Policy", "default-src 'none'; style-src 'sha256-\(Data(SHA256.hash(style)).base64EncodedString())'; "
            + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Cache-Control", "no-store"),
    ]

    static func title(_ kind: Kind, _ uk: Bool) -> String {
        switch kind {
        case .activation: uk ? "Вхід на платформу: ваш пароль" : "Signing in: choose your password"
        case .reset: uk ? "Новий пароль" : "A new password"
        }
    }

    /// The form, with `problem` above it after a refused try.
    static func form(_ kind: Kind, language: Language, token: String, person: User, association: String, problem: String? = nil) -> String {
        let uk = language == .uk
        let e = HTMLText.escape
        let lead = switch kind {
        case .activation: uk ? "\(person.fullName), вітаємо! Задайте пароль, з яким ви входитимете як \(person.email)."
                             : "Welcome, \(person.fullName)! Choose the password you will sign in with as \(person.email)."
        case .reset: uk ? "\(person.fullName), задайте новий пароль для \(person.email). Після зміни всі ваші входи завершаться."
                        : "\(person.fullName), choose a new password for \(person.email). Once it is changed, every session you have ends."
        }
        let rule = uk ? "Щонайменше 10 символів; не ваша адреса пошти і не один із поширених паролів. Найкраще — кілька слів."
                      : "At least 10 characters; not your email address and not a common password. A few words work best."
        let other: Language = uk ? .en : .uk
        return page(kind: kind, language: language, association: association, body: """
            <h1>\(e(title(kind, uk)))</h1>
            <p>\(e(lead))</p>
            \(problem.map { "<p class=\"bad\" role=\"alert\">\(e($0))</p>" } ?? "")
            <form method="post" action="\(kind.path)">
            <input type="hidden" name="t" value="\(e(token))">
            <input type="hidden" name="lang" value="\(language.rawValue)">
            <input type="email" name="username" value="\(e(person.email))" autocomplete="username" readonly hidden>
            <label for="password">\(uk ? "Пароль" : "Password")</label>
            <input type="password" id="password" name="password" autocomplete="new-password" minlength="10" maxlength="1024" required autofocus>
            <label for="password2">\(uk ? "Ще раз" : "Once more")</label>
            <input type="password" id="password2" name="password2" autocomplete="new-password" minlength="10" maxlength="1024" required>
            <p class="hint">\(e(rule))</p>
            <button type="submit" class="main">\(uk ? "Задати пароль" : "Set the password")</button>
            <div><button type="submit" class="lang" name="switch" value="\(other.rawValue)" formnovalidate>\(uk ? "English" : "Українською")</button></div>
            </form>
            """)
    }

    static func done(_ kind: Kind, language: Language, email: String, association: String) -> String {
        let uk = language == .uk
        let e = HTMLText.escape
        let headline = kind == .activation ? (uk ? "Пароль задано" : "Your password is set") : (uk ? "Пароль змінено" : "Your password has been changed")
        let next = uk ? "Тепер входьте з адресою \(email) і новим паролем. У терміналі: hromada login"
                      : "Sign in with \(email) and your new password from now on. In a terminal: hromada login"
        return page(kind: kind, language: language, association: association,
                    body: "<h1 class=\"ok\">\(e(headline))</h1>\n<p>\(e(next))</p>")
    }

    static func expired(_ kind: Kind, language: Language, association: String) -> String {
        let uk = language == .uk
        let e = HTMLText.escape
        let next = switch kind {
        case .activation: uk ? "Посилання вже використано, замінено новим або його строк минув. Попросіть свій регіональний центр надіслати нове запрошення."
                             : "The link has been used, replaced by a newer one, or has expired. Ask your regional centre to send you a new invitation."
        case .reset: uk ? "Посилання вже використано, замінено новим або його строк (година) минув. Попросіть новий лист: hromada password reset ВАША_АДРЕСА"
                        : "The link has been used, replaced by a newer one, or its hour has passed. Ask for a new message: hromada password reset YOUR_EMAIL"
        }
        return page(kind: kind, language: language, association: association,
                    body: "<h1 class=\"bad\">\(e(uk ? "Посилання більше не діє" : "This link no longer works"))</h1>\n<p>\(e(next))</p>")
    }

    static func page(kind: Kind, language: Language, association: String, body: String) -> String {
        """
        <!doctype html>
        <html lang="\(language.rawValue)"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        <title>\(HTMLText.escape(title(kind, language == .uk))) — \(HTMLText.escape(association))</title>
        <style>\(style)</style>
        </head><body>
        \(body)
        <p><small>\(HTMLText.escape(association))</small></p>
        </body></html>
        """
    }
}

/// A body of `application/x-www-form-urlencoded`, as an HTML form sends it.
enum FormBody {
    /// Each name's first value; nil when the body is not valid UTF-8 or percent-encoding.
    static func parse(_ bytes: [UInt8]) -> [String: String]? {
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]), let value = decode(parts.count > 1 ? parts[1] : "") else { return nil }
            if fields[name] == nil { fields[name] = value }
        }
        return fields
    }

    static func decode(_ s: Substring) -> String? {
        s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
