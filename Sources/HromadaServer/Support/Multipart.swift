import Foundation
import HromadaDomain

/// A `multipart/form-data` (RFC 7578) reader: named parts to their raw bytes.
///
/// Linear in the body whatever the boundary. The delimiter is CR LF `--boundary`, and a boundary
/// holds printable ASCII only, so CR appears in the delimiter at its first byte alone: the search
/// jumps from CR to CR (`memchr`) and compares from each only until the first mismatch, after which
/// the next CR cannot come sooner than that mismatch. Every byte is looked at a bounded number of
/// times. (The search this replaces compared the whole delimiter at every offset: 1 MiB of dashes
/// with a boundary of dashes took seconds. vapor/multipart-kit's parser is linear too, but handles a
/// byte at a time through callbacks and took 3–5 s per MiB in debug builds.)
///
/// The body is bounded by the caller; run this off the event loop and the cooperative pool
/// (``AppServices/blocking``), as any work proportional to a body.
enum Multipart {
    /// RFC 2046: 1 to 70 characters.
    static let maxBoundary = 70
    /// More parts than any form of ours has.
    static let maxParts = 16
    /// Longest header block of a part.
    static let maxHeaders = 8 * 1024

    static func parse(_ body: [UInt8], contentType: String) throws -> [String: [UInt8]] {
        let dashBoundary = Array("--\(try boundary(contentType))".utf8)
        let delimiter: [UInt8] = [13, 10] + dashBoundary
        return try body.withUnsafeBufferPointer { buffer in
            var parts: [String: [UInt8]] = [:]
            // The first boundary may open the body without a CR LF before it; a preamble is skipped.
            var position: Int
            if matches(dashBoundary, in: buffer, at: 0) {
                position = dashBoundary.count
            } else if let found = find(delimiter, in: buffer, from: 0) {
                position = found + delimiter.count
            } else {
                throw malformed("no parts were found")
            }
            while true {
                // After a delimiter: `--` closes the body (an epilogue is ignored), and so does its end.
                if position == buffer.count || matches([45, 45], in: buffer, at: position) { break }
                while position < buffer.count, buffer[position] == 32 || buffer[position] == 9 { position += 1 }
                guard matches([13, 10], in: buffer, at: position) else { throw malformed("a boundary line is not well formed") }
                position += 2
                let headerEnd: Int
                if matches([13, 10], in: buffer, at: position) {
                    headerEnd = position - 2
                } else {
                    guard let end = find([13, 10, 13, 10], in: buffer, from: position, within: maxHeaders) else {
                        throw malformed("a part's headers do not end")
                    }
                    headerEnd = end
                }
                let name = try partName(UnsafeBufferPointer(rebasing: buffer[position..<max(position, headerEnd)]))
                let start = headerEnd + 4
                guard let end = find(delimiter, in: buffer, from: start) else { throw malformed("a part is not closed by a boundary") }
                guard let name, !name.isEmpty else { throw malformed("a part has no name") }
                guard parts[name] == nil else { throw malformed("the part \(name) appears twice") }
                guard parts.count < maxParts else { throw malformed("there are more than \(maxParts) parts") }
                parts[name] = Array(buffer[start..<end])
                position = end + delimiter.count
            }
            guard !parts.isEmpty else { throw malformed("no parts were found") }
            return parts
        }
    }

    /// The `name` of a part's `Content-Disposition: form-data`, from its header lines.
    static func partName(_ headers: UnsafeBufferPointer<UInt8>) throws -> String? {
        var name: String?
        for line in headers.split(separator: 10, omittingEmptySubsequences: false) {
            let text = line.last == 13 ? line.dropLast() : line[...]
            guard let colon = text.firstIndex(of: 58), colon > text.startIndex,
                  text[..<colon].allSatisfy({ $0 > 32 && $0 < 127 && $0 != 58 }) else {
                throw malformed("a header line is not well formed")
            }
            guard String(decoding: text[..<colon], as: UTF8.self).lowercased() == "content-disposition" else { continue }
            let value = String(decoding: text[(colon + 1)...], as: UTF8.self)
            let items = value.split(separator: ";")
            guard items.first?.trimmingCharacters(in: .whitespaces).lowercased() == "form-data" else { continue }
            name = parameter("name", in: items.dropFirst())
        }
        return name
    }

    /// The `boundary` parameter of a `multipart/form-data` media type, kept as sent (case matters).
    static func boundary(_ contentType: String) throws -> String {
        guard let value = parameter("boundary", in: contentType.split(separator: ";").dropFirst()) else {
            throw malformed("the boundary parameter is missing")
        }
        guard !value.isEmpty, value.utf8.count <= maxBoundary, value.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
            throw malformed("the boundary must be 1 to \(maxBoundary) printable ASCII characters")
        }
        return value
    }

    /// The value of `name` among `key=value` or `key="value"` parameters (the name in any case).
    static func parameter(_ name: String, in parameters: some Sequence<Substring>) -> String? {
        for item in parameters {
            guard let equals = item.firstIndex(of: "=") else { continue }
            let key = item[..<equals].trimmingCharacters(in: .whitespaces)
            guard key.lowercased() == name else { continue }
            var value = item[item.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }

    /// The first offset at or after `from` where `needle` (which begins with CR and holds no other CR
    /// but at the start of a repeat of its own first bytes, as CR LF CR LF) starts, looking at most
    /// `within` bytes ahead.
    static func find(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, from: Int, within: Int = .max) -> Int? {
        guard let base = haystack.baseAddress, !needle.isEmpty else { return nil }
        let limit = from + min(within, haystack.count - from)
        var i = from
        while i + needle.count <= haystack.count, i < limit {
            guard let hit = memchr(base + i, Int32(needle[0]), limit - i) else { return nil }
            let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            guard at + needle.count <= haystack.count else { return nil }
            var k = 1
            while k < needle.count, haystack[at + k] == needle[k] { k += 1 }
            if k == needle.count { return at }
            i = at + 1
        }
        return nil
    }

    static func matches(_ prefix: [UInt8], in buffer: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        guard offset + prefix.count <= buffer.count else { return false }
        for k in 0..<prefix.count where buffer[offset + k] != prefix[k] { return false }
        return true
    }

    static func malformed(_ why: String) -> HromadaError {
        HromadaError(.malformedRequest, detail: .init(uk: "Некоректне тіло multipart/form-data: \(why).", en: "Malformed multipart/form-data body: \(why)."))
    }
}
