public import Foundation
import HromadaDomain

/// The shapes of Open Badges 3.0 (1EdTech, `ob/v3p0`) on the W3C Verifiable Credentials Data Model
/// 2.0, as far as the project writes them: the `OpenBadgeCredential` of a certificate (the payload
/// of its VC-JWT, OB 3.0 §8.2, which carries the JWT claims `iss`, `nbf`, `jti` beside the
/// credential's own members), the issuer's `Profile`, its keys and its revocation list.
public enum OpenBadge {
    public static let vcContext = "https://www.w3.org/ns/credentials/v2"
    public static let obContext = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
    /// The media type of a VC secured with JOSE (VC-JOSE-COSE §3.1.1).
    public static let mediaType = "application/vc+jwt"

    /// OB 3.0 `Profile`: a centre as the issuer (its `id` is `GET /api/v1/issuers/{centre}`), the
    /// association as its `parentOrg`. With `@context` when served on its own, without inside a badge.
    public struct Profile: Codable, Sendable, Equatable {
        public var context: [String]?
        public var id: String
        public var type: [String]
        public var name: String
        public var url: String?
        public var description: String?
        public var parentOrg: ParentOrg?

        public struct ParentOrg: Codable, Sendable, Equatable {
            public var id: String
            public var type: [String]
            public var name: String
            public init(id: String, name: String) {
                self.id = id
                self.type = ["Profile"]
                self.name = name
            }
        }

        enum CodingKeys: String, CodingKey {
            case context = "@context", id, type, name, url, description, parentOrg
        }

        public init(id: String, name: String, url: String?, description: String?, parentOrg: ParentOrg?, withContext: Bool) {
            context = withContext ? [OpenBadge.vcContext, OpenBadge.obContext] : nil
            self.id = id
            type = ["Profile"]
            self.name = name
            self.url = url
            self.description = description
            self.parentOrg = parentOrg
        }
    }

    public struct Criteria: Codable, Sendable, Equatable {
        public var narrative: String
        public init(narrative: String) { self.narrative = narrative }
    }

    public struct Achievement: Codable, Sendable, Equatable {
        public var id: String
        public var type: [String]
        public var achievementType: String
        public var name: String
        public var description: String
        public var criteria: Criteria
        public var creditsAvailable: Double
        public var inLanguage: String
        /// The course release's version (OB 3.0 `Achievement.version`).
        public var version: String?

        public init(id: String, achievementType: String = "Certificate", name: String, description: String, criteria: Criteria,
                    creditsAvailable: Double, inLanguage: String, version: String?) {
            self.id = id
            type = ["Achievement"]
            self.achievementType = achievementType
            self.name = name
            self.description = description
            self.criteria = criteria
            self.creditsAvailable = creditsAvailable
            self.inLanguage = inLanguage
            self.version = version
        }
    }

    /// OB 3.0 `IdentityObject`: the learner's e-mail as `sha256$<hex of SHA-256(e-mail || salt)>`.
    public struct IdentityObject: Codable, Sendable, Equatable {
        public var type: String
        public var hashed: Bool
        public var identityHash: String
        public var identityType: String
        public var salt: String?
        public init(hashed: Bool, identityHash: String, identityType: String, salt: String?) {
            type = "IdentityObject"
            self.hashed = hashed
            self.identityHash = identityHash
            self.identityType = identityType
            self.salt = salt
        }
    }

    public struct AchievementSubject: Codable, Sendable, Equatable {
        public var type: [String]
        /// The learner's name as the certificate gives it (the VC 2.0 context's `name`).
        public var name: String
        public var identifier: [IdentityObject]
        public var achievement: Achievement
        public var creditsEarned: Double
        public var activityEndDate: String?
        public init(name: String, identifier: [IdentityObject], achievement: Achievement, creditsEarned: Double, activityEndDate: String?) {
            type = ["AchievementSubject"]
            self.name = name
            self.identifier = identifier
            self.achievement = achievement
            self.creditsEarned = creditsEarned
            self.activityEndDate = activityEndDate
        }
    }

    /// W3C Bitstring Status List v1.0 §2.1 `BitstringStatusListEntry`; the index is a string there.
    public struct StatusEntry: Codable, Sendable, Equatable {
        public var id: String
        public var type: String
        public var statusPurpose: String
        public var statusListIndex: String
        public var statusListCredential: String
        public init(list: String, index: Int) {
            id = "\(list)#\(index)"
            type = "BitstringStatusListEntry"
            statusPurpose = "revocation"
            statusListIndex = String(index)
            statusListCredential = list
        }
    }

    /// The payload of a badge's VC-JWT: the credential, and the JWT claims OB 3.0 §8.2 maps from it.
    public struct Credential: Codable, Sendable, Equatable {
        public var context: [String]
        public var id: String
        public var type: [String]
        public var issuer: Profile
        public var validFrom: String
        public var name: String
        public var credentialSubject: AchievementSubject
        public var credentialStatus: StatusEntry
        /// `issuer.id`
        public var iss: String
        /// `validFrom` in seconds since 1970.
        public var nbf: Int
        /// `id`
        public var jti: String

        enum CodingKeys: String, CodingKey {
            case context = "@context", id, type, issuer, validFrom, name, credentialSubject, credentialStatus, iss, nbf, jti
        }

        public init(id: String, issuer: Profile, validFrom: Date, name: String, subject: AchievementSubject, status: StatusEntry) {
            context = [OpenBadge.vcContext, OpenBadge.obContext]
            self.id = id
            type = ["VerifiableCredential", "OpenBadgeCredential"]
            self.issuer = issuer
            self.validFrom = OpenBadge.dateTime(validFrom)
            self.name = name
            credentialSubject = subject
            credentialStatus = status
            iss = issuer.id
            nbf = Int(validFrom.timeIntervalSince1970)
            jti = id
        }
    }

    public struct StatusList: Codable, Sendable, Equatable {
        public var id: String
        public var type: String
        public var statusPurpose: String
        public var encodedList: String
        public init(id: String, encodedList: String) {
            self.id = id
            type = "BitstringStatusList"
            statusPurpose = "revocation"
            self.encodedList = encodedList
        }
    }

    /// The payload of a centre's signed `BitstringStatusListCredential` (§2.2).
    public struct StatusListCredential: Codable, Sendable, Equatable {
        public var context: [String]
        public var id: String
        public var type: [String]
        public var issuer: String
        public var validFrom: String
        public var validUntil: String
        public var credentialSubject: StatusList
        public var iss: String
        public var nbf: Int
        public var exp: Int
        public var jti: String

        enum CodingKeys: String, CodingKey {
            case context = "@context", id, type, issuer, validFrom, validUntil, credentialSubject, iss, nbf, exp, jti
        }

        public init(id: String, issuer: String, validFrom: Date, validUntil: Date, encodedList: String) {
            context = [OpenBadge.vcContext]
            self.id = id
            type = ["VerifiableCredential", "BitstringStatusListCredential"]
            self.issuer = issuer
            self.validFrom = OpenBadge.dateTime(validFrom)
            self.validUntil = OpenBadge.dateTime(validUntil)
            credentialSubject = StatusList(id: "\(id)#list", encodedList: encodedList)
            iss = issuer
            nbf = Int(validFrom.timeIntervalSince1970)
            exp = Int(validUntil.timeIntervalSince1970)
            jti = id
        }
    }

    /// One key of a centre's JWKS (RFC 7517), a P-256 public key. A key the root revoked stays
    /// listed, with `revoked` and `revoked_at`, so that what it signed can still be looked at.
    public struct JWK: Codable, Sendable, Equatable {
        public var kty: String
        public var crv: String
        public var x: String
        public var y: String
        public var kid: String
        public var use: String
        public var alg: String
        /// The centre's X.509 signing certificate (base64 DER), which the association root signed.
        public var x5c: [String]
        public var revoked: Bool?
        public var revokedAt: Date?

        enum CodingKeys: String, CodingKey {
            case kty, crv, x, y, kid, use, alg, x5c, revoked
            case revokedAt = "revoked_at"
        }

        public init(x: String, y: String, kid: String, certificateDER: String, revokedAt: Date?) {
            kty = "EC"
            crv = "P-256"
            self.x = x
            self.y = y
            self.kid = kid
            use = "sig"
            alg = "ES256"
            x5c = [certificateDER]
            revoked = revokedAt == nil ? nil : true
            self.revokedAt = revokedAt
        }
    }

    public struct JWKSet: Codable, Sendable, Equatable {
        public var keys: [JWK]
        public init(keys: [JWK]) { self.keys = keys }
    }

    /// An RFC 3339 time in UTC to the second, as VC 2.0's `dateTimeStamp` wants it.
    public static func dateTime(_ date: Date) -> String {
        var style = Date.ISO8601FormatStyle()
        style.timeZone = TimeZone(identifier: "UTC")!
        return date.formatted(style)
    }
}
