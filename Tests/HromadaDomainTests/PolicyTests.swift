import Foundation
import HromadaDomain
import Testing

@Suite struct PolicyTests {
    let kyivLearner = Principal(userID: UUID(), roles: [.learner], centre: "KYV")
    let kyivTrainer = Principal(userID: UUID(), roles: [.learner, .trainer], centre: "KYV")
    let kyivCentreAdmin = Principal(userID: UUID(), roles: [.centreAdmin], centre: "KYV")
    let lvivCentreAdmin = Principal(userID: UUID(), roles: [.centreAdmin], centre: "LVV")
    let admin = Principal(userID: UUID(), roles: [.admin], centre: "KYV")

    @Test func aLearnerSeesOnlyThemselvesAndOthersAreHidden() {
        let other = Policy.Subject(userID: UUID(), centre: "KYV")
        let me = Policy.Subject(userID: kyivLearner.userID, centre: "KYV")
        #expect(Policy.decide(.readUser(me), for: kyivLearner) == .allowed)
        #expect(Policy.decide(.readUser(other), for: kyivLearner) == .hidden)
        #expect(Policy.decide(.readUser(other), for: kyivTrainer) == .hidden)
    }

    @Test func aCentreAdminSeesTheirCentreOnly() {
        let kyivPerson = Policy.Subject(userID: UUID(), centre: "KYV")
        #expect(Policy.decide(.readUser(kyivPerson), for: kyivCentreAdmin) == .allowed)
        #expect(Policy.decide(.readUser(kyivPerson), for: lvivCentreAdmin) == .hidden)
        #expect(Policy.decide(.listUsers(centre: "KYV"), for: lvivCentreAdmin) == .forbidden)
        #expect(Policy.decide(.importUsers(centre: "LVV"), for: lvivCentreAdmin) == .allowed)
        #expect(Policy.decide(.importUsers(centre: "KYV"), for: lvivCentreAdmin) == .forbidden)
    }

    /// A centre admin made a trainer (201), who could then publish and read answer keys: only the
    /// association admin grants trainer, centre_admin and admin.
    @Test func aCentreAdminGrantsOnlyLearnerInTheirCentre() {
        #expect(Policy.decide(.createUser(centre: "LVV", roles: [.learner]), for: lvivCentreAdmin) == .allowed)
        #expect(Policy.decide(.createUser(centre: "LVV", roles: [.learner, .trainer]), for: lvivCentreAdmin) == .forbidden)
        #expect(Policy.decide(.createUser(centre: "LVV", roles: [.trainer]), for: lvivCentreAdmin) == .forbidden)
        #expect(Policy.decide(.createUser(centre: "LVV", roles: [.centreAdmin]), for: lvivCentreAdmin) == .forbidden)
        #expect(Policy.decide(.createUser(centre: "LVV", roles: [.admin]), for: lvivCentreAdmin) == .forbidden)
        #expect(Policy.decide(.createUser(centre: "KYV", roles: [.learner]), for: lvivCentreAdmin) == .forbidden)
    }

    @Test func theAssociationAdminMayDoEverything() {
        let anyone = Policy.Subject(userID: UUID(), centre: "ODS")
        #expect(Policy.decide(.readUser(anyone), for: admin) == .allowed)
        #expect(Policy.decide(.createUser(centre: "ODS", roles: [.admin]), for: admin) == .allowed)
        #expect(Policy.decide(.importUsers(centre: "ODS"), for: admin) == .allowed)
        #expect(Policy.decide(.publishCourse, for: admin) == .allowed)
        #expect(Policy.decide(.readAudit, for: admin) == .allowed)
    }

    @Test func learnersCannotCreateImportOrPublish() {
        #expect(Policy.decide(.createUser(centre: "KYV", roles: [.learner]), for: kyivLearner) == .forbidden)
        #expect(Policy.decide(.importUsers(centre: "KYV"), for: kyivLearner) == .forbidden)
        #expect(Policy.decide(.publishCourse, for: kyivLearner) == .forbidden)
        #expect(Policy.decide(.publishCourse, for: kyivTrainer) == .allowed)
    }

    @Test func aCourseIsItsTrainersAndTheAdmins() {
        for action in [Policy.Action.publishVersion(courseTrainer: true), .readAnswerKeys(courseTrainer: true), .readTrainers(courseTrainer: true)] {
            #expect(Policy.decide(action, for: kyivTrainer) == .allowed)
            #expect(Policy.decide(action, for: admin) == .allowed)
            #expect(Policy.decide(action, for: kyivLearner) == .forbidden, "a learner is never a course's trainer")
        }
        for action in [Policy.Action.publishVersion(courseTrainer: false), .readAnswerKeys(courseTrainer: false), .readTrainers(courseTrainer: false)] {
            #expect(Policy.decide(action, for: kyivTrainer) == .forbidden)
            #expect(Policy.decide(action, for: admin) == .allowed)
        }
        #expect(Policy.decide(.manageTrainers, for: kyivTrainer) == .forbidden)
        #expect(Policy.decide(.manageTrainers, for: lvivCentreAdmin) == .forbidden)
        #expect(Policy.decide(.manageTrainers, for: admin) == .allowed)
    }

    @Test func nobodyGradesTheirOwnAttempt() {
        #expect(Policy.decide(.gradeAttempt(owner: kyivTrainer.userID, courseTrainer: true), for: kyivTrainer) == .forbidden)
        #expect(Policy.decide(.gradeAttempt(owner: admin.userID, courseTrainer: false), for: admin) == .forbidden)
        #expect(Policy.decide(.gradeAttempt(owner: kyivLearner.userID, courseTrainer: true), for: kyivTrainer) == .allowed)
        #expect(Policy.decide(.gradeAttempt(owner: kyivLearner.userID, courseTrainer: false), for: kyivTrainer) == .forbidden)
        #expect(Policy.decide(.gradeAttempt(owner: kyivLearner.userID, courseTrainer: false), for: admin) == .allowed)
    }

    @Test func requireThrowsNotFoundForHiddenAndForbiddenForRefused() {
        let other = Policy.Subject(userID: UUID(), centre: "KYV")
        #expect(throws: HromadaError(.notFound)) { try Policy.require(.readUser(other), for: kyivLearner) }
        #expect(throws: HromadaError(.forbidden)) { try Policy.require(.publishCourse, for: kyivLearner) }
    }
}

@Suite struct AccountPolicyTests {
    let kyivLearner = Principal(userID: UUID(), roles: [.learner], centre: "KYV")
    let kyivTrainer = Principal(userID: UUID(), roles: [.learner, .trainer], centre: "KYV")
    let kyivCentreAdmin = Principal(userID: UUID(), roles: [.centreAdmin], centre: "KYV")
    let lvivCentreAdmin = Principal(userID: UUID(), roles: [.centreAdmin], centre: "LVV")
    let admin = Principal(userID: UUID(), roles: [.admin], centre: "KYV")

    @Test func accountsAreManagedByTheirCentreAndTheAdminNeverByTheirOwner() {
        let learner = Policy.Subject(userID: UUID(), centre: "KYV")
        let manage = Policy.Action.manageAccount(learner, roles: [.learner])
        #expect(Policy.decide(manage, for: kyivCentreAdmin) == .allowed)
        #expect(Policy.decide(manage, for: admin) == .allowed)
        #expect(Policy.decide(manage, for: lvivCentreAdmin) == .hidden)
        #expect(Policy.decide(manage, for: kyivTrainer) == .hidden)
        #expect(Policy.decide(manage, for: kyivLearner) == .hidden)
        // One's own account: known, not to be closed or re-invited.
        let me = Policy.Subject(userID: kyivLearner.userID, centre: "KYV")
        #expect(Policy.decide(.manageAccount(me, roles: [.learner]), for: kyivLearner) == .forbidden)
        #expect(Policy.decide(.manageAccount(Policy.Subject(userID: admin.userID, centre: "KYV"), roles: [.admin]), for: admin) == .forbidden)
        // Roles only the admin grants are only the admin's to close.
        for roles: Set<Role> in [[.learner, .trainer], [.centreAdmin], [.admin]] {
            #expect(Policy.decide(.manageAccount(learner, roles: roles), for: kyivCentreAdmin) == .forbidden, "\(roles)")
            #expect(Policy.decide(.manageAccount(learner, roles: roles), for: admin) == .allowed, "\(roles)")
        }
    }

    @Test func theOutboxIsTheAdminsAndEachCentreAdminsForTheirCentre() {
        #expect(Policy.decide(.readOutbox(centre: nil), for: admin) == .allowed)
        #expect(Policy.decide(.readOutbox(centre: "LVV"), for: admin) == .allowed)
        #expect(Policy.decide(.readOutbox(centre: "KYV"), for: kyivCentreAdmin) == .allowed)
        #expect(Policy.decide(.readOutbox(centre: nil), for: kyivCentreAdmin) == .forbidden)
        #expect(Policy.decide(.readOutbox(centre: "KYV"), for: lvivCentreAdmin) == .forbidden)
        #expect(Policy.decide(.readOutbox(centre: "KYV"), for: kyivLearner) == .forbidden)
        #expect(Policy.decide(.readOutbox(centre: "KYV"), for: kyivTrainer) == .forbidden)
    }
}

@Suite struct PasswordRulesTests {
    let common = CommonPasswords(text: "# a comment\n123456\nqwertyuiop\nйцукенгшщз\n")

    @Test func aPasswordIsLongEnoughNotTheEmailAndNotCommon() {
        #expect(PasswordRules.check("Тиха-ріка-над-містом", email: "olena@example.org", common: common) == nil)
        #expect(PasswordRules.check("коротко", email: nil, common: common)?.field == "password")
        #expect(PasswordRules.check("Olena@Example.org", email: "olena@example.org", common: common, field: "new_password")?.field == "new_password")
        #expect(PasswordRules.check("olena.kovalenko", email: "olena.kovalenko@example.org", common: common) != nil)
        #expect(PasswordRules.check(" QwertyUIOP ", email: nil, common: common) != nil)
        #expect(PasswordRules.check("ЙЦУКЕНГШЩЗ", email: nil, common: common) != nil)
        #expect(PasswordRules.check("# a comment", email: nil, common: common) == nil)
        #expect(common.count == 3)
    }
}
