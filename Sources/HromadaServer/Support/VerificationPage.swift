import Foundation
import HromadaAPI
import HromadaDomain
import HromadaStorage

/// The small HTML page behind a certificate's QR code: the verdict, status and centre, and the
/// certificate's content only when the link's digest matches (so walking serials reveals no learner,
/// course or date). A revocation shows its public code, never the centre's note.
enum VerificationPage {
    static func render(_ view: PublicCertificate, language: Language) -> String {
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
        var rows: [(String, String)] = [((uk ? "Номер" : "Serial"), view.serial), ((uk ? "Висновок" : "Verdict"), verdict.rawValue)]
        rows.append(((uk ? "Видав" : "Issued by"), view.centre.name))
        if let r = view.verification.revocation {
            // The public code only: a revocation's note is never put on this page.
            rows.append(((uk ? "Відкликано" : "Revoked"), "\(r.revokedAt.formatted(.iso8601)) — \(r.reasonCode.label.text(language)) (\(r.reasonCode.rawValue))"))
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
            let learner = o(d["learner"]), course = o(d["course"])
            rows += [
                ((uk ? "Слухач" : "Learner"), s(learner["name"])),
                ((uk ? "Посада" : "Position"), "\(s(learner["position"])), \(s(learner["hromada"]))"),
                ((uk ? "Курс" : "Course"), "\(s(course["title"])) (\(s(course["version"])))"),
                ((uk ? "Обсяг" : "Volume"), "\(s(course["hours"])) \(uk ? "год" : "h"), \(s(course["credits"])) ECTS"),
                ((uk ? "Завершено" : "Completed"), s(d["completed_on"])),
            ]
        }
        let table = rows.map { "<tr><th>\(escape($0.0))</th><td>\(escape($0.1))</td></tr>" }.joined(separator: "\n")
        let note = view.digestMatched ? "" : "<p class=\"note\">\(uk ? "Дані сертифіката приховано: відкрийте посилання з QR-коду сертифіката, щоб побачити їх." : "The certificate's details are hidden: open the link from the certificate's QR code to see them.")</p>"
        return page(title: headline, body: "<h1 class=\"\(tone)\">\(escape(headline))</h1>\n<table>\n\(table)\n</table>\n\(note)", language: language)
    }

    static func tooMany(language: Language) -> String {
        let uk = language == .uk
        return page(title: uk ? "Забагато перевірок" : "Too many checks",
                    body: "<h1 class=\"warn\">\(uk ? "Забагато перевірок" : "Too many checks")</h1><p>\(uk ? "З вашої адреси надійшло забагато перевірок сертифікатів. Спробуйте за хвилину." : "Too many certificate checks came from your address. Try again in a minute.")</p>",
                    language: language)
    }

    static func notFound(language: Language) -> String {
        let uk = language == .uk
        return page(title: uk ? "Сертифікат не знайдено" : "Certificate not found",
                    body: "<h1 class=\"bad\">\(uk ? "Сертифікат не знайдено" : "Certificate not found")</h1><p>\(uk ? "Перевірте номер: контрольні цифри не збігаються або такого сертифіката немає." : "Check the serial: its check digits do not match or there is no such certificate.")</p>",
                    language: language)
    }

    static func page(title: String, body: String, language: Language) -> String {
        """
        <!doctype html>
        <html lang="\(language.rawValue)"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>body{font-family:sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#222}
        h1{font-size:1.4rem}.ok{color:#17662b}.bad{color:#a31515}.warn{color:#8a5a00}
        th{text-align:left;padding:.3rem 1rem .3rem 0;vertical-align:top;color:#555}td{padding:.3rem 0}.note{color:#555}</style>
        </head><body>
        \(body)
        </body></html>
        """
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
