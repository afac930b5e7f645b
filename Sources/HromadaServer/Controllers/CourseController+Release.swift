import Foundation
import Hummingbird
import HromadaAPI
import HromadaDomain
import HromadaPacks
import HromadaPostgres
import HromadaStorage
import NIOPosix

extension CourseController {
    /// `POST /courses/{slug}/versions/{version}/release`: a draft put in the catalogue, for the
    /// course's trainers and the admin; anyone else learns nothing of it (404). The stored pack is
    /// validated as a release first: the starter template's placeholders, warnings in a draft, are
    /// errors here (422, nothing changes). Releasing a released version changes nothing (200).
    @Sendable func releaseDraft(_ signedIn: SignedIn) async throws -> Response {
        let (caller, context) = (signedIn.caller, signedIn.context)
        let (slug, version) = (try context.text("slug"), try context.text("version"))
        let stored = try await services.pool.withConnection { db -> [String: [UInt8]]? in
            guard try CourseStore.seesDrafts(db, caller: caller, slug: slug),
                  let (id, _) = try CourseStore.course(db, slug: slug, version: version, drafts: true) else { return nil }
            return try CourseStore.files(db, versionID: id)
        }
        guard let stored else { throw HromadaError(.notFound) }
        let result = try await services.blocking.runIfActive { PackValidator.validate(PackFiles(files: stored), for: .release) }
        guard result.course != nil else {
            throw HromadaError(.validationFailed, detail: .init(
                uk: "Версію не випущено: у пакеті є те, що не годиться для каталогу; виправте й опублікуйте нову версію.",
                en: "The version is not released: the pack holds what a catalogue must not; fix it and publish a new version."
            ), lineProblems: result.errors.map {
                .init(line: $0.line, message: .init(uk: $0.text(.uk), en: $0.description), path: $0.path, column: $0.column)
            })
        }
        let requestID = context.requestID
        let released = try await services.pool.transaction { db -> ReleasedVersion in
            guard let (_, hash, wasDraft) = try CourseStore.release(db, slug: slug, version: version) else { throw HromadaError(.notFound) }
            if wasDraft {
                try AuditLog.append(db, .init(actor: caller.id, action: "course.release", subjectType: "course", subjectID: slug,
                                              details: ["version": version, "hash": hash]), requestID: requestID)
            }
            return ReleasedVersion(slug: slug, version: version, hash: hash, released: wasDraft)
        }
        return try .json(released)
    }
}
