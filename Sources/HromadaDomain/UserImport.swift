import Foundation

/// Reads the association's people CSV (`email,full_name,category,position,hromada`), with commas
/// or, as spreadsheets set to Ukrainian save it, semicolons (told by the header line).
///
/// The whole file is checked before anything is stored: either every line is valid and the
/// people are returned, or every problem is returned with its line number.
public enum UserImport {
    /// One valid person from the file and the line they came from.
    public struct Line: Sendable, Equatable {
        public let line: Int
        public let person: NewUser
    }

    public static let header = ["email", "full_name", "category", "position", "hromada"]
    /// Files with more lines than this are refused whole.
    public static let maxRows = 20_000

    /// `;` when the file's first line is the header written with semicolons, else `,`.
    static func separator(of text: String) -> Unicode.Scalar {
        let first = text.drop { $0 == "\u{FEFF}" || $0.isNewline }.prefix { !$0.isNewline }
        let names = first.split(separator: ";", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        return names == header ? ";" : ","
    }

    public static func parse(csv text: String, centre: String) -> Result<[Line], HromadaError> {
        let records: [CSVReader.Record]
        do {
            records = try CSVReader.parse(text, separator: separator(of: text))
        } catch {
            switch error {
            case .unterminatedQuote(let line):
                return .failure(lineError(line, .init(uk: "лапки поля не закрито", en: "a quoted field is never closed")))
            case .textAfterClosingQuote(let line):
                return .failure(lineError(line, .init(uk: "текст після закривальних лапок", en: "text follows a closing quote")))
            }
        }
        guard let first = records.first else {
            return .failure(lineError(1, .init(
                uk: "файл порожній; очікується заголовок \(header.joined(separator: ","))",
                en: "the file is empty; expected the header \(header.joined(separator: ","))"
            )))
        }
        let names = first.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard names == header else {
            return .failure(lineError(first.line, .init(
                uk: "заголовок має бути \(header.joined(separator: ",")) (через коми або крапки з комою)",
                en: "the header must be \(header.joined(separator: ",")) (with commas or semicolons)"
            )))
        }
        if records.count - 1 > maxRows {
            return .failure(lineError(records[maxRows + 1].line, .init(
                uk: "забагато рядків; не більше \(maxRows) осіб в одному файлі",
                en: "too many lines; at most \(maxRows) people per file"
            )))
        }

        var people: [Line] = []
        var problems: [HromadaError.LineProblem] = []
        var seen: [String: Int] = [:]
        for record in records.dropFirst() {
            guard record.fields.count == header.count else {
                problems.append(.init(
                    line: record.line,
                    message: .init(
                        uk: "очікується \(header.count) полів, знайдено \(record.fields.count)",
                        en: "expected \(header.count) fields, found \(record.fields.count)"
                    )
                ))
                continue
            }
            let f = record.fields
            switch NewUser.validate(
                email: f[0], fullName: f[1], category: f[2], position: f[3], hromada: f[4],
                centre: centre, roles: nil, password: nil
            ) {
            case .success(let person):
                if let earlier = seen[person.email] {
                    problems.append(.init(line: record.line, message: .init(
                        uk: "адреса \(person.email) вже є в рядку \(earlier)",
                        en: "email \(person.email) already appears on line \(earlier)"
                    )))
                } else {
                    seen[person.email] = record.line
                    people.append(Line(line: record.line, person: person))
                }
            case .failure(let error):
                for p in error.fieldProblems {
                    problems.append(.init(line: record.line, message: .init(uk: "\(p.field): \(p.message.uk)", en: "\(p.field) \(p.message.en)")))
                }
            }
        }
        if !problems.isEmpty {
            return .failure(HromadaError(.validationFailed, lineProblems: problems))
        }
        return .success(people)
    }

    static func lineError(_ line: Int, _ message: LocalizedText) -> HromadaError {
        HromadaError(.validationFailed, lineProblems: [.init(line: line, message: message)])
    }
}
