import Foundation
import HTTPTypes
import Hummingbird
import HromadaAPI
import HromadaCrypto
import HromadaDomain
import HromadaStorage
import HromadaPostgres

/// Open Badges 3.0: a certificate's badge (a VC-JWT), and each centre's issuer profile, keys and
/// signed revocation list, all public but the badge.
struct BadgeController: Controller {
    let services: AppServices

    var endpoints: [Endpoint] {
        [
            .get("/certificates/{serial}/badge", badge),
            .get("/issuers/{centre}", profile),
            .get("/issuers/{centre}/jwks.json", keys),
            .get("/issuers/{centre}/status/revocation", statusList),
        ]
    }

    /// The certificate's badge: for its learner (and whoever may read the learner), or for anyone
    /// holding the `d` of its verification link, as the verification view. Otherwise 404, so
    /// that serials cannot be walked for names.
    @Sendable func badge(_ request: Request, _ context: AppContext) async throws -> Response {
        let serial = try CertificateController.serial(context)
        let given = Query(request: request).string("d").flatMap { $0.isEmpty ? nil : $0 }
        let caller = given == nil && Authenticator.bearerToken(request) != nil ? try await auth.user(request) : nil
        let rate = given == nil ? nil : services.configuration.verifyRate, address = context.remoteAddress
        let keys = services.keys, issuer = services.issuer
        let jwt = try await services.pool.transaction { db -> String in
            if let rate { try rate.admit(try db.execute(rate.hit(address: address))) }
            guard let source = try BadgeStore.source(db, serial: serial) else { throw HromadaError(.notFound) }
            if let given {
                guard let document = source.document,
                      constantTimeEquals(Array(given.utf8), Array(CertificateVerifier.digestPrefix(document).utf8))
                else { throw HromadaError(.notFound) }
            } else {
                guard let caller else { throw HromadaError(.notFound) }
                try Policy.require(.readUser(source.owner), for: caller.principal)
            }
            guard source.document != nil else { throw pending() }
            guard let jwt = try BadgeStore.badge(db, ring: keys, issuer: issuer, source: source) else { throw noKey() }
            return jwt
        }
        return Response(status: .ok, headers: [.contentType: OpenBadge.mediaType, .contentDisposition: "inline; filename=\"\(serial).jwt\""],
                        body: .init(byteBuffer: ByteBuffer(string: jwt)))
    }

    @Sendable func profile(_ request: Request, _ context: AppContext) async throws -> Response {
        let centre = try context.text("centre"), issuer = services.issuer
        guard let profile = try await services.pool.withConnection({ try BadgeStore.profile($0, issuer: issuer, centre: centre) })
        else { throw HromadaError(.notFound) }
        return try Self.json(profile, type: "application/ld+json")
    }

    @Sendable func keys(_ request: Request, _ context: AppContext) async throws -> Response {
        let centre = try context.text("centre")
        guard let set = try await services.pool.withConnection({ try BadgeStore.keys($0, centre: centre) }) else { throw HromadaError(.notFound) }
        return try Self.json(set, type: "application/jwk-set+json")
    }

    @Sendable func statusList(_ request: Request, _ context: AppContext) async throws -> Response {
        let centre = try context.text("centre")
        let keys = services.keys, issuer = services.issuer
        let jwt: String? = try await services.pool.transaction { db in
            try BadgeStore.statusList(db, ring: keys, issuer: issuer, centre: centre)
        }
        guard let jwt else { throw HromadaError(.notFound) }
        return Response(status: .ok, headers: [.contentType: OpenBadge.mediaType, .cacheControl: "no-cache"],
                        body: .init(byteBuffer: ByteBuffer(string: jwt)))
    }

    static func json(_ value: some Encodable, type: String) throws -> Response {
        var response = try Response.json(value)
        response.headers[.contentType] = type
        return response
    }

    func pending() -> HromadaError {
        HromadaError(.certificatePending, detail: .init(
            uk: "Сертифікат ще підписується; спробуйте за кілька секунд.", en: "The certificate is being signed; try again in a few seconds."),
            retryAfter: 2)
    }

    /// The centre's key was revoked and not yet replaced: nothing can sign for it now.
    func noKey() -> HromadaError {
        HromadaError(.certificatePending, detail: .init(
            uk: "Ключ підпису центру замінюється; значок буде доступний, щойно центр отримає новий ключ.",
            en: "The centre's signing key is being replaced; the badge is available as soon as the centre has a new key."),
            retryAfter: 60)
    }
}
