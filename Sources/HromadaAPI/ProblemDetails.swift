public import HromadaDomain

/// An `application/problem+json` answer (RFC 9457): what went wrong, in the request's language,
/// with a stable `code` to act on and, for invalid input, one item per field or line. The server
/// writes it; a client reads it, also when its code is one this build does not know.
public struct ProblemDetails: Codable, Sendable, Equatable {
    /// One field (`answers.q1`) or one line of an uploaded file that is wrong.
    public struct Item: Codable, Sendable, Equatable {
        public var field: String?
        /// The file of several (a course pack) the line is in.
        public var path: String?
        public var line: Int?
        public var column: Int?
        public var message: String

        public init(field: String? = nil, path: String? = nil, line: Int? = nil, column: Int? = nil, message: String) {
            self.field = field
            self.path = path
            self.line = line
            self.column = column
            self.message = message
        }
    }

    /// `https://hromada.example/problems/<code>`; `about:blank` when a problem comes without one.
    public var type: String
    public var title: String
    public var status: Int
    public var detail: String?
    /// The code exactly as the server sent it, known to this build or not.
    public var codeText: String
    public var errors: [Item]?
    /// The request's id, for quoting to the people who run the server.
    public var requestID: String?

    /// The code, when this build knows it; nil for a code of a newer server (see ``codeText``),
    /// which a client then treats by its `status`.
    public var code: HromadaError.Code? { HromadaError.Code(rawValue: codeText) }

    public init(type: String, title: String, status: Int, detail: String?, code: HromadaError.Code, errors: [Item]?, requestID: String?) {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
        self.codeText = code.rawValue
        self.errors = errors
        self.requestID = requestID
    }

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail, errors
        case codeText = "code"
        case requestID = "request_id"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.decodeIfPresent(String.self, forKey: .type) ?? "about:blank"
        title = try c.decode(String.self, forKey: .title)
        status = try c.decode(Int.self, forKey: .status)
        detail = try c.decodeIfPresent(String.self, forKey: .detail)
        codeText = try c.decode(String.self, forKey: .codeText)
        errors = try c.decodeIfPresent([Item].self, forKey: .errors)
        requestID = try c.decodeIfPresent(String.self, forKey: .requestID)
    }
}
