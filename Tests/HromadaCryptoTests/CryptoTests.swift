import HromadaCrypto
import Testing

@Suite struct PasswordHasherTests {
    let hasher = PasswordHasher()

    @Test func aHashCarriesItsParametersAndVerifies() throws {
        let hash = try hasher.hash("Дуже-надійний-пароль")
        let parts = hash.split(separator: "$")
        #expect(parts.count == 6)
        #expect(parts[0] == "scrypt" && parts[1] == "15" && parts[2] == "8" && parts[3] == "1")
        #expect(hasher.verify("Дуже-надійний-пароль", against: hash))
        #expect(!hasher.verify("Дуже-надійний-пароль!", against: hash))
        #expect(!hasher.verify("", against: hash))
    }

    @Test func theSamePasswordHashesDifferentlyEachTime() throws {
        #expect(try hasher.hash("same password") != hasher.hash("same password"))
    }

    @Test func malformedStoredHashesNeverMatch() {
        for stored in ["", "scrypt$15$8$1$$", "bcrypt$x", "scrypt$40$8$1$AAAA$AAAA", "scrypt$15$8$1$!!$AAAA"] {
            #expect(!hasher.verify("anything", against: stored))
        }
    }

    @Test func hashesMadeWithOtherParametersStillVerify() throws {
        let light = PasswordHasher(parameters: .init(log2N: 10, r: 8, p: 1))
        let hash = try light.hash("pw-1234567890")
        #expect(hasher.verify("pw-1234567890", against: hash))
    }
}

@Suite struct DigestTests {
    @Test func sha256MatchesKnownVectors() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func tokensAreLongRandomAndURLSafe() {
        let a = SecureRandom.token()
        let b = SecureRandom.token()
        #expect(a != b)
        #expect(Base64URL.decode(a)?.count == 32)
        #expect(a.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
    }

    @Test func constantTimeComparison() {
        #expect(constantTimeEquals([1, 2, 3], [1, 2, 3]))
        #expect(!constantTimeEquals([1, 2, 3], [1, 2, 4]))
        #expect(!constantTimeEquals([1, 2], [1, 2, 3]))
    }
}
