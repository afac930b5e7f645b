import Foundation
import HromadaAPI
import HromadaDomain
import HromadaStorage

/// The small HTML page behind a certificate's QR code: the verdict, status and centre, and the
/// certificate's content only when the link's digest matches (so walking serials reveals no learner,
/// course or date). A revocation shows its public code, never the centre's note. Times are on the
/// Kyiv clock; a switch at the top gives the same page in the other language.
enum VerificationPage {
    /// `digest` is the link's `d` as given, kept by the language switch.
    static func render(_ view: PublicCertificate, association: String, digest: String?, language: Language) -> String {
        let uk = language == .uk
        let verdict = view.verification.verdict
        let (headline, tone): (String, String) = switch verdict {
        case .valid: (uk ? "Сертифікат дійсний" : "The certificate is valid", "ok")
        case .revoked: (uk ? "Сертифікат відкликано" : "The certificate has been revoked", "bad")
        case .signerRevoked: (uk ? "Ключ центру, яким підписано сертифікат, відкликано" : "The centre key that signed it has been revoked", "bad")
        case .tampered: (uk ? "Документ не відповідає підпису або посиланню" : "The document does not match its signature or this link", "bad")
        case .unknownIssuer: (uk ? "Підпис не веде до кореня Асоціації" : "The signature does not lead to the association's root", "bad")
        case .expiredChain: (uk ? "Строк дії ключа центру минув" : "The centre's signing certificate has expired", "warn")
        case .statusUnknown: (uk ? "Стан відкликання невідомий" : "Revocation status unknown", "warn")
        }
        var rows: [(String, String)] = [((uk ? "Номер" : "Serial"), view.serial), ((uk ? "Висновок" : "Verdict"), words(verdict, language))]
        rows.append(((uk ? "Видав" : "Issued by"), view.centre.name))
        if let r = view.verification.revocation {
            // The public code only: a revocation's note is never put on this page.
            rows.append(((uk ? "Відкликано" : "Revoked"),
                         "\(KyivCalendar.dateTime(r.revokedAt, language)) — \(r.reasonCode.label.text(language)) (\(r.reasonCode.rawValue))"))
        }
        if case .object(let d)? = view.document {
            func s(_ v: JSONValue?) -> String {
                switch v {
                case .string(let t)?: t
                case .number(let n)?: JCS.number(n)
                default: ""
                }
            }
            func o(_ v: JSONValue?) -> [String: JSONValue] { if case .object(let x)? = v { x } else { [:] } }
            // Numbers with the language's decimal separator, as the printed copy has them.
            func n(_ v: JSONValue?) -> String { uk ? s(v).replacingOccurrences(of: ".", with: ",") : s(v) }
            // A participation certificate (`"kind": "event"`) names its event and the sessions attended.
            // A programme certificate (`"kind": "programme"`) names its programme, as a course one its course.
            let event = s(d["kind"]) == "event", programme = s(d["kind"]) == "programme"
            let learner = o(d["learner"]), course = o(d[event ? "event" : programme ? "programme" : "course"])
            let attended: String = if case .array(let list)? = o(d["result"])["sessions_attended"] { list.map { s($0) }.joined(separator: ", ") } else { "" }
            rows += [
                ((uk ? "Слухач" : "Learner"), s(learner["name"])),
                ((uk ? "Посада" : "Position"), "\(s(learner["position"])), \(s(learner["hromada"]))"),
                event ? ((uk ? "Подія" : "Event"), "\(s(course["title"])) (\(uk ? "заняття" : "sessions") \(attended))")
                      : ((programme ? (uk ? "Програма" : "Programme") : (uk ? "Курс" : "Course")), "\(s(course["title"])) (\(s(course["version"])))"),
                ((uk ? "Обсяг" : "Volume"), uk ? "\(n(course["hours"])) год, кредити ЄКТС: \(n(course["credits"]))"
                                              : "\(n(course["hours"])) h, ECTS credits: \(n(course["credits"]))"),
                ((uk ? "Завершено" : "Completed"), KyivCalendar.day(s(d["completed_on"]), language)),
            ]
        }
        let table = rows.map { "<tr><th>\(escape($0.0))</th><td>\(escape($0.1))</td></tr>" }.joined(separator: "\n")
        let note = view.digestMatched ? "" : "<p class=\"note\">\(uk ? "Дані сертифіката приховано: відкрийте посилання з QR-коду сертифіката, щоб побачити їх." : "The certificate's details are hidden: open the link from the certificate's QR code to see them.")</p>"
        return page(title: headline, body: "<h1 class=\"\(tone)\">\(escape(headline))</h1>\n<table>\n\(table)\n</table>\n\(note)",
                    association: association, digest: digest, language: language)
    }

    /// The verdict in words, for the table (the headline says it at length).
    static func words(_ verdict: CertificateVerification.Verdict, _ language: Language) -> String {
        let text: LocalizedText = switch verdict {
        case .valid: .init(uk: "дійсний", en: "valid")
        case .revoked: .init(uk: "відкликаний", en: "revoked")
        case .signerRevoked: .init(uk: "ключ підпису відкликано", en: "signing key revoked")
        case .tampered: .init(uk: "не відповідає підпису або посиланню", en: "does not match its signature or link")
        case .unknownIssuer: .init(uk: "видавець невідомий", en: "unknown issuer")
        case .expiredChain: .init(uk: "строк дії ключа минув", en: "signing key expired")
        case .statusUnknown: .init(uk: "стан відкликання невідомий", en: "revocation status unknown")
        }
        return text.text(language)
    }

    static func tooMany(association: String, digest: String?, language: Language) -> String {
        let uk = language == .uk
        return page(title: uk ? "Забагато перевірок" : "Too many checks",
                    body: "<h1 class=\"warn\">\(uk ? "Забагато перевірок" : "Too many checks")</h1><p>\(uk ? "З вашої адреси надійшло забагато перевірок сертифікатів. Спробуйте за хвилину." : "Too many certificate checks came from your address. Try again in a minute.")</p>",
                    association: association, digest: digest, language: language)
    }

    static func notFound(association: String, digest: String?, language: Language) -> String {
        let uk = language == .uk
        return page(title: uk ? "Сертифікат не знайдено" : "Certificate not found",
                    body: "<h1 class=\"bad\">\(uk ? "Сертифікат не знайдено" : "Certificate not found")</h1><p>\(uk ? "Перевірте номер: контрольні цифри не збігаються або такого сертифіката немає." : "Check the serial: its check digits do not match or there is no such certificate.")</p>",
                    association: association, digest: digest, language: language)
    }

    /// The page around `body`: the association's name and a switch to the same page in the other
    /// language (the same URL with `lang`, keeping `d`).
    static func page(title: String, body: String, association: String, digest: String?, language: Language) -> String {
        let switcher = Language.allCases.map { other in
            let name = other == .uk ? "Українська" : "English"
            if other == language { return "<strong lang=\"\(other.rawValue)\" aria-current=\"page\">\(name)</strong>" }
            let query = (digest.map { "d=\(percentEncoded($0))&" } ?? "") + "lang=\(other.rawValue)"
            return "<a href=\"?\(escape(query))\" hreflang=\"\(other.rawValue)\" lang=\"\(other.rawValue)\">\(name)</a>"
        }.joined(separator: " · ")
        return """
        <!doctype html>
        <html lang="\(language.rawValue)"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>body{font-family:sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#222}
        h1{font-size:1.4rem}.ok{color:#17662b}.bad{color:#a31515}.warn{color:#8a5a00}
        th{text-align:left;padding:.3rem 1rem .3rem 0;vertical-align:top;color:#555}td{padding:.3rem 0}.note{color:#555}
        header{display:flex;justify-content:space-between;gap:1rem;color:#555;font-size:.9rem}</style>
        </head><body>
        <header><span class="association">\(escape(association))</span><nav>\(switcher)</nav></header>
        \(body)
        </body></html>
        """
    }

    /// `value` with everything but letters, digits, `-` and `_` percent-encoded (a digest is base64url).
    static func percentEncoded(_ value: String) -> String {
        value.utf8.map { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"):
                String(UnicodeScalar(byte))
            default:
                "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }.joined()
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
