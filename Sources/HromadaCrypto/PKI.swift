import COpenSSL
import CHromadaShim
public import Foundation
import HromadaDomain

/// An ECDSA P-256 private key. Owns its `EVP_PKEY`; not shared between threads while in use.
public final class PrivateKey: @unchecked Sendable {
    let pkey: OpaquePointer

    init(owning pkey: OpaquePointer) { self.pkey = pkey }
    deinit { EVP_PKEY_free(pkey) }

    /// A fresh P-256 key from OpenSSL's generator.
    public static func generateP256() throws -> PrivateKey {
        guard let ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_EC, nil) else { throw cryptoFailure("EVP_PKEY_CTX_new_id") }
        defer { EVP_PKEY_CTX_free(ctx) }
        guard EVP_PKEY_keygen_init(ctx) == 1, EVP_PKEY_CTX_set_ec_paramgen_curve_nid(ctx, NID_X9_62_prime256v1) == 1 else {
            throw cryptoFailure("P-256 keygen init")
        }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen(ctx, &key) == 1, let key else { throw cryptoFailure("EVP_PKEY_keygen") }
        return PrivateKey(owning: key)
    }

    /// Reads an encrypted (or plain) PKCS#8 PEM key.
    public convenience init(pem: String, passphrase: String) throws {
        let key: OpaquePointer? = try withMemoryBIO(Array(pem.utf8)) { bio in
            var pass = Array(passphrase.utf8CString)
            return pass.withUnsafeMutableBytes { p in PEM_read_bio_PrivateKey(bio, nil, nil, p.baseAddress) }
        }
        guard let key else {
            throw HromadaError(.internalError, reason: "cannot read the private key (wrong passphrase?): \(openSSLErrors())")
        }
        self.init(owning: key)
    }

    /// The key as PKCS#8 PEM encrypted with AES-256-CBC under `passphrase` (scrypt-free PBKDF2, OpenSSL's default for PKCS#8).
    public func encryptedPEM(passphrase: String) throws -> String {
        try toPEM { bio in
            var pass = Array(passphrase.utf8)
            return pass.withUnsafeMutableBytes { p in
                PEM_write_bio_PKCS8PrivateKey(bio, pkey, EVP_aes_256_cbc(), p.baseAddress?.assumingMemoryBound(to: CChar.self),
                                              Int32(p.count), nil, nil)
            }
        }
    }
}

/// An X.509 certificate. Owns its `X509`.
public final class Certificate: @unchecked Sendable {
    let x509: OpaquePointer

    init(owning x509: OpaquePointer) { self.x509 = x509 }
    deinit { X509_free(x509) }

    public convenience init(pem: String) throws {
        guard let x = try withMemoryBIO(Array(pem.utf8), { PEM_read_bio_X509($0, nil, nil, nil) }) else {
            throw HromadaError(.malformedRequest, reason: "not a PEM certificate: \(openSSLErrors())")
        }
        self.init(owning: x)
    }

    public var pem: String {
        (try? toPEM { PEM_write_bio_X509($0, x509) }) ?? ""
    }

    /// The serial number in upper-case hex.
    public var serialHex: String { Self.serialOf(x509) ?? "" }

    public var notAfter: Date { asn1Date(X509_get0_notAfter(x509)) }

    /// The subject's common name (UTF-8).
    public var commonName: String { Self.commonNameOf(x509) }
    public var notBefore: Date { asn1Date(X509_get0_notBefore(x509)) }
}

/// The association's certificate authority operations: the root, centre signing certificates, the root CRL.
public enum CertificateAuthority {
    public struct Subject: Sendable {
        public var commonName: String
        public var organisation: String
        public init(commonName: String, organisation: String) {
            self.commonName = commonName
            self.organisation = organisation
        }
    }

    /// A self-signed root: CA:TRUE, pathlen:0, keyUsage keyCertSign and cRLSign.
    public static func makeRoot(key: PrivateKey, subject: Subject, days: Int = 25 * 365) throws -> Certificate {
        try build(subject: subject, publicKey: key.pkey, issuer: nil, issuerKey: key, days: days, extensions: [
            (NID_basic_constraints, "critical,CA:TRUE,pathlen:0"),
            (NID_key_usage, "critical,keyCertSign,cRLSign"),
            (NID_subject_key_identifier, "hash"),
            (NID_authority_key_identifier, "keyid:always"),
        ])
    }

    /// A centre's document-signing certificate issued by the root: CA:FALSE, digitalSignature and
    /// nonRepudiation, extended key usage documentSigning and emailProtection, a random 128-bit serial.
    public static func makeSigner(
        key: PrivateKey, subject: Subject, root: Certificate, rootKey: PrivateKey, days: Int = 10 * 365
    ) throws -> Certificate {
        try build(subject: subject, publicKey: key.pkey, issuer: root, issuerKey: rootKey, days: days, extensions: signerExtensions)
    }

    /// The extensions of a centre signing certificate (see ``makeSigner(key:subject:root:rootKey:days:)``).
    static let signerExtensions: [(Int32, String)] = [
        (NID_basic_constraints, "critical,CA:FALSE"),
        (NID_key_usage, "critical,digitalSignature,nonRepudiation"),
        (NID_ext_key_usage, "1.3.6.1.5.5.7.3.36,emailProtection"),
        (NID_subject_key_identifier, "hash"),
        (NID_authority_key_identifier, "keyid:always"),
    ]

    static func build(
        subject: Subject, publicKey: OpaquePointer, issuer: Certificate?, issuerKey: PrivateKey, days: Int,
        extensions: [(Int32, String)]
    ) throws -> Certificate {
        guard let x = X509_new() else { throw cryptoFailure("X509_new") }
        let cert = Certificate(owning: x)
        X509_set_version(x, 2)
        try setRandomSerial(X509_get_serialNumber(x))
        X509_gmtime_adj(X509_getm_notBefore(x), -60)
        X509_time_adj_ex(X509_getm_notAfter(x), Int32(days), 0, nil)
        guard let name = X509_NAME_new() else { throw cryptoFailure("X509_NAME_new") }
        defer { X509_NAME_free(name) }
        for (field, value) in [("O", subject.organisation), ("CN", subject.commonName)] {
            let bytes = Array(value.utf8)
            guard X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, bytes, Int32(bytes.count), -1, 0) == 1 else {
                throw cryptoFailure("X509_NAME_add_entry_by_txt \(field)")
            }
        }
        X509_set_subject_name(x, name)
        X509_set_issuer_name(x, issuer.map { X509_get_subject_name($0.x509) } ?? name)
        guard X509_set_pubkey(x, publicKey) == 1 else { throw cryptoFailure("X509_set_pubkey") }
        var ctx = X509V3_CTX()
        X509V3_set_ctx(&ctx, issuer?.x509 ?? x, x, nil, nil, 0)
        for (nid, value) in extensions {
            guard let ext = X509V3_EXT_conf_nid(nil, &ctx, nid, value) else { throw cryptoFailure("extension \(value)") }
            defer { X509_EXTENSION_free(ext) }
            guard X509_add_ext(x, ext, -1) == 1 else { throw cryptoFailure("X509_add_ext") }
        }
        guard X509_sign(x, issuerKey.pkey, EVP_sha256()) > 0 else { throw cryptoFailure("X509_sign") }
        return cert
    }

    /// A revoked certificate on the root's CRL.
    public struct Revoked: Sendable {
        public var serialHex: String
        public var date: Date
        public init(serialHex: String, date: Date) {
            self.serialHex = serialHex
            self.date = date
        }
    }

    /// The root's CRL (PEM) listing revoked centre certificates; `nextUpdate` `days` later.
    public static func makeCRL(
        root: Certificate, rootKey: PrivateKey, revoked: [Revoked], number: Int, now: Date = Date(), days: Int = 90
    ) throws -> String {
        guard let crl = X509_CRL_new() else { throw cryptoFailure("X509_CRL_new") }
        defer { X509_CRL_free(crl) }
        X509_CRL_set_version(crl, 1)
        X509_CRL_set_issuer_name(crl, X509_get_subject_name(root.x509))
        let thisUpdate = ASN1_TIME_set(nil, time_t(now.timeIntervalSince1970))
        let nextUpdate = ASN1_TIME_set(nil, time_t(now.timeIntervalSince1970) + time_t(days * 86400))
        defer { ASN1_TIME_free(thisUpdate); ASN1_TIME_free(nextUpdate) }
        X509_CRL_set1_lastUpdate(crl, thisUpdate)
        X509_CRL_set1_nextUpdate(crl, nextUpdate)
        for r in revoked {
            guard let entry = X509_REVOKED_new() else { throw cryptoFailure("X509_REVOKED_new") }
            var bn: OpaquePointer?
            guard BN_hex2bn(&bn, r.serialHex) > 0, let bn else { X509_REVOKED_free(entry); throw cryptoFailure("serial \(r.serialHex)") }
            let serial = BN_to_ASN1_INTEGER(bn, nil)
            BN_free(bn)
            let date = ASN1_TIME_set(nil, time_t(r.date.timeIntervalSince1970))
            X509_REVOKED_set_serialNumber(entry, serial)
            X509_REVOKED_set_revocationDate(entry, date)
            ASN1_INTEGER_free(serial)
            ASN1_TIME_free(date)
            X509_CRL_add0_revoked(crl, entry)
        }
        X509_CRL_sort(crl)
        let crlNumber = ASN1_INTEGER_new()
        ASN1_INTEGER_set(crlNumber, number)
        X509_CRL_add1_ext_i2d(crl, NID_crl_number, UnsafeMutableRawPointer(crlNumber), 0, 0)
        ASN1_INTEGER_free(crlNumber)
        guard X509_CRL_sign(crl, rootKey.pkey, EVP_sha256()) > 0 else { throw cryptoFailure("X509_CRL_sign") }
        return try toPEM { PEM_write_bio_X509_CRL($0, crl) }
    }

    static func setRandomSerial(_ serial: UnsafeMutablePointer<ASN1_INTEGER>?) throws {
        var bytes = SecureRandom.bytes(16)
        bytes[0] &= 0x7F  // positive
        bytes[0] |= 0x40  // and a full 127 bits
        guard let bn = BN_bin2bn(bytes, Int32(bytes.count), nil) else { throw cryptoFailure("BN_bin2bn") }
        defer { BN_free(bn) }
        guard BN_to_ASN1_INTEGER(bn, serial) != nil else { throw cryptoFailure("BN_to_ASN1_INTEGER") }
    }
}

/// Detached CMS signatures (RFC 5652) over exact bytes, as `openssl cms -sign -binary` makes them.
public enum CMSSignature {
    /// SignedData, detached, DER; ECDSA with SHA-256; the signer certificate embedded; binary content;
    /// default signed attributes without S/MIME capabilities.
    public static func sign(_ content: [UInt8], certificate: Certificate, key: PrivateKey) throws -> [UInt8] {
        try withMemoryBIO(content) { data in
            guard let cms = CMS_sign(certificate.x509, key.pkey, nil, data, UInt32(CMS_DETACHED | CMS_BINARY | CMS_NOSMIMECAP)) else {
                throw cryptoFailure("CMS_sign")
            }
            defer { CMS_ContentInfo_free(cms) }
            guard let out = BIO_new(BIO_s_mem()) else { throw cryptoFailure("BIO_new") }
            defer { BIO_free(out) }
            guard i2d_CMS_bio(out, cms) == 1 else { throw cryptoFailure("i2d_CMS_bio") }
            return bioBytes(out)
        }
    }

    /// What the signature and chain say about `content`, before any application-level revocation list.
    public enum ChainVerdict: Sendable, Equatable {
        case valid
        /// The content does not match the signature, or the signature is not CMS at all.
        case tampered
        /// The chain does not lead to a trusted root.
        case unknownIssuer
        /// The signer certificate is on the root's CRL.
        case signerRevoked
        /// The signer certificate has expired; `validAtIssuance` when the chain held at `issuedAt`.
        case expiredChain(validAtIssuance: Bool)
        /// The CRL is missing or stale.
        case statusUnknown
    }

    public struct Verification: Sendable, Equatable {
        public var verdict: ChainVerdict
        /// The signer certificate's serial (hex), when the signature could be read.
        public var signerSerial: String? { signer?.serialHex }
        /// The certificate the signature names as its signer (embedded in the CMS), when the signature
        /// holds. Trusted only as far as `verdict` says: with `unknownIssuer` anyone could have made it.
        public var signer: Signer?
        /// OpenSSL's reason, for logs.
        public var detail: String
    }

    /// What a verification reads from the signer's certificate.
    public struct Signer: Sendable, Equatable {
        public var commonName: String
        public var serialHex: String
        public var notAfter: Date
    }

    /// Verifies a detached signature over `content` against `roots` and their CRLs (PEM), as
    /// `openssl cms -verify -binary -CAfile … [-crl_check]` does. With CRLs given the chain is checked
    /// against them and a missing or stale CRL is `statusUnknown`. `issuedAt` lets an expired chain be
    /// reported as valid at issuance.
    public static func verify(
        content: [UInt8], signature: [UInt8], roots: [Certificate], crls: [String] = [], issuedAt: Date? = nil
    ) -> Verification {
        verify(content: content, signature: signature, trust: TrustStore(roots: roots, crls: crls), issuedAt: issuedAt)
    }

    /// The same against a trust store built once: a server checking many signatures against the
    /// same root and CRL keeps one (parsing them is most of a check's cost under OpenSSL 3).
    public static func verify(content: [UInt8], signature: [UInt8], trust: TrustStore, issuedAt: Date? = nil) -> Verification {
        guard let cms = signature.withUnsafeBufferPointer({ buffer -> OpaquePointer? in
            var p: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_CMS_ContentInfo(nil, &p, buffer.count)
        }) else {
            _ = openSSLErrors()
            return Verification(verdict: .tampered, signer: nil, detail: "not a DER CMS structure")
        }
        defer { CMS_ContentInfo_free(cms) }
        // 1. The signature over these bytes, whoever made it.
        let signatureOK = (try? withMemoryBIO(content) { data in
            CMS_verify(cms, nil, nil, data, nil, UInt32(CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY)) == 1
        }) ?? false
        guard signatureOK, let signers = CMS_get0_signers(cms), OPENSSL_sk_num(signers) > 0,
              let raw = OPENSSL_sk_value(signers, 0) else {
            let why = openSSLErrors()
            return Verification(verdict: .tampered, signer: nil, detail: "signature does not match: \(why)")
        }
        let signer = OpaquePointer(raw)
        defer { OPENSSL_sk_free(signers) }
        let found = Signer(commonName: Certificate.commonNameOf(signer), serialHex: Certificate.serialOf(signer) ?? "",
                           notAfter: asn1Date(X509_get0_notAfter(signer)))
        // 2. The signer's chain to a trusted root (and the root's CRL), at now and, if expired, at issuance.
        let now = chainError(signer: signer, cms: cms, trust: trust, at: nil)
        let verdict: ChainVerdict
        switch now {
        case X509_V_OK: verdict = .valid
        case X509_V_ERR_CERT_REVOKED: verdict = .signerRevoked
        case X509_V_ERR_CERT_HAS_EXPIRED:
            let then = issuedAt.map { chainError(signer: signer, cms: cms, trust: trust, at: $0) }
            verdict = .expiredChain(validAtIssuance: then == X509_V_OK)
        case X509_V_ERR_UNABLE_TO_GET_CRL, X509_V_ERR_CRL_HAS_EXPIRED, X509_V_ERR_CRL_NOT_YET_VALID,
             X509_V_ERR_CRL_SIGNATURE_FAILURE, X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER:
            verdict = .statusUnknown
        default: verdict = .unknownIssuer
        }
        let text = String(cString: X509_verify_cert_error_string(Int(now)))
        return Verification(verdict: verdict, signer: found, detail: text)
    }

    /// The X509_V_* result of verifying the signer's chain.
    /// At `at` (an expired signer's time of issue) the chain is checked without the CRL: revocation
    /// was already checked against the current CRL, which at that earlier time would be "not yet
    /// valid" (it was signed later), so every expired certificate would lose "valid at issuance".
    static func chainError(signer: OpaquePointer, cms: OpaquePointer, trust: TrustStore, at: Date?) -> Int32 {
        guard let store = at == nil ? trust.store : trust.rootsOnly else { return X509_V_ERR_UNSPECIFIED }
        guard let ctx = X509_STORE_CTX_new() else { return X509_V_ERR_UNSPECIFIED }
        defer { X509_STORE_CTX_free(ctx) }
        let embedded = CMS_get1_certs(cms)
        defer { if let embedded { hromada_sk_x509_pop_free(UnsafeMutableRawPointer(embedded)) } }
        guard X509_STORE_CTX_init(ctx, store, signer, embedded) == 1 else { return X509_V_ERR_UNSPECIFIED }
        // The purpose `openssl cms -verify` and CMS_verify check.
        X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_SMIME_SIGN)
        if let at { X509_STORE_CTX_set_time(ctx, 0, time_t(at.timeIntervalSince1970)) }
        _ = X509_verify_cert(ctx)
        _ = openSSLErrors()
        return X509_STORE_CTX_get_error(ctx)
    }
}

/// Trusted roots and their CRLs (PEM), parsed once into an OpenSSL `X509_STORE`. The store is only
/// read while verifying (each check has its own `X509_STORE_CTX`), which OpenSSL allows from many
/// threads at once. With CRLs, chains are checked against them (`X509_V_FLAG_CRL_CHECK`); a CRL
/// that does not parse is left out, so the chain's status is then unknown.
public final class TrustStore: @unchecked Sendable {
    let store: OpaquePointer?
    /// The same roots without CRLs (for checks at a past time).
    let rootsOnly: OpaquePointer?

    public init(roots: [Certificate], crls: [String] = []) {
        store = X509_STORE_new()
        rootsOnly = X509_STORE_new()
        if let rootsOnly { for root in roots { X509_STORE_add_cert(rootsOnly, root.x509) } }
        guard let store else { return }
        for root in roots { X509_STORE_add_cert(store, root.x509) }
        if !crls.isEmpty {
            for pem in crls {
                if let crl = try? withMemoryBIO(Array(pem.utf8), { PEM_read_bio_X509_CRL($0, nil, nil, nil) }) {
                    X509_STORE_add_crl(store, crl)
                    X509_CRL_free(crl)
                }
            }
            X509_STORE_set_flags(store, UInt(X509_V_FLAG_CRL_CHECK))
        }
        _ = openSSLErrors()
    }

    deinit {
        if let store { X509_STORE_free(store) }
        if let rootsOnly { X509_STORE_free(rootsOnly) }
    }
}

extension Certificate {
    static func commonNameOf(_ x509: OpaquePointer) -> String {
        var buffer = [CChar](repeating: 0, count: 512)
        let n = X509_NAME_get_text_by_NID(X509_get_subject_name(x509), NID_commonName, &buffer, Int32(buffer.count))
        guard n > 0 else { return "" }
        return String(decoding: buffer.prefix(Int(n)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func serialOf(_ x509: OpaquePointer) -> String? {
        guard let bn = ASN1_INTEGER_to_BN(X509_get_serialNumber(x509), nil) else { return nil }
        defer { BN_free(bn) }
        guard let hex = BN_bn2hex(bn) else { return nil }
        defer { hromada_openssl_free(hex) }
        return String(cString: hex)
    }
}

// MARK: BIO helpers

/// Runs `body` with a read-only memory BIO over `bytes` (kept alive for the call).
func withMemoryBIO<T>(_ bytes: [UInt8], _ body: (OpaquePointer) throws -> T) throws -> T {
    try bytes.withUnsafeBytes { raw in
        guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count)) else { throw cryptoFailure("BIO_new_mem_buf") }
        defer { BIO_free(bio) }
        return try body(bio)
    }
}

func bioBytes(_ bio: OpaquePointer) -> [UInt8] {
    var data: UnsafeMutablePointer<CChar>?
    let n = hromada_bio_get_mem_data(UnsafeMutableRawPointer(bio), &data)
    guard n > 0, let data else { return [] }
    return Array(UnsafeRawBufferPointer(start: data, count: n))
}

/// Writes with `write` into a memory BIO and returns the text.
func toPEM(_ write: (OpaquePointer) -> Int32) throws -> String {
    guard let bio = BIO_new(BIO_s_mem()) else { throw cryptoFailure("BIO_new") }
    defer { BIO_free(bio) }
    guard write(bio) == 1 else { throw cryptoFailure("PEM write") }
    return String(decoding: bioBytes(bio), as: UTF8.self)
}

func asn1Date(_ t: UnsafePointer<ASN1_TIME>?) -> Date {
    var tm = tm()
    guard let t, ASN1_TIME_to_tm(t, &tm) == 1 else { return .distantPast }
    return Date(timeIntervalSince1970: TimeInterval(timegm(&tm)))
}
