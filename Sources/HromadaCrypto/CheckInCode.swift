import COpenSSL
public import Foundation

/// A session's rotating check-in code, derived as TOTP is (RFC 6238, with HMAC-SHA-256): the session's
/// secret and the number of 60-second steps since 1970 give a 6-digit code. A code is accepted during
/// its own step and for the first 30 seconds of the next, so a code read out just before it changes
/// still works; a code sent to someone absent is soon useless.
public enum CheckInCode {
    public static let step: TimeInterval = 60
    /// How long the previous step's code stays good into the next step.
    public static let grace: TimeInterval = 30
    public static let digits = 6

    /// The code of the step holding `date`.
    public static func code(secret: [UInt8], at date: Date) -> String {
        code(secret: secret, counter: counter(date))
    }

    /// The moment the code shown at `date` stops being accepted: the end of its step plus the grace.
    public static func validUntil(_ date: Date) -> Date {
        Date(timeIntervalSince1970: Double(counter(date) + 1) * step + grace)
    }

    /// The moment the next code starts to be shown.
    public static func nextChange(_ date: Date) -> Date {
        Date(timeIntervalSince1970: Double(counter(date) + 1) * step)
    }

    /// Whether `given` is the code of `date`'s step, or of the step before while within the grace.
    /// Compared in constant time; anything but six ASCII digits is wrong.
    public static func accepts(_ given: String, secret: [UInt8], at date: Date) -> Bool {
        let bytes = Array(given.utf8)
        guard bytes.count == digits, bytes.allSatisfy({ (48...57).contains($0) }) else { return false }
        let now = counter(date)
        var ok = constantTimeEquals(bytes, Array(code(secret: secret, counter: now).utf8))
        let intoStep = date.timeIntervalSince1970 - Double(now) * step
        if intoStep < grace {
            ok = constantTimeEquals(bytes, Array(code(secret: secret, counter: now - 1).utf8)) || ok
        }
        return ok
    }

    static func counter(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 / step).rounded(.down)) }

    static func code(secret: [UInt8], counter: Int64) -> String {
        var message = [UInt8](repeating: 0, count: 8)
        for i in 0..<8 { message[i] = UInt8(truncatingIfNeeded: UInt64(bitPattern: counter) >> (56 - 8 * UInt64(i))) }
        let mac = HMACSHA256.mac(key: secret, message: message)
        // Dynamic truncation (RFC 4226 §5.3).
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let binary = (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        let value = binary % 1_000_000
        let text = String(value)
        return String(repeating: "0", count: digits - text.count) + text
    }
}

/// HMAC-SHA-256 through OpenSSL.
public enum HMACSHA256 {
    public static func mac(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let result = key.withUnsafeBufferPointer { k in
            message.withUnsafeBufferPointer { m in
                out.withUnsafeMutableBufferPointer { o in
                    HMAC(EVP_sha256(), k.baseAddress, Int32(k.count), m.baseAddress, m.count, o.baseAddress, &length)
                }
            }
        }
        precondition(result != nil && length == 32, "HMAC-SHA-256 failed: \(openSSLErrors())")
        return out
    }
}
