public import Foundation
import HromadaDomain

extension JSONEncoder {
    /// How the API writes JSON: dates as RFC 3339 in UTC with milliseconds (``Timestamp``), keys
    /// sorted so that responses are stable, slashes as they are.
    public static var api: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.format(date))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

extension JSONDecoder {
    /// Reads what ``JSONEncoder/api`` writes: dates as RFC 3339, with or without fractional seconds.
    public static var api: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = APIDate.parse(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad date \(text)"))
            }
            return date
        }
        return decoder
    }
}

/// Times as the API writes them, read back.
public enum APIDate {
    /// An RFC 3339 date-time, with or without fractional seconds; nil for anything else.
    public static func parse(_ text: String) -> Date? {
        (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
            ?? (try? Date(text, strategy: Date.ISO8601FormatStyle()))
    }
}
