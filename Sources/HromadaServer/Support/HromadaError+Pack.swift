import HromadaDomain
import HromadaPacks

extension HromadaError {
    /// The 422 of an upload the validator refused (a course pack, a programme folder): `detail` in
    /// both languages and every error as a line problem (`path`, `line`, `column`, the message in both).
    static func packProblems(uk: String, en: String) -> @Sendable ([Diagnostic]) -> HromadaError {
        { errors in
            HromadaError(.validationFailed, detail: .init(uk: uk, en: en), lineProblems: errors.map {
                .init(line: $0.line, message: .init(uk: $0.text(.uk), en: $0.description), path: $0.path, column: $0.column)
            })
        }
    }
}
