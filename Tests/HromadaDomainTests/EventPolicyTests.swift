import Foundation
import HromadaDomain
import Testing

/// Who manages an event and who runs its sessions: everyone else is not shown them (404).
@Suite struct EventPolicyTests {
    let kyivLearner = Principal(userID: UUID(), roles: [.learner], centre: "KYV")
    let kyivTrainer = Principal(userID: UUID(), roles: [.learner, .trainer], centre: "KYV")
    let lvivTrainer = Principal(userID: UUID(), roles: [.learner, .trainer], centre: "LVV")
    let kyivCentreAdmin = Principal(userID: UUID(), roles: [.centreAdmin], centre: "KYV")
    let lvivCentreAdmin = Principal(userID: UUID(), roles: [.centreAdmin], centre: "LVV")
    let admin = Principal(userID: UUID(), roles: [.admin], centre: "LVV")

    @Test func theCentreAndTheAdminManageEverybodyElseIsHidden() {
        #expect(Policy.decide(.manageEvent(centre: "KYV"), for: kyivCentreAdmin) == .allowed)
        #expect(Policy.decide(.manageEvent(centre: "KYV"), for: admin) == .allowed)
        for other in [kyivLearner, kyivTrainer, lvivTrainer, lvivCentreAdmin] {
            #expect(Policy.decide(.manageEvent(centre: "KYV"), for: other) == .hidden)
        }
    }

    @Test func theCentresTrainersRunItsSessionsToo() {
        for allowed in [kyivCentreAdmin, admin, kyivTrainer] {
            #expect(Policy.decide(.runEventSession(centre: "KYV"), for: allowed) == .allowed)
        }
        for hidden in [kyivLearner, lvivTrainer, lvivCentreAdmin] {
            #expect(Policy.decide(.runEventSession(centre: "KYV"), for: hidden) == .hidden)
        }
    }
}
