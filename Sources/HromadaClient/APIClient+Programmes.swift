import Foundation
public import HromadaAPI
import HromadaDomain

/// The programme routes (spec/credentials.md, "Programmes").
extension APIClient {
    /// Uploads a programme folder's ZIP; the server's verdict.
    public func publishProgramme(zip: [UInt8]) async throws -> PublishedPack {
        let (data, _) = try await send("POST", "/api/v1/programmes", body: Data(zip), contentType: "application/zip")
        do {
            return try Self.decoder.decode(PublishedPack.self, from: data)
        } catch {
            throw ClientError.invalidResponse("unexpected answer to POST /api/v1/programmes")
        }
    }

    /// The newest version of every programme.
    public func programmes() async throws -> [PublishedProgramme] {
        try await callAll("/api/v1/programmes", as: Page<PublishedProgramme>.self).items
    }

    public func programme(_ slug: String, version: String? = nil) async throws -> PublishedProgramme {
        try await call("GET", "/api/v1/programmes/\(Self.segment(slug))" + (version.map { "?version=\(Self.escaped($0))" } ?? ""))
    }

    public func enrol(programme slug: String) async throws -> ProgrammeEnrolment {
        try await call("POST", "/api/v1/programmes/\(Self.segment(slug))/enrolments")
    }

    public func myProgrammes() async throws -> [ProgrammeEnrolment] {
        try await callAll("/api/v1/me/programmes", as: Page<ProgrammeEnrolment>.self).items
    }
}
