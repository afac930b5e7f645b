public import Foundation
import HromadaCrypto
import HromadaDomain
public import HromadaPostgres

/// The association's chain: the root, each centre's signing certificates and the root CRL. Public
/// parts go to the database (so every server instance serves the same chain); private keys go to the
/// key ring's files.
public enum CertificateAuthorityStore {
    public struct SigningKey: Sendable {
        public var id: UUID
        public var centre: String?
        public var serialHex: String
        public var certificatePEM: String
        public var keyFile: String
        public var notAfter: Date
        public var active: Bool
        public var revokedAt: Date?
    }

    static func signingKeys(_ db: PGConnection, where condition: SQL) throws -> [SigningKey] {
        try db.execute(
            "SELECT id, centre, serial_hex, certificate_pem, key_file, not_after, active, revoked_at FROM signing_keys WHERE "
            + condition + " ORDER BY created_at").map {
            SigningKey(id: try $0.decode("id"), centre: try $0.decode(String?.self, "centre"), serialHex: try $0.decode("serial_hex"),
                       certificatePEM: try $0.decode("certificate_pem"), keyFile: try $0.decode("key_file"),
                       notAfter: try $0.decode("not_after"), active: try $0.decode("active"), revokedAt: try $0.decode(Date?.self, "revoked_at"))
        }
    }

    /// The active root, if the chain has been set up.
    public static func root(_ db: PGConnection) throws -> SigningKey? {
        try signingKeys(db, where: "centre IS NULL AND active").first
    }

    /// The centre's active signing key.
    public static func activeKey(_ db: PGConnection, centre: String) throws -> SigningKey? {
        try signingKeys(db, where: "centre = \(centre) AND active").first
    }

    public static func key(_ db: PGConnection, id: UUID) throws -> SigningKey? {
        try signingKeys(db, where: "id = \(id)").first
    }

    public static func centreKeys(_ db: PGConnection, centre: String) throws -> [SigningKey] {
        try signingKeys(db, where: "centre = \(centre)")
    }

    /// The newest root CRL (PEM).
    public static func crl(_ db: PGConnection) throws -> String? {
        try db.execute(crlStatement).first.map { try $0.decode("crl_pem") }
    }

    /// The newest root CRL's `nextUpdate`, nil when there is none.
    public static func rootCRLNextUpdate(_ db: PGConnection) throws -> Date? {
        try db.execute("SELECT next_update FROM root_crls ORDER BY number DESC LIMIT 1").first.map { try $0.decode(Date.self, "next_update") }
    }

    /// The statement ``crl(_:)`` runs, for a pipeline: at most one row, its `crl_pem`.
    static let crlStatement: SQL = "SELECT crl_pem FROM root_crls ORDER BY number DESC LIMIT 1"

    /// For a pipeline: the active root's certificate, at most one row, its `certificate_pem` (what
    /// ``root(_:)`` finds, without the rest of the key's row).
    static let rootCertificateStatement: SQL =
        "SELECT certificate_pem FROM signing_keys WHERE centre IS NULL AND active ORDER BY created_at LIMIT 1"

    /// Creates the root and its first CRL. Returns false when a root exists already.
    @discardableResult
    public static func initRoot(_ db: PGConnection, ring: KeyRing, association: String) throws -> Bool {
        try db.execute("SELECT pg_advisory_xact_lock(hashtextextended('hromada:ca', 0))")
        guard try root(db) == nil else { return false }
        let key = try PrivateKey.generateP256()
        let cert = try CertificateAuthority.makeRoot(key: key, subject: .init(commonName: "\(association) — кореневий центр сертифікації", organisation: association))
        let file = "root-\(cert.serialHex.lowercased()).key.pem"
        try ring.store(key, file: file)
        try db.execute("""
            INSERT INTO signing_keys (centre, serial_hex, certificate_pem, key_file, not_after)
            VALUES (NULL, \(cert.serialHex), \(cert.pem), \(file), \(cert.notAfter))
            """)
        try resignCRL(db, ring: ring)
        return true
    }

    /// Issues a signing certificate for `centre` from the root. With `rotate`, the centre's current key
    /// stops signing (it stays valid for what it signed).
    @discardableResult
    public static func addCentre(_ db: PGConnection, ring: KeyRing, centre: String, association: String, rotate: Bool = false) throws -> SigningKey {
        try db.execute("SELECT pg_advisory_xact_lock(hashtextextended('hromada:ca', 0))")
        guard let root = try root(db) else { throw ConfigurationError("There is no root yet: run `hromada-server ca init` first.") }
        guard let name = try db.execute("SELECT name FROM centres WHERE code = \(centre)").first.map({ try $0.decode(String.self, "name") }) else {
            throw ConfigurationError("There is no centre \(centre).")
        }
        if let current = try activeKey(db, centre: centre) {
            guard rotate else { throw ConfigurationError("Centre \(centre) already has a signing key (\(current.serialHex)); use `ca rotate \(centre)`.") }
            try db.execute("UPDATE signing_keys SET active = false WHERE id = \(current.id)")
        }
        let signingKey = try rootKey(root, ring: ring)
        let rootCert = try Certificate(pem: root.certificatePEM)
        let key = try PrivateKey.generateP256()
        let cert = try CertificateAuthority.makeSigner(key: key, subject: .init(commonName: name, organisation: association),
                                                       root: rootCert, rootKey: signingKey)
        let file = "\(centre.lowercased())-\(cert.serialHex.lowercased()).key.pem"
        try ring.store(key, file: file)
        try db.execute("""
            INSERT INTO signing_keys (centre, serial_hex, certificate_pem, key_file, not_after)
            VALUES (\(centre), \(cert.serialHex), \(cert.pem), \(file), \(cert.notAfter))
            """)
        return try activeKey(db, centre: centre)!
    }

    /// Puts a centre signing certificate on the root CRL and re-signs the CRL when the root key is
    /// here. Returns whether it re-signed; where the root is kept offline the revocation is recorded
    /// and the next `ca request crl` (or any request) carries it to the root.
    @discardableResult
    public static func revokeCentreKey(_ db: PGConnection, ring: KeyRing, centre: String, serialHex: String, reason: String) throws -> Bool {
        try db.execute("SELECT pg_advisory_xact_lock(hashtextextended('hromada:ca', 0))")
        let rows = try db.execute("""
            UPDATE signing_keys SET revoked_at = coalesce(revoked_at, now()), revocation_reason = \(reason), active = false
            WHERE centre = \(centre) AND upper(serial_hex) = upper(\(serialHex)) RETURNING id
            """)
        guard !rows.isEmpty else { throw ConfigurationError("Centre \(centre) has no signing certificate with serial \(serialHex).") }
        guard let root = try root(db), ring.has(file: root.keyFile) else { return false }
        try resignCRL(db, ring: ring)
        return true
    }

    /// The next root CRL's number: above every CRL installed and every one an open request asked for.
    static func nextCRLNumber(_ db: PGConnection) throws -> Int {
        try db.execute("""
            SELECT greatest((SELECT max(number) FROM root_crls), (SELECT max(crl_number) FROM root_requests), 0) + 1 AS n
            """)[0].decode(Int.self, "n")
    }

    /// The root's private key, or a sentence saying it is kept offline and what to do instead.
    static func rootKey(_ root: SigningKey, ring: KeyRing) throws -> PrivateKey {
        guard ring.has(file: root.keyFile) else {
            throw ConfigurationError("""
                The root key is not on this server (it is kept offline): make a request with `hromada-server ca request …`, \
                sign it where the root key is with `hromada-server ca sign`, and install the answer with `hromada-server ca import`.
                """)
        }
        return try ring.key(file: root.keyFile)
    }

    /// Signs a new root CRL listing every revoked centre certificate (`nextUpdate` in 90 days).
    @discardableResult
    public static func resignCRL(_ db: PGConnection, ring: KeyRing) throws -> String {
        guard let root = try root(db) else { throw ConfigurationError("There is no root yet: run `hromada-server ca init` first.") }
        let revoked = try signingKeys(db, where: "centre IS NOT NULL AND revoked_at IS NOT NULL")
            .map { CertificateAuthority.Revoked(serialHex: $0.serialHex, date: $0.revokedAt!) }
        let number = try nextCRLNumber(db)
        let now = Date()
        let pem = try CertificateAuthority.makeCRL(root: try Certificate(pem: root.certificatePEM), rootKey: try rootKey(root, ring: ring),
                                                   revoked: revoked, number: number, now: now, days: 90)
        try db.execute("""
            INSERT INTO root_crls (number, crl_pem, this_update, next_update)
            VALUES (\(number), \(pem), \(now), \(now.addingTimeInterval(90 * 86400)))
            """)
        return pem
    }

    /// Re-signs the root CRL when fewer than `margin` remain before its `nextUpdate` (or there is
    /// none while a root exists), so that checks never find it stale: run by every server's issuing
    /// pass, serialised by a lock so that instances never sign two at once. Returns whether it signed.
    /// Does nothing where the root key is kept offline (not in the key folder): there the root CRL is
    /// renewed by the offline ceremony (`ca request crl`, `ca sign`, `ca import`), and the server warns
    /// as its `nextUpdate` nears.
    @discardableResult
    public static func renewCRLIfDue(_ db: PGConnection, ring: KeyRing, margin: TimeInterval = 60 * 86400) throws -> Bool {
        _ = try db.execute("SELECT pg_advisory_xact_lock(hashtext('hromada.root_crl'))")
        let due = try db.execute("""
            SELECT EXISTS (SELECT 1 FROM signing_keys WHERE centre IS NULL AND active)
               AND coalesce((SELECT next_update FROM root_crls ORDER BY number DESC LIMIT 1) < \(Date().addingTimeInterval(margin)), true) AS due
            """)[0].decode(Bool.self, "due")
        // Where the root key is offline the server cannot renew it: ``rootCRLNextUpdate(_:)`` feeds the warnings.
        guard due, let root = try root(db), ring.has(file: root.keyFile) else { return false }
        try resignCRL(db, ring: ring)
        return true
    }

    /// A development chain: the root if missing, and a signing key for every centre that lacks one.
    /// Returns how many centres got a key.
    @discardableResult
    public static func ensureDevelopmentChain(_ db: PGConnection, ring: KeyRing, association: String, centres: [String]? = nil) throws -> Int {
        try initRoot(db, ring: ring, association: association)
        let all = try centres ?? db.execute("SELECT code FROM centres ORDER BY code").map { try $0.decode(String.self, "code") }
        var added = 0
        for code in all where try activeKey(db, centre: code) == nil {
            try addCentre(db, ring: ring, centre: code, association: association)
            added += 1
        }
        return added
    }

    /// A development signatory, marked as a demonstration in its position, for every centre that
    /// still has the placeholder a new centre gets (migration 0006: «Директор центру», «Директор»).
    /// A signatory someone set is never changed, so running it again changes nothing. Returns how
    /// many centres got it.
    @discardableResult
    public static func setDemoSignatories(_ db: PGConnection, name: String, position: String) throws -> Int {
        try db.execute("""
            UPDATE centres SET signatory_name = \(name), signatory_position = \(position)
            WHERE signatory_name = 'Директор центру' AND signatory_position = 'Директор' RETURNING code
            """).count
    }

    /// Who signs `centre`'s certificates, as printed on them; false when there is no such centre.
    public static func setSignatory(_ db: PGConnection, centre: String, name: String, position: String) throws -> Bool {
        try !db.execute("""
            UPDATE centres SET signatory_name = \(name), signatory_position = \(position) WHERE code = \(centre) RETURNING code
            """).isEmpty
    }
}
