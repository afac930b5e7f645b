public import Foundation
public import HromadaAPI
import HromadaCrypto
public import HromadaDomain
import HromadaPacks
public import HromadaPostgres

/// Open Badges 3.0: each issued certificate rendered as an `OpenBadgeCredential` VC-JWT, the centre's
/// issuer `Profile`, its keys as a JWKS and its signed Bitstring Status List.
///
/// A badge is not a second issuance: it is made on request from the certificate's signed document
/// (its serial, learner, course, dates), signed ES256 by the centre's active document-signing key,
/// and points at the one bit of the centre's status list the certificate got when it was issued.
public enum BadgeStore {
    /// Where the centre's profile, keys and list are published.
    public static func profileURL(_ issuer: CertificateStore.Issuer, centre: String) -> String {
        "\(issuer.publicURL)/api/v1/issuers/\(centre)"
    }

    public static func statusListURL(_ issuer: CertificateStore.Issuer, centre: String) -> String {
        profileURL(issuer, centre: centre) + "/status/revocation"
    }

    /// How long a signed list is good for; it is signed again once less than a day of it is left.
    static let listValidity: TimeInterval = 7 * 86400

    /// A free bit of the certificate's centre's list, taken for good, for a certificate signed before
    /// badges existed (those signed since get theirs in `CertificateStore.signPending`'s UPDATE). From
    /// one sequence (migration 0018), which takes no lock: signing batches of one centre run side by side.
    static func allocateStatusIndex(_ db: PGConnection) throws -> Int {
        try db.execute("SELECT nextval('badge_status_index')::int AS i")[0].decode(Int.self, "i")
    }

    /// What a badge is made from.
    public struct Source: Sendable {
        public var serial: String
        public var centre: String
        public var status: String
        public var document: [UInt8]?
        public var statusIndex: Int?
        public var email: String
        public var summary: String
        public var owner: Policy.Subject
        /// The centre's active signing key (its certificate's serial, the `kid`, and its file), read in
        /// the same statement; nil while the centre has none.
        var signer: (kid: String, keyFile: String)?
    }

    public static func source(_ db: PGConnection, serial: String) throws -> Source? {
        try db.execute("""
            SELECT c.serial, c.centre, c.status, c.document, c.status_index, c.user_id, u.centre AS user_centre, u.email,
                   coalesce(v.summary, pv.summary, ev.description, '') AS summary,
                   k.serial_hex AS signer_kid, k.key_file AS signer_key_file
            FROM certificates c JOIN users u ON u.id = c.user_id
                 -- What it certifies: a course, a programme (migration 0020) or an event, for the achievement's description.
                 LEFT JOIN enrolments e ON e.id = c.enrolment_id LEFT JOIN course_versions v ON v.id = e.version_id
                 LEFT JOIN programme_enrolments pe ON pe.id = c.programme_enrolment_id LEFT JOIN programme_versions pv ON pv.id = pe.version_id
                 LEFT JOIN event_registrations r ON r.id = c.event_registration_id LEFT JOIN events ev ON ev.id = r.event_id
                 LEFT JOIN signing_keys k ON k.centre = c.centre AND k.active
            WHERE c.serial = \(serial)
            """).first.map { r in
            let kid = try r.decode(String?.self, "signer_kid"), file = try r.decode(String?.self, "signer_key_file")
            return Source(serial: try r.decode("serial"), centre: try r.decode("centre"), status: try r.decode("status"),
                          document: try r.decode(Bytes?.self, "document")?.bytes, statusIndex: try r.decode(Int?.self, "status_index"),
                          email: try r.decode("email"), summary: try r.decode("summary"),
                          owner: .init(userID: try r.decode("user_id"), centre: try r.decode("user_centre")),
                          signer: kid.flatMap { k in file.map { (k, $0) } })
        }
    }

    /// The centre's active signing key and its certificate, or nil while it has none.
    static func activeSigner(_ db: PGConnection, ring: KeyRing, centre: String) throws -> (kid: String, key: PrivateKey)? {
        guard let k = try CertificateAuthorityStore.activeKey(db, centre: centre) else { return nil }
        return (k.serialHex, try ring.key(file: k.keyFile))
    }

    /// The badge of an issued (or revoked) certificate as a compact JWS; nil when the centre has no
    /// active key. A certificate signed before badges existed gets its bit here, once.
    public static func badge(_ db: PGConnection, ring: KeyRing, issuer: CertificateStore.Issuer, source: Source) throws -> String? {
        guard let document = source.document, let signer = source.signer else { return nil }
        let key = try ring.key(file: signer.keyFile)
        var index = source.statusIndex
        if index == nil {
            let taken = try allocateStatusIndex(db)
            index = try db.execute("""
                UPDATE certificates SET status_index = coalesce(status_index, \(taken)) WHERE serial = \(source.serial) RETURNING status_index
                """)[0].decode(Int.self, "status_index")
        }
        let credential = try BadgeDocument.credential(document: document, email: source.email, summary: source.summary,
                                                      issuer: issuer, statusIndex: index!)
        return try CompactJWS.sign(payload: try encode(credential), kid: signer.kid, key: key)
    }

    static func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(OpenBadge.dateTime(date))
        }
        return Array(try encoder.encode(value))
    }

    /// The centre's issuer profile; nil when there is no such centre.
    public static func profile(_ db: PGConnection, issuer: CertificateStore.Issuer, centre: String) throws -> OpenBadge.Profile? {
        guard let name = try db.execute("SELECT name FROM centres WHERE code = \(centre)").first.map({ try $0.decode(String.self, "name") })
        else { return nil }
        return BadgeDocument.profile(issuer: issuer, centre: centre, name: name, withContext: true)
    }

    /// Every signing key the centre has had, oldest first, revoked ones marked; nil when there is no such centre.
    public static func keys(_ db: PGConnection, centre: String) throws -> OpenBadge.JWKSet? {
        guard try !db.execute("SELECT 1 FROM centres WHERE code = \(centre)").isEmpty else { return nil }
        return OpenBadge.JWKSet(keys: try CertificateAuthorityStore.centreKeys(db, centre: centre).compactMap { k in
            let cert = try Certificate(pem: k.certificatePEM)
            guard let point = cert.publicKey?.p256Coordinates else { return nil }
            return OpenBadge.JWK(x: Base64URL.encode(point.x), y: Base64URL.encode(point.y), kid: k.serialHex,
                                 certificateDER: Data(cert.der).base64EncodedString(), revokedAt: k.revokedAt)
        })
    }

    /// The centre's signed status list: the stored one, or signed anew when there is none yet, a
    /// revocation left it unsigned (no active key then), less than a day of it is left, or the key
    /// that signed it is no longer the centre's active one (rotated, or revoked on the root CRL).
    /// Nil when the centre has no active key to sign one (or there is no such centre).
    public static func statusList(_ db: PGConnection, ring: KeyRing, issuer: CertificateStore.Issuer, centre: String, now: Date = Date()) throws -> String? {
        let stored = try db.execute("SELECT jwt, valid_until FROM badge_status_lists WHERE centre = \(centre)").first
        if let stored, let jwt = try stored.decode(String?.self, "jwt"),
           let until = try stored.decode(Date?.self, "valid_until"), until > now.addingTimeInterval(86400),
           let kid = CompactJWS(jwt)?.header.kid, try CertificateAuthorityStore.activeKey(db, centre: centre)?.serialHex == kid {
            return jwt
        }
        // Without an active key (revoked, not yet replaced) nothing is served: a list under a revoked
        // key would still read as "not revoked" to a verifier that does not look at the JWKS's marks.
        return try publishStatusList(db, ring: ring, issuer: issuer, centre: centre, now: now)
    }

    /// Signs the centre's list as it stands: a bit for each revoked certificate. With no active key
    /// the stored list is withdrawn (a verifier then cannot tell, rather than being told "valid"),
    /// and it is signed again on the next read once the centre has a key. Returns the new list.
    @discardableResult
    public static func publishStatusList(_ db: PGConnection, ring: KeyRing, issuer: CertificateStore.Issuer, centre: String, now: Date = Date()) throws -> String? {
        guard try !db.execute("SELECT 1 FROM centres WHERE code = \(centre)").isEmpty else { return nil }
        guard let signer = try activeSigner(db, ring: ring, centre: centre) else {
            try db.execute("UPDATE badge_status_lists SET jwt = NULL, signed_at = NULL, valid_until = NULL WHERE centre = \(centre)")
            return nil
        }
        let needed = try db.execute("""
            SELECT coalesce(max(status_index) + 1, 0) AS n FROM certificates WHERE centre = \(centre) AND status_index IS NOT NULL
            """)[0].decode(Int.self, "n")
        var bits = StatusBitstring(length: needed)
        for row in try db.execute("""
            SELECT status_index FROM certificates WHERE centre = \(centre) AND status = 'revoked' AND status_index IS NOT NULL
            """) {
            bits[try row.decode(Int.self, "status_index")] = true
        }
        let signedAt = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        let until = signedAt.addingTimeInterval(listValidity)
        let credential = OpenBadge.StatusListCredential(
            id: statusListURL(issuer, centre: centre), issuer: profileURL(issuer, centre: centre), validFrom: signedAt,
            validUntil: until, encodedList: try bits.encoded())
        let jwt = try CompactJWS.sign(payload: try encode(credential), kid: signer.kid, key: signer.key)
        try db.execute("""
            INSERT INTO badge_status_lists (centre, jwt, signed_at, valid_until) VALUES (\(centre), \(jwt), \(signedAt), \(until))
            ON CONFLICT (centre) DO UPDATE SET jwt = excluded.jwt, signed_at = excluded.signed_at, valid_until = excluded.valid_until
            """)
        return jwt
    }
}
