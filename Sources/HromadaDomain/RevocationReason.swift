/// Why a centre revoked a certificate: one of four public codes. Whatever else the centre wants to
/// say goes into a private note (``noteLimit`` characters at most), which is never published.
///
/// If a signed X.509 CRL of single certificates is ever emitted, the codes map to CRLReason
/// (RFC 5280 §5.3.1) as ``crlReason`` says; `keyCompromise` is never used, as a learner's
/// certificate has no key of its own (a centre key's compromise is the root CRL's business).
public enum RevocationReason: String, Sendable, Codable, CaseIterable, Equatable {
    /// Issued by mistake (wrong person, wrong course, a grading error).
    case issuedInError = "issued_in_error"
    /// Replaced by a re-issued certificate (corrected data); the new serial is the live one.
    case superseded
    /// Withdrawn by the centre for any other reason.
    case withdrawn
    /// Obtained by fraud (someone else took the course, a forged result).
    case fraud

    /// The longest private note, in characters.
    public static let noteLimit = 1000

    /// The codes as a client lists them: `issued_in_error | superseded | withdrawn | fraud`.
    public static var listed: String { allCases.map(\.rawValue).joined(separator: " | ") }

    /// The X.509 CRLReason this code corresponds to: issued_in_error → cessationOfOperation (5),
    /// superseded → superseded (4), withdrawn → privilegeWithdrawn (9), fraud → privilegeWithdrawn (9).
    public var crlReason: Int {
        switch self {
        case .issuedInError: 5
        case .superseded: 4
        case .withdrawn, .fraud: 9
        }
    }

    /// The code in the learner's language, for pages and the terminal.
    public var label: LocalizedText {
        switch self {
        case .issuedInError: LocalizedText(uk: "видано помилково", en: "issued in error")
        case .superseded: LocalizedText(uk: "замінено перевиданим", en: "superseded by a re-issued certificate")
        case .withdrawn: LocalizedText(uk: "відкликано центром", en: "withdrawn by the centre")
        case .fraud: LocalizedText(uk: "отримано шахрайським шляхом", en: "obtained by fraud")
        }
    }
}
