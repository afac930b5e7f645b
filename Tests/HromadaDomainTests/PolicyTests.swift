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

    @Test func aCentreAdminGrantsOnlyLearnerAndTrainerInTheirCentre() {
        #expect(Policy.decide(.createUser(centre: "LVV", roles: [.learner]), for: lvivCentreAdmin) == .allowed)
        #expect(Policy.decide(.createUser(centre: "LVV", roles: [.learner, .trainer]), for: lvivCentreAdmin) == .allowed)
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

    @Test func requireThrowsNotFoundForHiddenAndForbiddenForRefused() {
        let other = Policy.Subject(userID: UUID(), centre: "KYV")
        #expect(throws: HromadaError(.notFound)) { try Policy.require(.readUser(other), for: kyivLearner) }
        #expect(throws: HromadaError(.forbidden)) { try Policy.require(.publishCourse, for: kyivLearner) }
    }
}
