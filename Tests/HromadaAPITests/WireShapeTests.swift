import Foundation
import HromadaAPI
import HromadaDomain
import Testing

/// Each shape is written by the server (``Foundation/JSONEncoder/api``) exactly as before it moved
/// here, and read by the client (``Foundation/JSONDecoder/api``) back into the same value: the key
/// names, the nulls and the absent keys of the two sides cannot drift apart.
@Suite struct WireShapeTests {
    /// `value` written as `expected`, and `expected` read and written again unchanged.
    static func check<T: Codable>(_ value: T, writes expected: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(String(decoding: try JSONEncoder.api.encode(value), as: UTF8.self) == expected, sourceLocation: sourceLocation)
        let read = try JSONDecoder.api.decode(T.self, from: Data(expected.utf8))
        #expect(String(decoding: try JSONEncoder.api.encode(read), as: UTF8.self) == expected, sourceLocation: sourceLocation)
    }

    static func read<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder.api.decode(T.self, from: Data(json.utf8))
    }

    // MARK: Attempts

    @Test func anAttemptWithoutAReviewIsWrittenDirectlyAsTheEncoderWritesIt() throws {
        let cases: [(Attempt, String)] = [
            (Samples.attempt(.inProgress, graded: false, deadline: Samples.t2), Wire.viewFastInProgressTimed),
            (Samples.attempt(.inProgress, graded: false, deadline: nil), Wire.viewFastInProgressUntimed),
            (Samples.attempt(.finished, graded: true, deadline: Samples.t2), Wire.viewFastFinished),
            (Samples.attempt(.needsGrading, graded: true, deadline: nil), Wire.viewFastNeedsGrading),
            (Samples.attempt(.abandoned, graded: false, deadline: Samples.t2), Wire.viewFastAbandoned),
        ]
        for (attempt, expected) in cases {
            #expect(String(decoding: try #require(attempt.jsonBytes), as: UTF8.self) == expected)
            try Self.check(attempt, writes: expected)
        }
        #expect(Wire.viewEncodedInProgress == Wire.viewFastInProgressTimed)
    }

    @Test func anAttemptWithAReviewGoesThroughTheEncoder() throws {
        #expect(Samples.reviewed.jsonBytes == nil)
        try Self.check(Samples.reviewed, writes: Wire.viewEncodedFinishedReview)
        try Self.check(Samples.awaitingGrading, writes: Wire.viewEncodedNeedsGradingReview)
    }

    @Test func theClientReadsAnAttemptTyped() throws {
        let attempt = try Self.read(Attempt.self, Wire.viewEncodedFinishedReview)
        #expect(attempt.id == Samples.u1 && attempt.enrolmentID == Samples.u2)
        #expect(attempt.state == .finished && !attempt.isOpen)
        #expect(attempt.questions.map(\.type) == [.single, .matching, .ordering, .essay, .trueFalse, .description])
        #expect(attempt.review?.map(\.outcome) == [.correct, .partial, .incorrect, .correct, .unanswered])
        #expect(abs(try #require(attempt.submittedAt).timeIntervalSince(Samples.t3)) < 0.001)
        #expect(attempt.answers["q2"] == .object(["a": .string("b"), "c": .null]))
        let open = try Self.read(Attempt.self, Wire.viewFastInProgressUntimed)
        #expect(open.isOpen && open.deadline == nil && open.secondsLeft == nil && open.score == nil && open.review == nil)
    }

    @Test func aQuizsAttemptsArePagedSummaries() throws {
        try Self.check(Page(items: [Samples.finishedSummary, Samples.openSummary], nextCursor: nil), writes: Wire.attemptSummaryPage)
        try Self.check(Page(items: [Samples.openSummary], nextCursor: "MQ"), writes: Wire.attemptSummaryPageCursor)
        let page = try Self.read(Page<AttemptSummary>.self, Wire.attemptSummaryPageCursor)
        #expect(page.nextCursor == "MQ" && page.items.map(\.state) == [.inProgress])
    }

    @Test func anAnswerSavePassesTheStoredAnswersThrough() throws {
        let timed = try SavedAnswers.json(id: Samples.u1, state: .inProgress, deadline: Samples.t2, secondsLeft: 1234.567,
                                          answersJSON: #"{"q1": "a1b2c3d4e5", "q3": ["x", 0.5]}"#)
        #expect(String(decoding: timed, as: UTF8.self) == Wire.savedTimed)
        let untimed = try SavedAnswers.json(id: Samples.u1, state: .inProgress, deadline: nil, secondsLeft: nil, answersJSON: "{}")
        #expect(String(decoding: untimed, as: UTF8.self) == Wire.savedUntimed)
        let saved = try Self.read(SavedAnswers.self, Wire.savedTimed)
        #expect(saved.id == Samples.u1 && saved.state == .inProgress && saved.secondsLeft == 1234.567)
        #expect(saved.answers == ["q1": .string("a1b2c3d4e5"), "q3": .array([.string("x"), .number(0.5)])])
    }

    // MARK: Grading

    @Test func theGradingQueueIsAPageOfItems() throws {
        try Self.check(Samples.gradingPage, writes: Wire.gradingPage)
        try Self.check(Page<GradingItem>(items: [], nextCursor: nil), writes: Wire.gradingPageEmpty)
        let page = try Self.read(Page<GradingItem>.self, Wire.gradingPage)
        #expect(page.items.map(\.attemptID) == [Samples.u1, Samples.u1] && page.items[0].learner.id == Samples.u2)
        #expect(page.items[0].essays.map(\.awarded) == [7.5, nil] && page.items[1].submittedAt == nil)
    }

    @Test func aRegradeReportsItsChangesByID() throws {
        try Self.check(Samples.regrade, writes: Wire.regradeReport)
        try Self.check(Samples.emptyRegrade, writes: Wire.regradeReportEmpty)
        let report = try Self.read(RegradeReport.self, Wire.regradeReport)
        #expect(report.newlyCompleted == [Samples.u2] && report.toReview == [Samples.u3, Samples.u1])
        #expect(report.changes[1].oldPercent == nil && report.changes[0].userID == Samples.u3)
    }

    // MARK: Certificates

    // MARK: Enrolments

    @Test func anEnrolmentKeepsItsNullsAndIsReadTyped() throws {
        let enrolment = Enrolment(
            id: Samples.u1, userID: Samples.u2, course: .init(slug: "council-deputy", title: "Депутат", version: "1.2.0"),
            status: .inProgress, enrolledAt: Samples.t1, completedAt: nil, withdrawnAt: nil,
            lessons: [.init(id: "intro", title: "Вступ", completedAt: Samples.t2), .init(id: "ethics", title: "Етика", completedAt: nil)],
            quizzes: [.init(id: "final", title: "Підсумковий тест", grade: nil, passed: false, attemptsUsed: 3, attemptsAllowed: 3)],
            certificate: nil)
        let wire = #"{"certificate":null,"completed_at":null,"course":{"slug":"council-deputy","title":"Депутат","version":"1.2.0"},"#
            + #""enrolled_at":"2026-09-21T14:13:20.123Z","id":"3f1c2a9b-0000-4000-8000-00000000000a","#
            + #""lessons":[{"completed_at":"2026-09-21T14:43:20.000Z","id":"intro","title":"Вступ"},{"completed_at":null,"id":"ethics","title":"Етика"}],"#
            + #""quizzes":[{"attempts_allowed":3,"attempts_used":3,"grade":null,"id":"final","passed":false,"title":"Підсумковий тест"}],"#
            + #""status":"in_progress","user_id":"b2c3d4e5-1111-4222-8333-44445555666f","withdrawn_at":null}"#
        try Self.check(enrolment, writes: wire)
        let read = try Self.read(Enrolment.self, wire)
        #expect(read.status == .inProgress && read.quizzes[0].attemptsExhausted && read.lessons[0].completedAt == Samples.t2)

        var completed = enrolment
        completed.status = .completed
        completed.certificate = .init(serial: "HRM-2026-000001-7", issuedAt: nil, status: .pending)
        let certificate = try Self.read(Enrolment.self, String(decoding: try JSONEncoder.api.encode(completed), as: UTF8.self)).certificate
        #expect(certificate == .init(serial: "HRM-2026-000001-7", issuedAt: nil, status: .pending))
        // A status the client does not know is refused, not read as some other state.
        #expect(throws: DecodingError.self) { try Self.read(Enrolment.self, wire.replacingOccurrences(of: "in_progress", with: "paused")) }
    }

    @Test func aCPDYearListsCoursesAndEventsWithTheirCertificates() throws {
        let record = CPDRecord(year: 2026, items: [
            .init(source: .course, slug: "council-deputy", title: "Депутат", version: "1.2.0", hours: 30, credits: 1,
                  completedAt: Samples.t2, certificate: "HRM-2026-000001-7"),
            .init(source: .event, slug: Samples.u3.lowercasedText, title: "Семінар", version: "", hours: 6, credits: 0.2,
                  completedAt: Samples.t1, certificate: nil),
        ], totalHours: 36, totalCredits: 1.2)
        let wire = #"{"items":[{"certificate":"HRM-2026-000001-7","completed_at":"2026-09-21T14:43:20.000Z","credits":1,"hours":30,"#
            + #""slug":"council-deputy","source":"course","title":"Депутат","version":"1.2.0"},"#
            + #"{"certificate":null,"completed_at":"2026-09-21T14:13:20.123Z","credits":0.2,"hours":6,"#
            + #""slug":"00000000-abcd-4ef0-9000-000000000001","source":"event","title":"Семінар","version":""}],"#
            + #""total_credits":1.2,"total_hours":36,"year":2026}"#
        try Self.check(record, writes: wire)
        #expect(try Self.read(CPDRecord.self, wire).items.map(\.source) == [.course, .event])
    }

    @Test func aLearnersCertificatesAreAPageOfSummaries() throws {
        try Self.check(Page(items: [Samples.issued, Samples.revoked, Samples.pending], nextCursor: nil), writes: Wire.certificatePage)
        let page = try Self.read(Page<CertificateSummary>.self, Wire.certificatePage)
        #expect(page.items.map(\.status) == [.issued, .revoked, .pending])
        #expect(page.items[1].revocationCode == .issuedInError && page.items.allSatisfy { $0.revocationNote == nil })
    }

    @Test func theCentresNoteIsAbsentNullOrThere() throws {
        var withNote = Samples.revoked
        withNote.revocationNote = .some(Samples.awkward)
        try Self.check(withNote, writes: Wire.certificateWithNote)
        var nullNote = Samples.issued
        nullNote.revocationNote = .some(nil)
        try Self.check(nullNote, writes: Wire.certificateWithNullNote)
        #expect(try Self.read(CertificateSummary.self, Wire.certificateWithNullNote).revocationNote == .some(nil))
        #expect(try Self.read(CertificateSummary.self, Wire.certificateWithNote).revocationNote == .some(Samples.awkward))
    }

    @Test func everyVerdictKeepsItsNulls() throws {
        try Self.check(CertificateVerification(verdict: .tampered, serial: nil), writes: Wire.verificationTampered)
        try Self.check(CertificateVerification(verdict: .valid, serial: Samples.serial, chain: Samples.chain), writes: Wire.verificationValid)
        try Self.check(CertificateVerification(verdict: .revoked, serial: Samples.serial,
                                               revocation: .init(revokedAt: Samples.t3, reasonCode: .fraud), chain: Samples.chain),
                       writes: Wire.verificationRevoked)
        try Self.check(CertificateVerification(verdict: .expiredChain, serial: "S", validAtIssuance: false, chain: Samples.chain),
                       writes: Wire.verificationExpired)
        try Self.check([CertificateVerification(verdict: .signerRevoked, serial: "S", chain: Samples.chain),
                        CertificateVerification(verdict: .unknownIssuer, serial: nil),
                        CertificateVerification(verdict: .statusUnknown, serial: "S", validAtIssuance: true, chain: Samples.chain)],
                       writes: Wire.verificationOthers)
        let revoked = try Self.read(CertificateVerification.self, Wire.verificationRevoked)
        #expect(revoked.verdict == .revoked && revoked.revocation?.reasonCode == .fraud && revoked.chain.map(\.role) == [.root, .centre])
    }

    @Test func aPublicCertificateShowsTheDocumentOnlyWithTheDigest() throws {
        try Self.check(Samples.fullPublicCertificate, writes: Wire.publicCertificateFull)
        try Self.check(Samples.maskedPublicCertificate, writes: Wire.publicCertificateMasked)
        let masked = try Self.read(PublicCertificate.self, Wire.publicCertificateMasked)
        #expect(masked.document == nil && masked.revocationNote == nil && masked.status == .valid && !masked.digestMatched)
    }

    // MARK: Signing in

    @Test func aLoginAnswerCarriesTheTokenAndThePerson() throws {
        let user = User(id: Samples.u1, email: "maria@example.org", fullName: "Шевченко Марія", category: .deputy,
                        position: "депутатка", hromada: "Ірпінська", centre: "KYV", roles: [.trainer, .learner], createdAt: Samples.t1)
        try Self.check(LoginAnswer(token: "tok-1", expiresAt: Samples.t3, user: user), writes: #"{"expires_at":"2026-09-21T14:23:20.987Z","token":"tok-1","user":{"category":"deputy","centre":"KYV","created_at":"2026-09-21T14:13:20.123Z","email":"maria@example.org","full_name":"Шевченко Марія","hromada":"Ірпінська","id":"3f1c2a9b-0000-4000-8000-00000000000a","position":"депутатка","roles":["learner","trainer"],"status":"active"}}"#)
        // A server from before accounts writes no status: read as active.
        let older = try Self.read(User.self, #"{"category":"deputy","centre":"KYV","created_at":"2026-09-21T14:13:20.123Z","email":"maria@example.org","full_name":"Шевченко Марія","hromada":"Ірпінська","id":"3f1c2a9b-0000-4000-8000-00000000000a","position":"депутатка","roles":["learner","trainer"]}"#)
        #expect(older.status == .active && older.id == user.id && older.roles == user.roles)
    }

    // MARK: Accounts

    @Test func anOutboxMessageWritesEveryKeyAndNeverItsText() throws {
        try Self.check(OutboxMessage(id: Samples.u1, userID: Samples.u2, to: "maria@example.org", kind: .invitation, status: .pending,
                                     attempts: 2, lastError: Samples.awkward, createdAt: Samples.t1, sentAt: nil, nextAttemptAt: Samples.t2),
                       writes: #"{"attempts":2,"created_at":"2026-09-21T14:13:20.123Z","id":"3f1c2a9b-0000-4000-8000-00000000000a","kind":"invitation","last_error":"Лапки \" і \\ зворотна, / скісна,\nрядок,\tтаб, \u0001 керівний, emoji 🇺🇦","next_attempt_at":"2026-09-21T14:43:20.000Z","sent_at":null,"status":"pending","to":"maria@example.org","user_id":"b2c3d4e5-1111-4222-8333-44445555666f"}"#)
        try Self.check(OutboxMessage(id: Samples.u1, userID: nil, to: "x@example.org", kind: .passwordReset, status: .sent,
                                     attempts: 1, lastError: nil, createdAt: Samples.t1, sentAt: Samples.t3, nextAttemptAt: nil),
                       writes: #"{"attempts":1,"created_at":"2026-09-21T14:13:20.123Z","id":"3f1c2a9b-0000-4000-8000-00000000000a","kind":"password_reset","last_error":null,"next_attempt_at":null,"sent_at":"2026-09-21T14:23:20.987Z","status":"sent","to":"x@example.org","user_id":null}"#)
    }

    @Test func theAccountBodiesUseTheDocumentedKeys() throws {
        try Self.check(InvitationQueued(userID: Samples.u2, messageID: Samples.u1, expiresAt: Samples.t2),
                       writes: #"{"expires_at":"2026-09-21T14:43:20.000Z","message_id":"3f1c2a9b-0000-4000-8000-00000000000a","user_id":"b2c3d4e5-1111-4222-8333-44445555666f"}"#)
        try Self.check(ActivationRequest(token: "t0k", password: "пароль"), writes: #"{"password":"пароль","token":"t0k"}"#)
        try Self.check(PasswordResetConfirmation(token: "t0k", password: "пароль"), writes: #"{"password":"пароль","token":"t0k"}"#)
        try Self.check(PasswordChange(currentPassword: "a", newPassword: "b"), writes: #"{"current_password":"a","new_password":"b"}"#)
        try Self.check(PasswordResetRequest(email: "m@example.org"), writes: #"{"email":"m@example.org"}"#)
        try Self.check(PasswordResetAccepted(), writes: #"{"accepted":true}"#)
        // A body without a field reads as that field missing, for the server to name it (422).
        let empty = try Self.read(ActivationRequest.self, "{}")
        #expect(empty.token == nil && empty.password == nil)
    }

    // MARK: Packs

    @Test func aPublishedPackSaysWhetherItIsNew() throws {
        let pack = PublishedPack(slug: "local-self-government", version: "1.0.0", hash: "sha256:ab", warnings: ["lessons/a.md: «/x»"], created: true)
        try Self.check(pack, writes: #"{"created":true,"draft":false,"hash":"sha256:ab","slug":"local-self-government","version":"1.0.0","warnings":["lessons/a.md: «/x»"]}"#)
        // A server from before drafts wrote no `draft`: read as a release.
        #expect(try Self.read(PublishedPack.self, #"{"created":false,"hash":"h","slug":"s","version":"1.0.0","warnings":[]}"#).draft == false)
        let draft = PublishedPack(slug: "s", version: "0.1.0", hash: "h", warnings: [], created: true, draft: true)
        try Self.check(draft, writes: #"{"created":true,"draft":true,"hash":"h","slug":"s","version":"0.1.0","warnings":[]}"#)
    }

    @Test func aReleasedVersionSaysWhetherItWasADraft() throws {
        try Self.check(ReleasedVersion(slug: "s", version: "0.1.0", hash: "h", released: true),
                       writes: #"{"hash":"h","released":true,"slug":"s","version":"0.1.0"}"#)
    }

    // MARK: The development record

    @Test func aYearsItemIsTheDomainsItemWithItsSourceTyped() throws {
        let external = Development.Standing.Item(
            source: .external, title: "Вебінар", date: "2026-03-01", hours: 3, credits: Decimal(string: "0.1")!, selfEducation: true,
            evidence: .init(externalRecordID: "3f1c2a9b-0000-4000-8000-000000000001"))
        try Self.check(external, writes: #"{"credits":0.1,"date":"2026-03-01","evidence":{"external_record_id":"3f1c2a9b-0000-4000-8000-000000000001"},"#
            + #""hours":3,"self_education":true,"source":"external","title":"Вебінар"}"#)
        let course = Development.Standing.Item(source: .course, title: "Курс", date: "2026-02-01", hours: 30, credits: 1, selfEducation: false,
                                               evidence: .init(certificateSerial: "KYV-2026-000001"))
        try Self.check(course, writes: #"{"credits":1,"date":"2026-02-01","evidence":{"certificate_serial":"KYV-2026-000001"},"#
            + #""hours":30,"self_education":false,"source":"course","title":"Курс"}"#)
        #expect(throws: DecodingError.self) { try Self.read(Development.Standing.Item.self, #"{"credits":1,"date":"2026-02-01","evidence":{},"hours":1,"self_education":false,"source":"holiday","title":"x"}"#) }
    }

    @Test func theRecordsStatesAreTypedWithTheNamesTheServerWrites() throws {
        struct States: Codable {
            var plan: DevelopmentPlan.Status
            var listed: Development.PlanState
            var record: ExternalRecord.Status
            var kind: ExternalRecordDraft.Kind
            var due: Development.DueReason
        }
        try Self.check(States(plan: .returned, listed: .none, record: .withdrawn, kind: .experienceExchange, due: .firstYear),
                       writes: #"{"due":"first_year","kind":"experience_exchange","listed":"none","plan":"returned","record":"withdrawn"}"#)
        #expect(Development.PlanState(nil) == .none && Development.PlanState(.submitted) == .submitted)
        #expect(DevelopmentPlan.Status.allCases.allSatisfy { Development.PlanState($0).rawValue == $0.rawValue })
        #expect(throws: DecodingError.self) { try Self.read(States.self, #"{"due":"someday","kind":"training","listed":"none","plan":"draft","record":"pending"}"#) }
    }

    @Test func aRecordClaimIsTheDomainsDraftAsTheClientSendsIt() throws {
        let claim = Development.RecordClaim(provider: "Prometheus", title: "Вебінар", kind: .selfEducation, startedOn: "2026-03-01",
                                            finishedOn: "2026-03-01", hours: 3, credits: Decimal(string: "0.1")!)
        try Self.check(claim, writes: #"{"credits":0.1,"finished_on":"2026-03-01","hours":3,"kind":"self_education","provider":"Prometheus","#
            + #""started_on":"2026-03-01","title":"Вебінар"}"#)
        // What the client writes is what the server's field-by-field check accepts.
        let json = try JSONDecoder.api.decode(JSONValue.self, from: try JSONEncoder.api.encode(claim))
        #expect(try ExternalRecordDraft.validate(json).get() == claim)
    }

    // MARK: Problems and dates

    @Test func aProblemLeavesOutWhatItHasNot() throws {
        try Self.check(Samples.validationProblem, writes: Wire.problemValidation)
        try Self.check(Samples.plainProblem, writes: Wire.problemPlain)
        try Self.check(Samples.codedProblem, writes: Wire.problemCoded)
        #expect(try Self.read(ProblemDetails.self, Wire.problemValidation) == Samples.validationProblem)
        // Not every problem comes from this server (a proxy's, say): no type means about:blank (RFC 9457).
        let bare = try Self.read(ProblemDetails.self, #"{"code":"x","status":502,"title":"Bad Gateway"}"#)
        #expect(bare.type == "about:blank" && bare.errors == nil)
        // A code of a newer server is kept as text.
        #expect(bare.code == nil && bare.codeText == "x")
        #expect(try Self.read(ProblemDetails.self, Wire.problemCoded).code == .attemptOverdue)
    }

    @Test func datesAreReadWithOrWithoutFractionalSeconds() throws {
        struct Stamp: Codable { var at: Date }
        let whole = try Self.read(Stamp.self, #"{"at":"2026-09-21T14:43:20Z"}"#).at
        let milli = try Self.read(Stamp.self, #"{"at":"2026-09-21T14:43:20.000Z"}"#).at
        #expect(whole == Samples.t2 && milli == Samples.t2)
        #expect(String(decoding: try JSONEncoder.api.encode(Stamp(at: whole)), as: UTF8.self) == #"{"at":"2026-09-21T14:43:20.000Z"}"#)
        #expect(throws: DecodingError.self) { try Self.read(Stamp.self, #"{"at":"21.09.2026"}"#) }
    }
}
