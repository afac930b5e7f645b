import Foundation
import HromadaDomain

/// A small `multipart/form-data` (RFC 7578) reader: named parts to their raw bytes.
enum Multipart {
    static func parse(_ body: [UInt8], contentType: String) throws -> [String: [UInt8]] {
        guard let range = contentType.range(of: "boundary=", options: .caseInsensitive) else { throw malformed("the boundary parameter is missing") }
        var boundary = String(contentType[range.upperBound...].split(separator: ";").first ?? "")
        boundary = boundary.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        guard !boundary.isEmpty, boundary.count <= 200 else { throw malformed("the boundary is empty or too long") }
        let delimiter = Array("--\(boundary)".utf8)
        var parts: [String: [UInt8]] = [:]
        var positions: [Int] = []
        var i = 0
        while let found = find(delimiter, in: body, from: i) {
            positions.append(found)
            i = found + delimiter.count
        }
        guard positions.count >= 2 else { throw malformed("no parts were found") }
        for (start, end) in zip(positions, positions.dropFirst()) {
            var partStart = start + delimiter.count
            if body[partStart..<min(partStart + 2, body.count)].elementsEqual([13, 10]) { partStart += 2 }
            var partEnd = end
            if partEnd >= 2, body[partEnd - 2] == 13, body[partEnd - 1] == 10 { partEnd -= 2 }
            guard partStart <= partEnd else { continue }
            let part = Array(body[partStart..<partEnd])
            guard let headerEnd = find([13, 10, 13, 10], in: part, from: 0) else { throw malformed("a part has no header") }
            let headers = String(decoding: part[..<headerEnd], as: UTF8.self)
            guard let name = headers.split(separator: "\r\n").lazy
                .filter({ $0.lowercased().hasPrefix("content-disposition:") })
                .compactMap({ line -> String? in
                    guard let r = line.range(of: "name=\"") else { return nil }
                    return line[r.upperBound...].split(separator: "\"").first.map(String.init)
                }).first else { throw malformed("a part has no name") }
            parts[name] = Array(part[(headerEnd + 4)...])
        }
        return parts
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard needle.count <= haystack.count, from <= haystack.count - needle.count else { return nil }
        var i = from
        while i <= haystack.count - needle.count {
            if haystack[i] == needle[0] && haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    static func malformed(_ why: String) -> HromadaError {
        HromadaError(.malformedRequest, detail: .init(uk: "Некоректне тіло multipart/form-data: \(why).", en: "Malformed multipart/form-data body: \(why)."))
    }
}
