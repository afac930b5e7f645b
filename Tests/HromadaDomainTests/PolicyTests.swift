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
