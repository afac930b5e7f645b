import Foundation
public import HromadaAPI
import HromadaCrypto
import HromadaDomain

/// The `OpenBadgeCredential` of a certificate, read off its signed document: the same serial,
/// learner, course and time of issue, never the database's later idea of them.
public enum BadgeDocument {
    /// What the badge reads from the signed document (`hromada-certificate/1`).
    struct Signed: Decodable {
        struct Issuer: Decodable {
            struct Centre: Decodable { var code: String; var name: String }
            var association: String
            var centre: Centre
        }
        struct Learner: Decodable { var name: String }
        /// What it certifies: the `course`, `event` or `programme` block (by `kind`, absent for a course).
        struct Subject: Decodable {
            var slug: String?
            var id: String?
            var version: String?
            var title: String
            var language: String
            var hours: Double
            var credits: Double
        }
        var serial: String
        var verifyURL: String
        var issuer: Issuer
        var learner: Learner
        var kind: String?
        var course: Subject?
        var event: Subject?
        var programme: Subject?
        var completedOn: String
        var issuedAt: String

        enum CodingKeys: String, CodingKey {
            case serial, issuer, learner, kind, course, event, programme
            case verifyURL = "verify_url", completedOn = "completed_on", issuedAt = "issued_at"
        }
    }

    public static func profile(
        issuer: CertificateStore.Issuer, centre: String, name: String, association: String? = nil, withContext: Bool
    ) -> OpenBadge.Profile {
        OpenBadge.Profile(id: BadgeStore.profileURL(issuer, centre: centre), name: name, url: issuer.publicURL, description: nil,
                          parentOrg: .init(id: issuer.publicURL, name: association ?? issuer.association), withContext: withContext)
    }

    /// The salt of the e-mail's hash: fixed for a certificate (every download of its badge says the
    /// same), and not to be guessed without its document. Not the `d` of the verification link.
    static func salt(_ document: [UInt8]) -> String {
        String(SHA256.hex(Array("hromada-badge-salt/1\n".utf8) + document).prefix(32))
    }

    /// OB 3.0 `IdentityHash`: `sha256$` and the hex SHA-256 of the e-mail followed by the salt.
    public static func identityHash(email: String, salt: String) -> String {
        "sha256$" + SHA256.hex(Array(email.lowercased().utf8) + Array(salt.utf8))
    }

    static func credential(
        document: [UInt8], email: String, summary: String, issuer: CertificateStore.Issuer, statusIndex: Int
    ) throws -> OpenBadge.Credential {
        let d: Signed
        do {
            d = try JSONDecoder().decode(Signed.self, from: Data(document))
        } catch {
            throw HromadaError(.internalError, reason: "certificate document unreadable for a badge: \(error)")
        }
        guard let issuedAt = APIDate.parse(d.issuedAt) else { throw HromadaError(.internalError, reason: "issued_at \(d.issuedAt)") }
        guard let c = d.programme ?? d.event ?? d.course else {
            throw HromadaError(.internalError, reason: "certificate document names no course, event or programme")
        }
        let uk = c.language == "uk"
        let hours = number(c.hours), credits = number(c.credits)
        let what: (uk: String, en: String, path: String) = switch d.kind {
        case "programme"?: ("Завершити програму «\(c.title)» (версія \(c.version ?? ""), \(hours) год, \(credits) кредитів ЄКТС) за її правилом завершення",
                            "Complete the programme “\(c.title)” (version \(c.version ?? ""), \(hours) hours, \(credits) ECTS credits) by its completion rule",
                            "programmes/\(c.slug ?? "")#\(c.version ?? "")")
        case "event"?: ("Відвідати подію «\(c.title)» (\(hours) год, \(credits) кредитів ЄКТС) в обсязі, якого вона вимагає",
                        "Attend the event “\(c.title)” (\(hours) hours, \(credits) ECTS credits) as much as it requires",
                        "events/\(c.id ?? "")")
        default: ("Пройти курс «\(c.title)» (версія \(c.version ?? ""), \(hours) год, \(credits) кредитів ЄКТС) і виконати його правила завершення",
                  "Complete the course “\(c.title)” (version \(c.version ?? ""), \(hours) hours, \(credits) ECTS credits) and meet its completion rules",
                  "courses/\(c.slug ?? "")#\(c.version ?? "")")
        }
        let narrative = uk
            ? what.uk + "; сертифікат видає регіональний центр асоціації, підписаний документ — за адресою \(d.verifyURL)."
            : what.en + "; the certificate is issued by the association's regional centre, the signed document is at \(d.verifyURL)."
        let achievement = OpenBadge.Achievement(
            id: "\(issuer.publicURL)/api/v1/\(what.path)", name: c.title, description: summary,
            criteria: .init(narrative: narrative), creditsAvailable: c.credits, inLanguage: c.language, version: c.version)
        let salt = salt(document)
        let subject = OpenBadge.AchievementSubject(
            name: d.learner.name,
            identifier: [.init(hashed: true, identityHash: identityHash(email: email, salt: salt), identityType: "emailAddress", salt: salt)],
            achievement: achievement, creditsEarned: c.credits, activityEndDate: d.completedOn)
        return OpenBadge.Credential(
            id: d.verifyURL, issuer: profile(issuer: issuer, centre: d.issuer.centre.code, name: d.issuer.centre.name,
                                                association: d.issuer.association, withContext: false),
            validFrom: issuedAt, name: c.title, subject: subject,
            status: .init(list: BadgeStore.statusListURL(issuer, centre: d.issuer.centre.code), index: statusIndex))
    }

    /// 30 → "30", 1.5 → "1.5".
    static func number(_ x: Double) -> String {
        x == x.rounded() ? String(Int(x)) : String(x)
    }
}
