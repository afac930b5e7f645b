public import HromadaDomain

/// A fully resolved, validated course pack: what the server stores as one immutable course version.
public struct Course: Sendable, Equatable, Codable {
    public struct Author: Sendable, Equatable, Codable {
        public var name: String
        public var email: String?
    }

    public struct Module: Sendable, Equatable, Codable {
        public enum Item: Sendable, Equatable, Codable {
            case lesson(String)
            case quiz(String)
        }
        public var id: String
        public var title: String
        public var items: [Item]
    }

    public struct Completion: Sendable, Equatable, Codable {
        public enum Lessons: Sendable, Equatable, Codable {
            case all
            case none
            case atLeast(Int)
        }
        public var lessons: Lessons
        public var quizzes: [String]
    }

    public var slug: String
    public var version: String
    public var language: String
    public var title: String
    public var summary: String
    public var audience: [Category]
    public var hours: Double
    public var credits: Double
    public var programme: String
    public var authors: [Author]
    public var tags: [String]
    public var modules: [Module]
    public var lessons: [Lesson]
    public var quizzes: [Quiz]
    public var completion: Completion
    public var certificate: Bool
    /// SHA-256 (hex) over the pack's files in a fixed order; see ``PackFiles/contentHash``.
    public var contentHash: String
    /// The files the manifest reaches: what the release holds.
    public var files: [String]
    /// The files lessons link to (images, PDFs), and only those: what anyone may download one by one.
    /// A file the manifest, a quiz or an import reads is never among them, whatever its name.
    public var assets: [String] = []
}

public struct Lesson: Sendable, Equatable, Codable {
    public var id: String
    public var title: String
    public var minutes: Int
    public var path: String
    /// The Markdown body as written (front matter removed).
    public var markdown: String
    /// Rendered once at import; raw HTML in the source is escaped.
    public var html: String
}

public struct Quiz: Sendable, Equatable, Codable {
    public enum Grading: String, Sendable, Codable, CaseIterable { case highest, last, first, average }
    public enum Expiry: String, Sendable, Codable, CaseIterable { case autosubmit, abandon }
    public enum Review: String, Sendable, Codable, CaseIterable {
        case afterSubmit = "after_submit"
        case scoreOnly = "score_only"
    }

    public var id: String
    public var title: String
    public var path: String
    public var passPercent: Double
    public var maxAttempts: Int
    public var timeLimitMinutes: Int?
    public var whenTimeExpires: Expiry
    public var grading: Grading
    public var shuffleQuestions: Bool
    public var shuffleOptions: Bool
    public var draw: Int?
    public var review: Review
    /// The pool: the quiz's own questions, then every imported GIFT question, in file order.
    public var questions: [Question]
}

/// One question of a quiz pool, with everything needed to grade it.
public struct Question: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case single, multiple
        case trueFalse = "true_false"
        case short, numeric, matching, ordering, essay, description
    }

    public struct Option: Sendable, Equatable, Codable {
        public var id: String
        public var text: String
        /// Fraction of the points this option is worth, −1…1.
        public var weight: Double
        public var feedback: String?
    }

    /// An accepted text answer of a short question.
    public struct TextAnswer: Sendable, Equatable, Codable {
        public var text: String
        public var weight: Double
        public var feedback: String?
    }

    /// An accepted numeric answer: `value ± tolerance`, or `min…max`.
    public struct NumericAnswer: Sendable, Equatable, Codable {
        public var value: Double?
        public var tolerance: Double
        public var min: Double?
        public var max: Double?
        public var weight: Double
        public var feedback: String?

        public init(value: Double?, tolerance: Double, min: Double? = nil, max: Double? = nil, weight: Double, feedback: String? = nil) {
            self.value = value
            self.tolerance = tolerance
            self.min = min
            self.max = max
            self.weight = weight
            self.feedback = feedback
        }
    }

    public struct Pair: Sendable, Equatable, Codable {
        public var left: String
        public var right: String
    }

    public var id: String
    public var kind: Kind
    public var text: String
    public var points: Double
    public var options: [Option] = []
    public var trueFalseAnswer: Bool?
    /// GIFT true/false feedback: shown for a wrong answer, then for a right one.
    public var trueFalseFeedback: [String] = []
    public var textAnswers: [TextAnswer] = []
    public var caseSensitive: Bool = false
    public var numericAnswers: [NumericAnswer] = []
    /// The feedback for a numerical answer that none of `numericAnswers` accepts (GIFT's `~#…`).
    public var otherAnswerFeedback: String?
    /// Matching pairs; a pair with an empty left side (GIFT's `= -> right`) is a distractor: its right
    /// side is one more choice, and it is neither shown as a row nor scored.
    public var pairs: [Pair] = []
    public var items: [String] = []
    public var partial: Bool = false
    public var generalFeedback: String?
    /// Where it was written, `path:line`.
    public var source: String

    public init(id: String, kind: Kind, text: String, points: Double, source: String) {
        self.id = id
        self.kind = kind
        self.text = text
        self.points = points
        self.source = source
    }
}
