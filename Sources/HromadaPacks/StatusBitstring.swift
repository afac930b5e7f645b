import Foundation
import HromadaCrypto
import ZIPFoundation

/// The bitstring of a W3C Bitstring Status List v1.0 (§2.1, §3.1): bit `i` is the status of the
/// credential whose `statusListIndex` is `i`, counted from the left (the first bit is the highest of
/// the first byte). It travels GZIP-compressed (RFC 1952) and base64url-encoded without padding,
/// prefixed with `u` (Multibase's base64url) as the list's `encodedList`.
///
/// Here, beside the pack archives, because the deflate it needs is ZIPFoundation's (zlib).
public struct StatusBitstring: Sendable, Equatable {
    /// The specification's minimum, for herd privacy: 131,072 entries (16 KiB).
    public static let minimumLength = 131_072
    /// What a read accepts at most, decompressed (a list far larger is a compression bomb, not a list).
    public static let maximumBytes = 16 << 20

    public private(set) var bytes: [UInt8]

    /// A list of `length` bits (rounded up to whole 16 KiB blocks, never under the minimum), all clear.
    public init(length: Int = minimumLength) {
        let bits = max(Self.minimumLength, (length + Self.minimumLength - 1) / Self.minimumLength * Self.minimumLength)
        bytes = [UInt8](repeating: 0, count: bits / 8)
    }

    public init(bytes: [UInt8]) { self.bytes = bytes }

    public var count: Int { bytes.count * 8 }

    public subscript(index: Int) -> Bool {
        get { index >= 0 && index < count && bytes[index / 8] & (0x80 >> UInt8(index % 8)) != 0 }
        set {
            precondition(index >= 0 && index < count, "status index \(index) outside the list")
            if newValue { bytes[index / 8] |= 0x80 >> UInt8(index % 8) } else { bytes[index / 8] &= ~(0x80 >> UInt8(index % 8)) }
        }
    }

    /// The indices whose bit is set, in order.
    public var setIndices: [Int] {
        var found: [Int] = []
        for (i, byte) in bytes.enumerated() where byte != 0 {
            for bit in 0..<8 where byte & (0x80 >> UInt8(bit)) != 0 { found.append(i * 8 + bit) }
        }
        return found
    }

    /// `u` + base64url(gzip(bits)): the list's `encodedList`.
    public func encoded() throws -> String {
        "u" + Base64URL.encode(try Gzip.compress(bytes))
    }

    /// The bits of an `encodedList` (with the `u` prefix, or bare base64url); nil when it is not one.
    public init?(encoded: String) {
        let text = encoded.hasPrefix("u") ? String(encoded.dropFirst()) : encoded
        guard !text.isEmpty, let gz = Base64URL.decode(text), let bits = try? Gzip.decompress(gz, limit: Self.maximumBytes),
              !bits.isEmpty else { return nil }
        bytes = bits
    }
}

/// GZIP members (RFC 1952) around ZIPFoundation's raw deflate.
public enum Gzip {
    public struct Malformed: Error {}

    public static func compress(_ input: [UInt8]) throws -> [UInt8] {
        let data = Data(input)
        var deflated = Data()
        _ = try Data.compress(size: Int64(data.count), bufferSize: 32 * 1024, provider: { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }, consumer: { deflated.append($0) })
        // ID1 ID2, CM = deflate, no flags, no time, XFL 0, OS unknown (255).
        var out: [UInt8] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]
        out += deflated
        out += littleEndian(data.crc32(checksum: 0)) + littleEndian(UInt32(truncatingIfNeeded: input.count))
        return out
    }

    /// The first member's content; throws on a bad header, a wrong CRC or length, or past `limit` bytes.
    public static func decompress(_ input: [UInt8], limit: Int) throws -> [UInt8] {
        guard input.count >= 18, input[0] == 0x1f, input[1] == 0x8b, input[2] == 8 else { throw Malformed() }
        let flags = input[3]
        var at = 10
        if flags & 0x04 != 0 {  // FEXTRA
            guard at + 2 <= input.count else { throw Malformed() }
            at += 2 + Int(input[at]) + Int(input[at + 1]) << 8
        }
        for flag: UInt8 in [0x08, 0x10] where flags & flag != 0 {  // FNAME, FCOMMENT: zero-terminated
            while at < input.count && input[at] != 0 { at += 1 }
            at += 1
        }
        if flags & 0x02 != 0 { at += 2 }  // FHCRC
        guard at + 8 <= input.count else { throw Malformed() }
        let body = Data(input[at..<(input.count - 8)])
        var out = Data()
        _ = try Data.decompress(size: Int64(body.count), bufferSize: 32 * 1024, skipCRC32: true, provider: { position, size in
            body.subdata(in: Int(position)..<min(body.count, Int(position) + size))
        }, consumer: { chunk in
            out.append(chunk)
            if out.count > limit { throw Malformed() }
        })
        let trailer = Array(input.suffix(8))
        guard littleEndian(out.crc32(checksum: 0)) == Array(trailer.prefix(4)),
              littleEndian(UInt32(truncatingIfNeeded: out.count)) == Array(trailer.suffix(4)) else { throw Malformed() }
        return [UInt8](out)
    }

    static func littleEndian(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xff), UInt8(v >> 8 & 0xff), UInt8(v >> 16 & 0xff), UInt8(v >> 24)] }
}
