import HromadaDomain
import Testing

@Suite struct JCSAndSerialTests {
    @Test func theSpecsExampleSerialHasCheckDigits29() {
        #expect(CertificateSerial.make(centre: "KYV", year: 2026, sequence: 123) == "UA-KYV-2026-000123-29")
        #expect(CertificateSerial.isValid("UA-KYV-2026-000123-29"))
    }

    @Test(arguments: ["UA-KYV-2026-000123-28", "UA-KYV-2026-000132-29", "UA-KVY-2026-000123-29", "UA-KYV-2026-00123-29",
                      "ua-kyv-2026-000123-29", "UA-KYV-2026-000123", "", "UA-KYV-2O26-000123-29", "UA-KYV-2026-000123-29-"])
    func mistypedSerialsAreCaught(_ serial: String) {
        #expect(!CertificateSerial.isValid(serial))
    }

    @Test func everySingleDigitTypoIsCaught() {
        let serial = CertificateSerial.make(centre: "LVV", year: 2027, sequence: 4711)
        var caught = 0, tried = 0
        for (i, ch) in serial.enumerated() where ch.isNumber {
            for d in "0123456789" where d != ch {
                var chars = Array(serial)
                chars[i] = d
                tried += 1
                if !CertificateSerial.isValid(String(chars)) { caught += 1 }
            }
        }
        #expect(tried > 100 && caught == tried)
    }

    @Test func canonicalJSONFollowsRFC8785() {
        let value: JSONValue = .object([
            "b": .array([.number(30), .number(1.0), .number(86.5), .number(-0.25), .number(1e21), .number(1e-7)]),
            "a": .string("Олена \"Мар'яна\"\n\u{01}/"),
            "€": .bool(true), "\u{10000}": .null, "ab": .object([:]),
        ])
        let text = String(decoding: JCS.encode(value), as: UTF8.self)
        // Keys by UTF-16 code units: "a" < "ab" < "b" < U+10000 (surrogates D800…) < "€" (U+20AC)? No: 0x20AC < 0xD800.
        #expect(text == #"{"a":"Олена \"Мар'яна\"\n\u0001/","ab":{},"b":[30,1,86.5,-0.25,1e+21,1e-7],"€":true,"𐀀":null}"#)
    }
}
