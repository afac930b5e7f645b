public import Foundation
import HromadaDomain

/// Whether the root CRL needs re-signing soon. Where the root key is kept offline the server cannot
/// renew it; once the CRL's `nextUpdate` has passed, every check with `-crl_check` (and the API's
/// verdicts) says `status_unknown`. So from `window` before that moment `/readyz` carries a warning
/// and the log says so; after it, louder. Readiness itself stays OK: the server still works.
public enum RootCRLWatch {
    /// One warning as `/readyz` shows it.
    public struct Warning: Encodable, Sendable, Equatable {
        public enum Code: String, Encodable, Sendable {
            /// `nextUpdate` is within the warning window.
            case rootCRLDue = "root_crl_due"
            /// `nextUpdate` has passed: revocation checks against the root fail.
            case rootCRLExpired = "root_crl_expired"
        }
        public var code: Code
        public var nextUpdate: Date
        /// What to do, in both languages (`{"uk": …, "en": …}`).
        public var message: Message

        public struct Message: Encodable, Sendable, Equatable {
            public var uk: String
            public var en: String
        }

        enum CodingKeys: String, CodingKey {
            case code, message
            case nextUpdate = "next_update"
        }
    }

    /// The warnings for a root CRL whose `nextUpdate` is `nextUpdate` (nil: no CRL, nothing to say).
    public static func warnings(nextUpdate: Date?, now: Date = Date(), window: TimeInterval) -> [Warning] {
        guard let nextUpdate, nextUpdate.timeIntervalSince(now) <= window else { return [] }
        let when = Timestamp.format(nextUpdate)
        if nextUpdate <= now {
            return [Warning(code: .rootCRLExpired, nextUpdate: nextUpdate, message: Warning.Message(
                uk: "CRL кореня прострочено (nextUpdate \(when)): перевірки з CRL не проходять. Переподпишіть його: hromada-server ca request crl, ca sign, ca import.",
                en: "The root CRL has expired (nextUpdate \(when)): checks with the CRL fail. Re-sign it: hromada-server ca request crl, ca sign, ca import."))]
        }
        return [Warning(code: .rootCRLDue, nextUpdate: nextUpdate, message: Warning.Message(
            uk: "CRL кореня треба переподписати до \(when): hromada-server ca request crl, ca sign, ca import.",
            en: "The root CRL must be re-signed before \(when): hromada-server ca request crl, ca sign, ca import."))]
    }
}
