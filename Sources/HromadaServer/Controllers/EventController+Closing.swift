import Foundation
import Hummingbird
import HromadaAPI
import HromadaDomain
import HromadaStorage
import HromadaPostgres

extension EventController {
    /// `POST /events/{id}/close` (its centre, after the last session ends): credits those who attended
    /// enough and reserves their certificates (see ``EventStore/close(_:eventID:by:requestID:now:)``), then
    /// signs them at once (what fails stays pending for the background issuer). Again: nothing changes.
    @Sendable func close(_ signedIn: SignedIn) async throws -> Response {
        let (caller, context) = (signedIn.caller, signedIn.context)
        let (id, _, _) = try await managed(context, caller: caller)
        let requestID = context.requestID
        let counts = try await services.pool.transaction { db in
            try EventStore.close(db, eventID: id, by: caller.id, requestID: requestID)
        }
        if counts.certificates > 0 { await services.issueCertificates() }
        guard let event = try await services.pool.withConnection({ try EventStore.find($0, id: id) }) else { throw HromadaError(.notFound) }
        return try .json(EventClosing(event: event, closing: counts))
    }
}
