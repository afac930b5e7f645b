import Foundation
import HTTPTypes
import HromadaDomain
@testable import HromadaServer
import Testing

/// `multipart/form-data` bodies (the public `POST /api/v1/certificates/verify`): read in linear time
/// off the cooperative pool, refused when malformed.
@Suite struct MultipartTests {
    static func form(_ parts: [(String, [UInt8])], boundary: String, disposition: (String) -> String = { "form-data; name=\"\($0)\"" }) -> [UInt8] {
        var out: [UInt8] = []
        for (name, bytes) in parts {
            out += Array("--\(boundary)\r\nContent-Disposition: \(disposition(name))\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
            out += bytes + Array("\r\n".utf8)
        }
        return out + Array("--\(boundary)--\r\n".utf8)
    }

    @Test func namedPartsAreReadByteForByte() throws {
        let document = Array("{\"a\": \"текст\"}\r\n--not-the-boundary\r\n".utf8)
        let signature: [UInt8] = (0...255).map { UInt8($0) } + [13, 10, 45, 45]
        let body = Self.form([("document", document), ("signature", signature)], boundary: "----WebKitFormBoundaryAbC123xYz")
        let parts = try Multipart.parse(body, contentType: "multipart/form-data; boundary=----WebKitFormBoundaryAbC123xYz")
        #expect(parts["document"] == document)
        #expect(parts["signature"] == signature)
    }

    @Test func theBoundaryParameterIsReadAsSentQuotedOrNot() throws {
        let body = Self.form([("document", [1, 2, 3])], boundary: "AbC 1'()+_,-./:=?")
        for type in ["multipart/form-data; boundary=\"AbC 1'()+_,-./:=?\"", "Multipart/Form-Data; charset=utf-8; BOUNDARY=\"AbC 1'()+_,-./:=?\""] {
            #expect(try Multipart.parse(body, contentType: type)["document"] == [1, 2, 3], "\(type)")
        }
        let plain = Self.form([("document", [])], boundary: "xyz")
        #expect(try Multipart.parse(plain, contentType: "multipart/form-data;boundary=xyz")["document"] == [])
    }

    @Test func theNameIsTheNameParameterNotAFileNameEndingInName() throws {
        let body = Self.form([("document", [7])], boundary: "b") { "form-data; filename=\"x\"; name=\"\($0)\"" }
        #expect(try Multipart.parse(body, contentType: "multipart/form-data; boundary=b").keys.sorted() == ["document"])
        let unquoted = Self.form([("document", [7])], boundary: "b") { "form-data; name=\($0)" }
        #expect(try Multipart.parse(unquoted, contentType: "multipart/form-data; boundary=b")["document"] == [7])
    }

    @Test func aPreambleAndAnEpilogueAreIgnored() throws {
        let body = Array("ignored preamble\r\n".utf8) + Self.form([("document", [9])], boundary: "b") + Array("epilogue".utf8)
        #expect(try Multipart.parse(body, contentType: "multipart/form-data; boundary=b")["document"] == [9])
    }

    @Test(arguments: [
        ("multipart/form-data", "the boundary parameter is missing"),
        ("multipart/form-data; boundary=", "the boundary must be"),
        ("multipart/form-data; boundary=\"\"", "the boundary must be"),
        ("multipart/form-data; boundary=\(String(repeating: "-", count: 71))", "the boundary must be"),
        ("multipart/form-data; boundary=a\u{1}b", "the boundary must be"),
    ])
    func aMissingOrBadBoundaryIsRefused(type: String, why: String) {
        let error = #expect(throws: HromadaError.self) { try Multipart.parse(Self.form([("document", [1])], boundary: "b"), contentType: type) }
        #expect(error?.code == .malformedRequest)
        #expect(error?.detail?.en.contains(why) == true, "\(String(describing: error?.detail))")
    }

    @Test(arguments: [
        ("no parts at all", Array("just text".utf8), "no parts were found"),
        ("a part without a name", Array("--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\n".utf8), "a part has no name"),
        ("a part not of form-data", Array("--b\r\nContent-Disposition: attachment; name=\"document\"\r\n\r\nx\r\n--b--\r\n".utf8), "a part has no name"),
        ("a header line without a colon", Array("--b\r\nContent-Disposition form-data\r\n\r\nx\r\n--b--\r\n".utf8), "not well formed"),
        ("a bare LF after the boundary", Array("--b\nContent-Disposition: form-data; name=\"d\"\r\n\r\nx\r\n--b--\r\n".utf8), "not well formed"),
        ("garbage after a boundary", Array("--b\r\nContent-Disposition: form-data; name=\"d\"\r\n\r\nx\r\n--bX\r\n".utf8), "not well formed"),
        ("a truncated part", Array("--b\r\nContent-Disposition: form-data; name=\"d\"\r\n\r\nxxxxx".utf8), "is not closed by a boundary"),
        ("headers that never end", Array("--b\r\nContent-Disposition: form-data; name=\"d\"\r\n".utf8) + [UInt8](repeating: 65, count: 20_000), "headers do not end"),
        ("a folded header line", Array("--b\r\nContent-Disposition: form-data;\r\n name=\"d\"\r\n\r\nx\r\n--b--".utf8), "not well formed"),
        ("a part named twice", Self.form([("d", [1]), ("d", [2])], boundary: "b"), "appears twice"),
        ("too many parts", Self.form((0..<17).map { ("p\($0)", [1]) }, boundary: "b"), "more than 16 parts"),
    ])
    func malformedBodiesAreRefused(what: String, body: [UInt8], why: String) {
        let error = #expect(throws: HromadaError.self, "\(what)") { try Multipart.parse(body, contentType: "multipart/form-data; boundary=b") }
        #expect(error?.code == .malformedRequest, "\(what)")
        #expect(error?.detail?.en.contains(why) == true, "\(what): \(String(describing: error?.detail))")
    }

    @Test func aBodyEndingRightAfterTheLastBoundaryIsComplete() throws {
        let body = Array("--b\r\nContent-Disposition: form-data; name=\"d\"\r\n\r\nx\r\n--b".utf8)
        #expect(try Multipart.parse(body, contentType: "multipart/form-data; boundary=b")["d"] == Array("x".utf8))
        let noHeadersThenNamed = Array("--b\r\n\r\nx\r\n--b--".utf8)
        #expect(throws: HromadaError.self) { try Multipart.parse(noHeadersThenNamed, contentType: "multipart/form-data; boundary=b") }
    }

    /// Bodies that made the old search compare the whole delimiter at almost every byte.
    static let hostile: [(name: String, boundary: String, body: [UInt8])] = {
        let mib = 1 << 20
        let dashes = [UInt8](repeating: UInt8(ascii: "-"), count: mib)
        let near69 = String(repeating: "-", count: 69) + "a"
        // The delimiter all but matched, again and again.
        let almost = Array(("\r\n--" + String(repeating: "-", count: 69) + "b").utf8)
        let repeated = Array((0..<(mib / almost.count)).flatMap { _ in almost })
        let crs = [UInt8](repeating: 13, count: mib)
        return [("dashes, boundary of 69 dashes and a letter", near69, dashes),
                ("dashes, boundary of 70 dashes", String(repeating: "-", count: 70), dashes),
                ("near-delimiters, boundary of 69 dashes and a letter", near69, repeated),
                ("carriage returns", near69, crs)]
    }()

    /// A body of the same size that no search struggles with. Timings are judged against it, so a
    /// loaded machine (the whole suite runs in parallel) slows both alike: only a blow-up fails.
    static let control = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)

    /// Three times the plain body's time and 5 s more: the quadratic search took 8 s (69 dashes) and 17 s (149)
    /// for this megabyte; with 2 s of slack a linear parse under a loaded make test took 4.3 s once.
    static func bound(_ control: Duration) -> Duration { control * 3 + .seconds(5) }

    @Test func hostileBodiesAreRefusedInLinearTime() {
        func time(_ body: [UInt8], _ boundary: String) -> Duration {
            let started = ContinuousClock.now
            _ = try? Multipart.parse(body, contentType: "multipart/form-data; boundary=\(boundary)")
            return ContinuousClock.now - started
        }
        for (name, boundary, body) in Self.hostile {
            let control = time(Self.control, boundary)
            let took = time(body, boundary)
            #expect(throws: HromadaError.self, "\(name)") { try Multipart.parse(body, contentType: "multipart/form-data; boundary=\(boundary)") }
            #expect(took < Self.bound(control), "\(name) took \(took), a plain body \(control)")
        }
    }

    /// Over HTTP, with `/healthz` asked meanwhile: the parse runs where it blocks nobody.
    @Test func hostileBodiesDoNotStallOtherRequests() async throws {
        let app = try await TestApp.make()
        let cases = Self.hostile + [("dashes, boundary of 149 dashes and a letter", String(repeating: "-", count: 149) + "a", Self.hostile[0].body)]
        try await app.run { client in
            /// The answer's status, how long it took and the slowest /healthz asked meanwhile.
            func post(_ body: [UInt8], _ boundary: String) async throws -> (status: Int, took: Duration, healthz: Duration) {
                let started = ContinuousClock.now
                async let answer = client.send(.post, "/api/v1/certificates/verify", body: body,
                                               contentType: "multipart/form-data; boundary=\(boundary)")
                var slowest = Duration.zero
                for _ in 0..<5 {
                    let asked = ContinuousClock.now
                    #expect(try await client.send(.get, "/healthz").status == .ok)
                    slowest = max(slowest, ContinuousClock.now - asked)
                }
                let status = try await answer.status
                return (Int(status.code), ContinuousClock.now - started, slowest)
            }
            for (name, boundary, body) in cases {
                let control = try await post(Self.control, boundary)
                let hostile = try await post(body, boundary)
                #expect((400..<500).contains(hostile.status), "\(name): \(hostile.status)")
                #expect(hostile.took < Self.bound(control.took), "\(name) took \(hostile.took), a plain body \(control.took)")
                #expect(hostile.healthz < Self.bound(control.healthz), "\(name): /healthz took \(hostile.healthz), \(control.healthz) beside a plain body")
            }
        }
    }
}
