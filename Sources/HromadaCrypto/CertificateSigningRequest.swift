import COpenSSL
import Foundation
import HromadaDomain

/// A PKCS#10 certificate signing request (`X509_REQ`): a public key and a subject, signed with the
/// matching private key, so whoever signs the certificate knows the requester holds that key.
public final class CertificateSigningRequest: @unchecked Sendable {
    // Safe to share: the request is never changed after it is made or read.
    let req: OpaquePointer

    init(owning req: OpaquePointer) { self.req = req }
    deinit { X509_REQ_free(req) }

    /// A request for `key` with `subject`, signed by `key` (SHA-256).
    public convenience init(key: PrivateKey, subject: CertificateAuthority.Subject) throws {
        guard let req = X509_REQ_new() else { throw cryptoFailure("X509_REQ_new") }
        self.init(owning: req)
        X509_REQ_set_version(req, 0)
        let name = try CertificateAuthority.name(subject)
        defer { X509_NAME_free(name) }
        guard X509_REQ_set_subject_name(req, name) == 1, X509_REQ_set_pubkey(req, key.pkey) == 1,
              X509_REQ_sign(req, key.pkey, EVP_sha256()) > 0 else { throw cryptoFailure("X509_REQ_sign") }
    }

    /// Reads a PEM request; a plain sentence when it is not one.
    public convenience init(pem: String) throws {
        guard let req = try withMemoryBIO(Array(pem.utf8), { PEM_read_bio_X509_REQ($0, nil, nil, nil) }) else {
            _ = openSSLErrors()
            throw ConfigurationError("The request's certificate signing request (CSR) is not a PEM CSR.")
        }
        self.init(owning: req)
    }

    public var pem: String { (try? toPEM { PEM_write_bio_X509_REQ($0, req) }) ?? "" }

    /// Whether the request is signed by the key it carries (proof that the requester holds it).
    public var isSelfSigned: Bool {
        guard let key = X509_REQ_get0_pubkey(req) else { return false }
        defer { _ = openSSLErrors() }
        return X509_REQ_verify(req, key) == 1
    }

    /// The subject's common name and organisation (UTF-8).
    public var subject: CertificateAuthority.Subject {
        let name = X509_REQ_get_subject_name(req)
        return .init(commonName: Certificate.text(of: name, nid: NID_commonName),
                     organisation: Certificate.text(of: name, nid: NID_organizationName))
    }

    /// Whether the request carries the public half of `key`.
    public func isFor(_ key: PrivateKey) -> Bool {
        guard let mine = X509_REQ_get0_pubkey(req) else { return false }
        return EVP_PKEY_eq(mine, key.pkey) == 1
    }
}

extension CertificateAuthority {
    /// Issues a centre signing certificate (the profile of ``makeSigner(key:subject:root:rootKey:days:)``)
    /// for the key and subject of `request`. Refuses a request not signed by its own key.
    public static func makeSigner(
        request: CertificateSigningRequest, root: Certificate, rootKey: PrivateKey, days: Int = 10 * 365
    ) throws -> Certificate {
        guard request.isSelfSigned, let key = X509_REQ_get0_pubkey(request.req) else {
            throw ConfigurationError("The certificate signing request is not signed by the key it carries.")
        }
        guard EVP_PKEY_get_base_id(key) == EVP_PKEY_EC, EVP_PKEY_get_bits(key) == 256 else {
            throw ConfigurationError("The certificate signing request's key is not ECDSA P-256.")
        }
        return try build(subject: request.subject, publicKey: key, issuer: root, issuerKey: rootKey, days: days,
                         extensions: signerExtensions)
    }

    /// A new `X509_NAME` with O and CN; the caller frees it.
    static func name(_ subject: Subject) throws -> OpaquePointer {
        guard let name = X509_NAME_new() else { throw cryptoFailure("X509_NAME_new") }
        for (field, value) in [("O", subject.organisation), ("CN", subject.commonName)] {
            let bytes = Array(value.utf8)
            guard X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, bytes, Int32(bytes.count), -1, 0) == 1 else {
                X509_NAME_free(name)
                throw cryptoFailure("X509_NAME_add_entry_by_txt \(field)")
            }
        }
        return name
    }
}

extension Certificate {
    /// SHA-256 of the certificate's DER, upper-case hex in pairs (`AB:CD:…`), as `openssl x509 -fingerprint -sha256` prints it.
    public var fingerprint: String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard X509_digest(x509, EVP_sha256(), &digest, &length) == 1 else { return "" }
        return digest.prefix(Int(length)).map { String(format: "%02X", $0) }.joined(separator: ":")
    }

    /// Whether `key` is this certificate's private key.
    public func belongs(to key: PrivateKey) -> Bool {
        defer { _ = openSSLErrors() }
        return X509_check_private_key(x509, key.pkey) == 1
    }

    /// Whether the certificate carries the public half of `key`.
    public func isFor(_ key: PrivateKey) -> Bool {
        guard let mine = X509_get0_pubkey(x509) else { return false }
        return EVP_PKEY_eq(mine, key.pkey) == 1
    }

    /// Whether the certificate carries the same public key as `request`.
    public func isFor(_ request: CertificateSigningRequest) -> Bool {
        guard let mine = X509_get0_pubkey(x509), let theirs = X509_REQ_get0_pubkey(request.req) else { return false }
        return EVP_PKEY_eq(mine, theirs) == 1
    }

    /// Whether the certificate is a document-signing certificate that chains to `root` now, for the
    /// purpose `openssl cms -verify` checks (S/MIME signing), without looking at any CRL.
    public func isDocumentSigner(issuedBy root: Certificate) -> Bool {
        guard let store = X509_STORE_new() else { return false }
        defer { X509_STORE_free(store) }
        X509_STORE_add_cert(store, root.x509)
        guard let ctx = X509_STORE_CTX_new() else { return false }
        defer { X509_STORE_CTX_free(ctx) }
        guard X509_STORE_CTX_init(ctx, store, x509, nil) == 1 else { return false }
        X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_SMIME_SIGN)
        let ok = X509_verify_cert(ctx) == 1
        _ = openSSLErrors()
        // The root itself would chain to itself: a signer must not be a CA.
        return ok && X509_check_ca(x509) == 0
    }

    /// Whether this is a certificate authority that signed itself (a root).
    public var isSelfSignedAuthority: Bool {
        defer { _ = openSSLErrors() }
        guard X509_check_ca(x509) != 0, X509_check_issued(x509, x509) == X509_V_OK, let key = X509_get0_pubkey(x509) else { return false }
        return X509_verify(x509, key) == 1
    }

    static func text(of name: OpaquePointer?, nid: Int32) -> String {
        guard let name else { return "" }
        var buffer = [CChar](repeating: 0, count: 512)
        let n = X509_NAME_get_text_by_NID(name, nid, &buffer, Int32(buffer.count))
        guard n > 0 else { return "" }
        return String(decoding: buffer.prefix(Int(n)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
