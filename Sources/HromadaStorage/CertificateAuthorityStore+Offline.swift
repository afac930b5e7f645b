public import Foundation
public import HromadaCrypto
import HromadaDomain
public import HromadaPostgres

/// The server's side of the offline root ceremony: requests it makes (`ca request …`), answers it
/// installs (`ca import`), and a root made elsewhere (`ca install-root`). See `RootCeremony`.
extension CertificateAuthorityStore {
    /// A request made: its identifier and the file's bytes.
    public struct MadeRequest: Sendable {
        public var id: String
        public var bytes: [UInt8]
        public var request: RootRequest
    }

    /// Writes a request to the offline root. For `addCentre` and `rotate` a new P-256 key for the
    /// centre is made here and stored in the key folder (it never leaves it) and the request carries
    /// its CSR; every request also asks for the next root CRL, listing every revoked centre certificate.
    public static func makeRequest(
        _ db: PGConnection, ring: KeyRing, action: RootRequest.Action, centre: String?, association: String, now: Date = Date()
    ) throws -> MadeRequest {
        try db.execute("SELECT pg_advisory_xact_lock(hashtextextended('hromada:ca', 0))")
        guard let root = try root(db) else { throw ConfigurationError("There is no root yet: install one with `hromada-server ca install-root`.") }
        let rootCert = try Certificate(pem: root.certificatePEM)
        let id = UUID()
        var csr: String?
        var keyFile: String?
        if action != .crl {
            guard let centre else { throw ConfigurationError("Name the centre, e.g. `ca request \(action.rawValue) KYV`.") }
            guard let name = try db.execute("SELECT name FROM centres WHERE code = \(centre)").first.map({ try $0.decode(String.self, "name") }) else {
                throw ConfigurationError("There is no centre \(centre).")
            }
            if action == .addCentre, let current = try activeKey(db, centre: centre) {
                throw ConfigurationError("Centre \(centre) already has a signing key (\(current.serialHex)); use `ca request rotate \(centre)`.")
            }
            let key = try PrivateKey.generateP256()
            let file = "\(centre.lowercased())-request-\(id.lowercasedText).key.pem"
            try ring.store(key, file: file)
            csr = try CertificateSigningRequest(key: key, subject: .init(commonName: name, organisation: association)).pem
            keyFile = file
        }
        let revoked = try signingKeys(db, where: "centre IS NOT NULL AND revoked_at IS NOT NULL")
            .map { RootRequest.RevokedEntry(serial: $0.serialHex, revokedAt: $0.revokedAt!) }
        let number = try nextCRLNumber(db)
        let request = RootRequest(id: id.lowercasedText, createdAt: now, action: action,
                                  root: .init(serial: rootCert.serialHex, fingerprint: rootCert.fingerprint),
                                  centre: action == .crl ? nil : centre, csr: csr, crl: .init(number: number, revoked: revoked))
        let bytes = request.bytes
        try db.execute("""
            INSERT INTO root_requests (id, action, centre, document, sha256, key_file, crl_number)
            VALUES (\(id), \(action.rawValue), \(request.centre), \(String(decoding: bytes, as: UTF8.self)), \(SHA256.hex(bytes)),
                    \(keyFile), \(number))
            """)
        return MadeRequest(id: id.lowercasedText, bytes: bytes, request: request)
    }

    /// What an import installed.
    public struct Imported: Sendable {
        public var action: RootRequest.Action
        public var centre: String?
        /// The centre's new signing key, for add-centre and rotate.
        public var key: SigningKey?
        public var crlNumber: Int
        public var crlNextUpdate: Date
    }

    /// Installs the offline root's answer after checking that it answers a request this server made
    /// and has not installed, that the root this server trusts signed all of it, that the centre
    /// certificate is for the key the request made, and that the CRL still says what is revoked now.
    /// For rotate the centre's old key stops signing and its revocation list is re-signed with the new one.
    public static func importResponse(_ db: PGConnection, ring: KeyRing, response bytes: [UInt8], now: Date = Date()) throws -> Imported {
        try db.execute("SELECT pg_advisory_xact_lock(hashtextextended('hromada:ca', 0))")
        let response = try RootResponse.read(bytes)
        guard let row = try db.execute("""
            SELECT document, key_file, imported_at FROM root_requests WHERE sha256 = \(response.requestSha256.lowercased())
            """).first else {
            throw ConfigurationError("This response answers a request this server did not make.")
        }
        guard try row.decode(Date?.self, "imported_at") == nil else {
            throw ConfigurationError("This response has been imported already.")
        }
        let requestBytes = Array(try row.decode(String.self, "document").utf8)
        let request = try RootRequest.read(requestBytes)
        guard let root = try root(db) else { throw ConfigurationError("There is no root on this server.") }
        let rootCert = try Certificate(pem: root.certificatePEM)
        guard request.root.fingerprint == rootCert.fingerprint else {
            throw ConfigurationError("The request was made for a root this server no longer trusts; make a new request.")
        }
        let checked = try RootCeremony.check(response: response, request: request, requestBytes: requestBytes, root: rootCert, now: now)
        let newest = try db.execute("SELECT coalesce(max(number), 0) AS n FROM root_crls")[0].decode(Int.self, "n")
        guard checked.crl.number > newest else {
            throw ConfigurationError("A newer root CRL (number \(newest)) is installed already; make a new request.")
        }
        let revokedNow = try signingKeys(db, where: "centre IS NOT NULL AND revoked_at IS NOT NULL").map { $0.serialHex.uppercased() }.sorted()
        guard revokedNow == checked.crl.revokedSerials else {
            throw ConfigurationError("Centre certificates were revoked after this request was made, so its CRL misses them; make a new request.")
        }
        var installed: SigningKey?
        if let cert = checked.certificate, let centre = request.centre {
            let keyFile: String = try row.decode("key_file")
            guard cert.isFor(try ring.key(file: keyFile)) else {
                throw ConfigurationError("The centre certificate in this response is not for the key this server's request was made with.")
            }
            if let current = try activeKey(db, centre: centre) {
                guard request.action == .rotate else {
                    throw ConfigurationError("Centre \(centre) got a signing key after this request was made; make a rotate request instead.")
                }
                try db.execute("UPDATE signing_keys SET active = false WHERE id = \(current.id)")
            }
            try db.execute("""
                INSERT INTO signing_keys (centre, serial_hex, certificate_pem, key_file, not_after)
                VALUES (\(centre), \(cert.serialHex), \(cert.pem), \(keyFile), \(cert.notAfter))
                """)
            installed = try activeKey(db, centre: centre)
        }
        try db.execute("""
            INSERT INTO root_crls (number, crl_pem, this_update, next_update)
            VALUES (\(checked.crl.number), \(checked.crlPEM), \(checked.crl.thisUpdate), \(checked.crl.nextUpdate))
            """)
        try db.execute("UPDATE root_requests SET imported_at = now() WHERE id = \(UUID(uuidString: request.id)!)")
        if request.action == .rotate, let centre = request.centre {
            try CertificateStore.publishRevocationList(db, ring: ring, centre: centre, now: now)
        }
        return Imported(action: request.action, centre: request.centre, key: installed, crlNumber: checked.crl.number,
                        crlNextUpdate: checked.crl.nextUpdate)
    }

    /// Installs a root made on the offline machine (`ca new-root`): its certificate and first CRL,
    /// without its key. Refuses when a root exists, when the certificate is not a self-signed CA,
    /// and when the CRL is not that root's.
    public static func installRoot(_ db: PGConnection, certificatePEM: String, crlPEM: String, now: Date = Date()) throws -> Certificate {
        try db.execute("SELECT pg_advisory_xact_lock(hashtextextended('hromada:ca', 0))")
        guard try root(db) == nil else { throw ConfigurationError("This server has a root already; nothing changed.") }
        guard let cert = try? Certificate(pem: certificatePEM), cert.isSelfSignedAuthority else {
            throw ConfigurationError("The root certificate is not a self-signed certificate authority.")
        }
        let crl = try RevocationListInfo(pem: crlPEM, root: cert)
        guard crl.signedByRoot else { throw ConfigurationError("The CRL is not signed by this root.") }
        guard crl.nextUpdate > now else { throw ConfigurationError("The CRL is out of date already.") }
        try db.execute("""
            INSERT INTO signing_keys (centre, serial_hex, certificate_pem, key_file, not_after)
            VALUES (NULL, \(cert.serialHex), \(cert.pem), \("root-\(cert.serialHex.lowercased()).key.pem"), \(cert.notAfter))
            """)
        try db.execute("""
            INSERT INTO root_crls (number, crl_pem, this_update, next_update)
            VALUES (\(crl.number), \(crlPEM), \(crl.thisUpdate), \(crl.nextUpdate))
            """)
        return cert
    }

    /// Whether the active root's private key is in `ring`'s folder (false where it is kept offline).
    public static func rootKeyIsHere(_ db: PGConnection, ring: KeyRing) throws -> Bool {
        guard let root = try root(db) else { return false }
        return ring.has(file: root.keyFile)
    }
}
