import COpenSSL
import CHromadaShim
import HromadaDomain

/// ECDSA P-256 with SHA-256 as JOSE writes it (RFC 7518 §3.4): the signature is the 64 bytes
/// `r || s`, each left-padded to 32 bytes, not the DER `ECDSA-Sig-Value` that OpenSSL makes.
///
/// Written on OpenSSL's libcrypto, like every other signature of the project, rather than with
/// jwt-kit: jwt-kit brings swift-crypto and with it BoringSSL, which the project took out of the
/// build on purpose (issue 25), and all it would add here is one conversion of the signature's form.
public enum ES256 {
    /// The JOSE signature of `input` with `key` (a P-256 key).
    public static func sign(_ input: [UInt8], key: PrivateKey) throws -> [UInt8] {
        guard let ctx = EVP_MD_CTX_new() else { throw cryptoFailure("EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(ctx) }
        guard EVP_DigestSignInit(ctx, nil, EVP_sha256(), nil, key.pkey) == 1 else { throw cryptoFailure("EVP_DigestSignInit") }
        var length = 0
        guard EVP_DigestSign(ctx, nil, &length, input, input.count) == 1 else { throw cryptoFailure("EVP_DigestSign (size)") }
        var der = [UInt8](repeating: 0, count: length)
        guard EVP_DigestSign(ctx, &der, &length, input, input.count) == 1 else { throw cryptoFailure("EVP_DigestSign") }
        return try raw(der: Array(der.prefix(length)))
    }

    /// Whether `signature` (64 bytes `r || s`) is `key`'s over `input`.
    public static func verify(_ input: [UInt8], signature: [UInt8], key: PublicKey) -> Bool {
        guard signature.count == 64, let der = try? der(raw: signature),
              let ctx = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(ctx); _ = openSSLErrors() }
        guard EVP_DigestVerifyInit(ctx, nil, EVP_sha256(), nil, key.pkey) == 1 else { return false }
        return EVP_DigestVerify(ctx, der, der.count, input, input.count) == 1
    }

    /// DER `ECDSA-Sig-Value` → `r || s`.
    static func raw(der: [UInt8]) throws -> [UInt8] {
        let sig = der.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            var p: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_ECDSA_SIG(nil, &p, buffer.count)
        }
        guard let sig else { throw cryptoFailure("d2i_ECDSA_SIG") }
        defer { ECDSA_SIG_free(sig) }
        var r: OpaquePointer?, s: OpaquePointer?
        ECDSA_SIG_get0(sig, &r, &s)
        var out = [UInt8](repeating: 0, count: 64)
        let ok = out.withUnsafeMutableBufferPointer { p in
            BN_bn2binpad(r, p.baseAddress, 32) == 32 && BN_bn2binpad(s, p.baseAddress! + 32, 32) == 32
        }
        guard ok else { throw cryptoFailure("BN_bn2binpad") }
        return out
    }

    /// `r || s` → DER `ECDSA-Sig-Value` (what `openssl dgst -verify` reads).
    public static func der(raw: [UInt8]) throws -> [UInt8] {
        guard let sig = ECDSA_SIG_new() else { throw cryptoFailure("ECDSA_SIG_new") }
        defer { ECDSA_SIG_free(sig) }
        let r = BN_bin2bn(raw, 32, nil), s = raw.withUnsafeBufferPointer { BN_bin2bn($0.baseAddress! + 32, 32, nil) }
        guard let r, let s, ECDSA_SIG_set0(sig, r, s) == 1 else {
            BN_free(r); BN_free(s)
            throw cryptoFailure("ECDSA_SIG_set0")
        }
        var p: UnsafeMutablePointer<UInt8>?
        let n = i2d_ECDSA_SIG(sig, &p)
        guard n > 0, let p else { throw cryptoFailure("i2d_ECDSA_SIG") }
        defer { hromada_openssl_free(p) }
        return Array(UnsafeBufferPointer(start: p, count: Int(n)))
    }
}

/// A P-256 public key: of a certificate, or from a JWK's coordinates. Owns its `EVP_PKEY`.
public final class PublicKey: @unchecked Sendable {
    let pkey: OpaquePointer

    init(owning pkey: OpaquePointer) { self.pkey = pkey }
    deinit { EVP_PKEY_free(pkey) }

    /// The DER SubjectPublicKeyInfo of every P-256 key up to its point: id-ecPublicKey, prime256v1,
    /// then a BIT STRING of the 65-byte uncompressed point (RFC 5480).
    static let p256Prefix: [UInt8] = [
        0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce,
        0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00, 0x04,
    ]

    /// The key from a JWK's `x` and `y` (32 bytes each); nil when they are not a point of P-256.
    public convenience init?(p256X x: [UInt8], y: [UInt8]) {
        guard x.count == 32, y.count == 32 else { return nil }
        let spki = Self.p256Prefix + x + y
        let key = spki.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            var p: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_PUBKEY(nil, &p, buffer.count)
        }
        guard let key else { _ = openSSLErrors(); return nil }
        self.init(owning: key)
    }

    /// The point's coordinates (for a JWK), nil when this is not a P-256 key.
    public var p256Coordinates: (x: [UInt8], y: [UInt8])? {
        var p: UnsafeMutablePointer<UInt8>?
        let n = i2d_PUBKEY(pkey, &p)
        guard n > 0, let p else { return nil }
        defer { hromada_openssl_free(p) }
        let der = Array(UnsafeBufferPointer(start: p, count: Int(n)))
        guard der.count == 91, Array(der.prefix(27)) == Self.p256Prefix else { return nil }
        return (Array(der[27..<59]), Array(der[59..<91]))
    }
}

extension Certificate {
    /// The certificate's subject public key.
    public var publicKey: PublicKey? {
        guard let key = X509_get0_pubkey(x509), EVP_PKEY_up_ref(key) == 1 else { return nil }
        return PublicKey(owning: key)
    }
}

extension Certificate {
    /// The certificate in DER (for a JWK's `x5c`).
    public var der: [UInt8] {
        var p: UnsafeMutablePointer<UInt8>?
        let n = i2d_X509(x509, &p)
        guard n > 0, let p else { return [] }
        defer { hromada_openssl_free(p) }
        return Array(UnsafeBufferPointer(start: p, count: Int(n)))
    }
}
