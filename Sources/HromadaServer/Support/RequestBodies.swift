import HromadaAPI

// The keys each shared request body may carry (`HromadaAPI`'s types, decoded by ``BodyDecoder``):
// any other key is refused by name rather than ignored. `RequestBodyTests` holds each list to what
// the type itself encodes.

extension LoginRequest: RequestBody { static let keys: Set<String> = ["email", "password"] }
extension ActivationRequest: RequestBody { static let keys: Set<String> = ["token", "password"] }
extension PasswordResetRequest: RequestBody { static let keys: Set<String> = ["email"] }
extension PasswordResetConfirmation: RequestBody { static let keys: Set<String> = ["token", "password"] }
extension PasswordChange: RequestBody { static let keys: Set<String> = ["current_password", "new_password"] }
extension UserCreation: RequestBody {
    static let keys: Set<String> = ["email", "full_name", "category", "position", "hromada", "centre", "roles", "password", "language", "appointed_on"]
}
extension CertificateVerificationRequest: RequestBody { static let keys: Set<String> = ["document", "signature"] }
/// `reason` is listed so that the first version's free text is refused by name (see `revocation(_:reissue:)`).
extension RevocationRequest: RequestBody { static let keys: Set<String> = ["reason_code", "note", "reason"] }
extension LessonCompletionRequest: RequestBody { static let keys: Set<String> = ["completed_at"] }
extension AnswersRequest: RequestBody { static let keys: Set<String> = ["answers"] }
extension GradeRequest: RequestBody { static let keys: Set<String> = ["question_id", "points", "comment"] }
extension RegradeRequest: RequestBody { static let keys: Set<String> = ["from_version", "to_version", "quiz_id"] }
extension EmailList: RequestBody { static let keys: Set<String> = ["emails"] }
extension CohortCreation: RequestBody { static let keys: Set<String> = ["centre", "course", "title", "starts_on", "ends_on"] }
extension EventDraft: RequestBody {}
extension CheckInRequest: RequestBody { static let keys: Set<String> = ["code"] }
extension AttendanceList: RequestBody { static let keys: Set<String> = ["present"] }
extension Development.PlanDecision: RequestBody { static let keys: Set<String> = ["comment"] }
extension Development.Recognition: RequestBody { static let keys: Set<String> = ["credits", "comment"] }
extension Development.Rejection: RequestBody { static let keys: Set<String> = ["reason"] }
