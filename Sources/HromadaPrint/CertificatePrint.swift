/// Everything the printed copy of a certificate shows, already decided by the caller.
///
/// The values are printed as given; ``CertificatePDF/render(_:)`` only checks that they can be
/// printed (required text present, a real `YYYY-MM-DD` date, a 64-digit hex digest, finite
/// non-negative hours and credits) and formats numbers and the date for the language.
public struct CertificatePrint: Sendable, Equatable {
    /// `"en"` prints English labels; anything else (normally `"uk"`) prints Ukrainian ones.
    public var language: String
    public var learnerName: String
    public var courseTitle: String
    public var hours: Double
    /// ECTS credits.
    public var credits: Double
    /// `YYYY-MM-DD`, as in the signed document's `completed_on`.
    public var completedOn: String
    public var centreName: String
    public var signatoryName: String
    public var signatoryPosition: String
    public var associationName: String
    public var serial: String
    /// The full SHA-256 of the signed `<serial>.json`, 64 hex digits.
    public var documentSHA256: String
    /// What the QR code encodes: `https://<host>/c/<serial>?d=<22 base64url chars>`.
    public var verificationURL: String
    /// Set when the certificate has been revoked: a large diagonal "ВІДКЛИКАНО / REVOKED" mark then
    /// crosses the page, with the date and the reason under it.
    public var revocation: Revocation?
    /// An event's participation certificate ("took part in the event") rather than a course's.
    public var participation: Bool = false

    /// A revocation as printed, in the certificate's language.
    public struct Revocation: Sendable, Equatable {
        /// When, as the reader should see it: "7 грудня 2026, 06:01 (за київським часом)".
        public var date: String
        /// The public reason in words: "видано помилково".
        public var reason: String

        public init(date: String, reason: String) {
            self.date = date
            self.reason = reason
        }
    }

    public init(
        language: String,
        learnerName: String,
        courseTitle: String,
        hours: Double,
        credits: Double,
        completedOn: String,
        centreName: String,
        signatoryName: String,
        signatoryPosition: String,
        associationName: String,
        serial: String,
        documentSHA256: String,
        verificationURL: String,
        revocation: Revocation? = nil,
        participation: Bool = false
    ) {
        self.language = language
        self.learnerName = learnerName
        self.courseTitle = courseTitle
        self.hours = hours
        self.credits = credits
        self.completedOn = completedOn
        self.centreName = centreName
        self.signatoryName = signatoryName
        self.signatoryPosition = signatoryPosition
        self.associationName = associationName
        self.serial = serial
        self.documentSHA256 = documentSHA256
        self.verificationURL = verificationURL
        self.revocation = revocation
        self.participation = participation
    }
}
