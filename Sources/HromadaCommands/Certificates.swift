import ArgumentParser
import Foundation
import HromadaAPI
import HromadaClient
import HromadaCrypto
import HromadaDomain

/// Certificates: the learner's list, downloading the signed files, and checking a certificate
/// online or offline against the association's root.
extension HromadaCommand {
    struct Certificates: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Your certificates / Ваші сертифікати.",
            discussion: """
                One line per certificate: serial, course, state (issued, being signed, revoked) and the date of issue.
                --json prints [{serial, status, issued_at, revoked_at, revocation_code, digest, enrolment_id, event_registration_id, course: {slug, title, version}}].
                Example: hromada certificates
                Example: hromada certificate get UA-KYV-2026-000123-29
                """
        )
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let lang = global.language
            try await guarded(lang) {
                let (client, _) = try global.client(requireToken: true)
                let items = try await client.myCertificates()
                let page: Page<Enrolment> = try await client.callAll("/api/v1/me/enrolments")
                let courses = Dictionary(page.items.map { ($0.id, $0.course) }, uniquingKeysWith: { first, _ in first })
                if json {
                    try Terminal.printJSON(items.map { item -> JSONValue in
                        guard case .object(var fields) = item.json else { return item.json }
                        fields["course"] = item.enrolmentID.flatMap { courses[$0] }.map {
                            .object(["slug": .string($0.slug), "title": .string($0.title), "version": .string($0.version)])
                        } ?? .null
                        return .object(fields)
                    })
                    return
                }
                guard !items.isEmpty else { print(Messages.noCertificates.text(lang)); return }
                let headers = lang == .uk ? ["Номер", "Курс", "Стан", "Видано"] : ["Serial", "Course", "State", "Issued"]
                // A certificate of neither a course nor an event is a programme's: named by its programme.
                let programmes = items.contains { $0.enrolmentID == nil && $0.eventRegistrationID == nil }
                    ? Dictionary(try await client.myProgrammes().compactMap { p in p.certificate.map { ($0, p.title) } }, uniquingKeysWith: { first, _ in first })
                    : [:]
                print(Table(headers: headers, rows: items.map { c in
                    [c.serial, c.enrolmentID.flatMap { courses[$0] }?.title ?? programmes[c.serial]
                        ?? (c.eventRegistrationID == nil ? "—" : Messages.participation.text(lang)), Messages.certificateStatus(c.status).text(lang),
                     c.issuedAt == nil ? "—" : String(AttemptReport.localTime(c.issuedAt).prefix(10))]
                }).render())
                print(Messages.certificates(items.count).text(lang))
                for c in items where c.status == .revoked {
                    print(Messages.revokedOn(c.serial, AttemptReport.localTime(c.revokedAt), reason: Messages.revocationReason(c.revocationCode).text(lang)).text(lang))
                }
                print(Messages.getHint.text(lang))
            }
        }
    }

    struct CertificateCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "certificate",
            abstract: "One certificate / Один сертифікат.",
            subcommands: [Get.self, Revoke.self, Reissue.self]
        )
    }
}

extension HromadaCommand.CertificateCommand {
    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Save a certificate's signed document and signature / Зберегти документ і підпис сертифіката.",
            discussion: """
                Saves SERIAL.json (the signed document) and SERIAL.json.p7s (its detached CMS signature), byte for \
                byte as signed, with --pdf the printed copy SERIAL.pdf and with --badge the Open Badges 3.0 badge \
                SERIAL.jwt (for a wallet or a profile), into --dir (default: the current folder), \
                then prints how to check them offline with stock openssl. For the learner and their centre's \
                administrators. A serial with wrong check digits is refused before any request (exit 2). A certificate \
                still being signed is waited for a few seconds.
                --json prints {serial, files: {document, signature, pdf, badge}, verify: [commands]}.
                Example: hromada certificate get UA-KYV-2026-000123-29
                Example: hromada certificate get UA-KYV-2026-000123-29 --pdf --dir ~/certificates
                """
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The certificate's serial, e.g. UA-KYV-2026-000123-29 (hromada certificates lists yours).") var serial: String
        @Flag(help: "Also save the printed copy (PDF).") var pdf = false
        @Flag(help: "Also save the Open Badges 3.0 badge (SERIAL.jwt).") var badge = false
        @Option(help: "Folder to save into (default: the current folder).") var dir: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let lang = global.language
            try await guarded(lang) {
                guard CertificateSerial.isValid(serial) else { throw CLIFailure(.usage, Messages.badSerial(serial)) }
                let (client, _) = try global.client(requireToken: true)
                let wanted: [CertificateFile] = [.document, .signature] + (pdf ? [.pdf] : []) + (badge ? [.badge] : [])
                var downloaded: [(CertificateFile, Data)] = []
                for file in wanted { downloaded.append((file, try await Self.download(client, serial, file))) }
                let folder = dir ?? "."
                do {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                } catch {
                    throw CLIFailure(.error, Messages.cannotWrite(folder))
                }
                var paths: [CertificateFile: String] = [:]
                for (file, data) in downloaded {
                    let path = dir.map { ($0.hasSuffix("/") ? $0 : $0 + "/") + file.fileName(serial: serial) } ?? file.fileName(serial: serial)
                    do {
                        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
                    } catch {
                        throw CLIFailure(.error, Messages.cannotWrite(path))
                    }
                    paths[file] = path
                }
                let commands = Self.verifyCommands(server: client.server.absoluteString.trimmingSuffix("/"), serial: serial,
                                                   document: paths[.document]!, signature: paths[.signature]!)
                    + (paths[.badge].map { ["hromada verify \(Shell.quote($0))"] } ?? [])
                if json {
                    let files = Dictionary(uniqueKeysWithValues: paths.map { ($0.key.rawValue, JSONValue.string($0.value)) })
                    try Terminal.printJSON(JSONValue.object(["serial": .string(serial), "files": .object(files),
                                                             "verify": .array(commands.map(JSONValue.string))]))
                    return
                }
                print(Messages.savedFiles.text(lang))
                for file in wanted { print("  " + paths[file]!) }
                print(Messages.verifyOfflineHow.text(lang))
                for command in commands { print("  " + command) }
            }
        }

        /// How to check the files offline: the three files the check needs (the root, the root's list of
        /// revoked centre keys, the centre's signed list of revoked certificates), stock openssl, then
        /// `hromada verify` with all three, so it can answer valid or revoked rather than status_unknown.
        static func verifyCommands(server: String, serial: String, document: String, signature: String) -> [String] {
            let centre = serial.split(separator: "-").dropFirst().first.map(String.init) ?? "KYV"
            let trust = server + "/api/v1/trust/"
            return [
                "curl -fsS -o root.pem \(Shell.quote(trust + "root.pem"))",
                "curl -fsS -o root-crl.pem \(Shell.quote(trust + "root-crl.pem"))",
                "curl -fsS -o revoked.json \(Shell.quote(trust + "centres/\(centre)/revoked.json"))",
                "curl -fsS -o revoked.json.p7s \(Shell.quote(trust + "centres/\(centre)/revoked.json.p7s"))",
                "openssl cms -verify -binary -inform DER -in \(Shell.quote(signature)) -content \(Shell.quote(document)) -CAfile root.pem -out /dev/null",
                "hromada verify \(Shell.quote(document)) --root root.pem --crl root-crl.pem --revoked revoked.json",
            ]
        }

        /// The file's bytes; a certificate still being signed is asked for again a few times.
        static func download(_ client: APIClient, _ serial: String, _ file: CertificateFile) async throws -> Data {
            var tries = 0
            while true {
                tries += 1
                do {
                    return try await client.certificateFile(serial, file)
                } catch ClientError.problem(let p) where p.code == .certificatePending && tries < 8 {
                    try await Task.sleep(for: .seconds(2))
                } catch ClientError.problem(let p) where p.status == 404 {
                    throw CLIFailure(.error, Messages.certificateNotFound(serial))
                }
            }
        }
    }
}

extension HromadaCommand {
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a certificate, online or offline / Перевірити сертифікат.",
            discussion: """
                FILE.json is the signed document, FILE.json.p7s its detached signature (default: the document's path + .p7s).
                With --root the check is offline, with libcrypto alone: the signature over the exact bytes and the chain \
                to the root, the root's list of revoked centre keys (--crl) and the centre's signed list of revoked \
                certificates (--revoked revoked.json, its signature revoked.json.p7s checked against the same root and \
                signed by the certificate's own centre). Without both lists the verdict is at best status_unknown: \
                revocation cannot be ruled out (the note says the signature and chain are good). Without --root the files are checked by the server (no sign-in needed). --serial asks the server \
                about a serial alone; a serial with wrong check digits is refused before any request.
                Prints the verdict in one line — valid, revoked (reason, date), signer_revoked, tampered, unknown_issuer, \
                expired_chain or status_unknown — then the serial, learner and course from the document.
                Offline, the output says when each list used was made and how old it is (a list is a snapshot: a \
                revocation after it is not in it); download fresh ones from the server's /api/v1/trust/.
                --json prints {verdict, serial, valid_at_issuance, revocation: {revoked_at, reason_code}, chain, checked, revocation_checked, learner, course} \
                and offline also {revoked_list_this_update, crl_this_update} (null when that list was not given).
                Exit codes: 0 valid; 10 revoked; 11 signer_revoked; 12 tampered; 13 unknown_issuer; 14 expired_chain; \
                15 status_unknown; 1 error (a file cannot be read, an unknown serial); 2 usage (also a mistyped serial); \
                4 server not reachable.
                Example: hromada verify UA-KYV-2026-000123-29.json --root root.pem --crl root-crl.pem --revoked revoked.json
                Example: hromada verify UA-KYV-2026-000123-29.json --server https://learn.hromada.example
                Example: hromada verify --serial UA-KYV-2026-000123-29
                An Open Badges 3.0 badge (BADGE.jwt, from GET /api/v1/certificates/SERIAL/badge) is checked the same way: \
                offline against the centre's keys (--jwks jwks.json) and its signed status list (--status revocation.jwt), \
                or online against the server's; same verdicts and exit codes.
                Example: hromada verify UA-KYV-2026-000123-29.jwt --jwks jwks.json --status revocation.jwt
                """
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The certificate document (SERIAL.json).") var document: String?
        @Argument(help: "Its detached signature (default: the document's path + .p7s).") var signature: String?
        @Option(help: "Check this serial on the server (no files).") var serial: String?
        @Option(help: "The association's root certificate (PEM): check offline.") var root: String?
        @Option(help: "The root's CRL of revoked centre keys (PEM); offline.") var crl: String?
        @Option(help: "The centre's list of revoked certificates (revoked.json); offline.") var revoked: String?
        @Option(help: "That list's detached signature (default: its path + .p7s).") var revokedSignature: String?
        @Option(help: "A badge's centre keys (jwks.json); offline.") var jwks: String?
        @Option(help: "A badge's centre status list (the signed revocation list, a JWT); offline.") var status: String?
        @Flag(help: "Print JSON.") var json = false

        /// Exit codes of the verdicts other than valid.
        static let exitCodes: [CertificateVerification.Verdict: Int32] = [
            .revoked: 10, .signerRevoked: 11, .tampered: 12, .unknownIssuer: 13, .expiredChain: 14, .statusUnknown: 15,
        ]

        func run() async throws {
            let lang = global.language
            var verdict = CertificateVerification.Verdict.valid
            try await guarded(lang) {
                let report: VerificationReport
                if let document, document.hasSuffix(".jwt") {
                    guard serial == nil, root == nil, crl == nil, revoked == nil else { throw CLIFailure(.usage, Messages.badgeOptions) }
                    report = try await badgeReport(document)
                } else if let serial {
                    guard document == nil, root == nil, crl == nil, revoked == nil else { throw CLIFailure(.usage, Messages.serialWithFiles) }
                    guard CertificateSerial.isValid(serial) else { throw CLIFailure(.usage, Messages.badSerial(serial)) }
                    let client = try onlineClient()
                    let view: PublicCertificate
                    do {
                        view = try await client.publicCertificate(serial)
                    } catch ClientError.problem(let p) where p.status == 404 {
                        throw CLIFailure(.error, Messages.certificateNotFound(serial))
                    }
                    report = VerificationReport(result: view.verification, facts: CertificateFacts(view),
                                                checked: Messages.checkedOnline(client.server.absoluteString), mode: "online")
                } else {
                    guard let document else { throw CLIFailure(.usage, Messages.needFileOrSerial) }
                    guard jwks == nil, status == nil else { throw CLIFailure(.usage, Messages.badgeOptions) }
                    let content = try Self.read(document)
                    let signed = try Self.read(signature ?? document + ".p7s")
                    let facts = CertificateFacts(document: content)
                    if let root {
                        report = try offline(content, signed, facts: facts, root: root)
                    } else {
                        guard crl == nil, revoked == nil else { throw CLIFailure(.usage, Messages.offlineNeedsRoot) }
                        let client = try onlineClient()
                        let result = try await client.verifyCertificate(document: Data(content), signature: Data(signed))
                        report = VerificationReport(result: result, facts: facts, checked: Messages.checkedOnline(client.server.absoluteString), mode: "online")
                    }
                }
                verdict = report.result.verdict
                if json { try Terminal.printJSON(report.json) } else { report.print(lang) }
            }
            if let code = Self.exitCodes[verdict] { throw ExitCode(code) }
        }

        /// The server to ask; without one, the sentence names both ways to check.
        func onlineClient() throws -> APIClient {
            do {
                return try global.client(requireToken: false).0
            } catch let failure as CLIFailure where failure.message == Messages.noServer {
                throw CLIFailure(.usage, Messages.noServerToVerify)
            }
        }

        func offline(_ content: [UInt8], _ signed: [UInt8], facts: CertificateFacts, root: String) throws -> VerificationReport {
            let rootPEM = String(decoding: try Self.read(root), as: UTF8.self)
            guard let anchor = try? Certificate(pem: rootPEM) else { throw CLIFailure(.error, Messages.notARootCertificate(root)) }
            let crlPEM = try crl.map { String(decoding: try Self.read($0), as: UTF8.self) }
            let list = try revoked.map { path in (try Self.read(path), try Self.read(revokedSignature ?? path + ".p7s")) }
            let outcome = OfflineVerifier.verify(document: content, signature: signed, facts: facts, root: anchor,
                                                 crl: crlPEM, revocationList: list)
            var report = VerificationReport(result: outcome.result, facts: facts,
                                            checked: Messages.checkedOffline([root] + [crl, revoked].compactMap { $0 }), mode: "offline")
            report.revocationChecked = revoked != nil
            report.note = outcome.note
            report.listDates = outcome.listDates
            return report
        }

        static func read(_ path: String) throws -> [UInt8] {
            guard let data = FileManager.default.contents(atPath: path) else { throw CLIFailure(.error, Messages.cannotRead(path)) }
            return Array(data)
        }
    }
}

/// What a certificate says about itself: from its document, or the masked view anyone may see by serial.
struct CertificateFacts {
    var serial: String?
    var learner: String?
    var course: String?
    var courseRef: String?
    var centre: String?
    var centreCode: String?
    var issued: String?
    /// Only the centre is known (checked by serial, without the QR link's digest).
    var masked = false

    var issuedAt: Date? { issued.flatMap { try? Date($0, strategy: .iso8601) } }

    init(document bytes: [UInt8]) {
        self.init(document: (try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))) ?? .null)
    }

    init(document d: JSONValue) {
        func text(_ path: String...) -> String? {
            var node = d
            for key in path {
                guard case .object(let o) = node, let next = o[key] else { return nil }
                node = next
            }
            if case .string(let s) = node { return s }
            return nil
        }
        serial = text("serial")
        learner = text("learner", "name")
        // A participation certificate (`"kind": "event"`) names its event, a programme certificate its
        // programme, where a course certificate names its course.
        course = text("course", "title") ?? text("programme", "title") ?? text("event", "title")
        let block = text("programme", "slug") == nil ? "course" : "programme"
        courseRef = [text(block, "slug"), text(block, "version")].compactMap { $0 }.joined(separator: " ")
        centre = text("issuer", "centre", "name")
        centreCode = text("issuer", "centre", "code")
        issued = text("issued_at")
    }

    init(_ view: PublicCertificate) {
        self.init(document: view.document ?? .null)
        guard view.document == nil else { return }
        // By serial alone the server says only that it exists, its status and its centre.
        serial = view.serial
        centre = view.centre.name
        centreCode = view.centre.code
        masked = true
    }
}

/// A verdict with the certificate's details, as printed.
struct VerificationReport {
    var result: CertificateVerification
    var facts: CertificateFacts
    var checked: LocalizedText
    /// online or offline.
    var mode: String
    /// Whether this certificate's own revocation was looked up (always online; offline with --revoked).
    var revocationChecked = true
    var note: LocalizedText?
    /// Offline: when the lists used were made (their this_update), to judge how fresh the answer is.
    var listDates = OfflineVerifier.ListDates()

    func print(_ lang: Language) {
        Swift.print(Messages.verdictLine(result).text(lang))
        if let note { Swift.print(note.text(lang)) }
        let course = facts.course.map { title in facts.courseRef.map { $0.isEmpty ? title : "\(title) (\($0))" } ?? title }
        for (label, value) in [(Messages.serialLabel, result.serial ?? facts.serial), (Messages.learnerLabel, facts.learner),
                               (Messages.courseLabel, course), (Messages.centreLabel, facts.centre),
                               (Messages.issuedLabel, facts.issued.map { AttemptReport.localTime($0) })] {
            if let value { Swift.print("\(label.text(lang)): \(value)") }
        }
        if facts.masked { Swift.print(Messages.maskedName.text(lang)) }
        if [.tampered, .unknownIssuer].contains(result.verdict) { Swift.print(Messages.unconfirmed.text(lang)) }
        Swift.print(checked.text(lang))
        for line in Messages.listAges(listDates, now: Date()) { Swift.print(line.text(lang)) }
    }

    var json: JSONValue {
        let encoded = (try? Self.encoder(mode).encode(result)).flatMap { try? JSONDecoder().decode(JSONValue.self, from: $0) }
        guard case .object(var fields)? = encoded else { return .null }
        fields["checked"] = .string(mode)
        fields["revocation_checked"] = .bool(revocationChecked)
        fields["learner"] = facts.learner.map(JSONValue.string) ?? .null
        fields["course"] = facts.course.map(JSONValue.string) ?? .null
        if let note { fields["note"] = .string(note.en) }
        if mode == "offline" {
            fields["revoked_list_this_update"] = listDates.revoked.map { .string($0.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))) } ?? .null
            fields["crl_this_update"] = listDates.crl.map { .string($0.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))) } ?? .null
        }
        return .object(fields)
    }

    /// Times as the check read them: from the server as the API writes them (with milliseconds);
    /// offline, to the second, as the certificates and the revocation list give them.
    static func encoder(_ mode: String) -> JSONEncoder {
        guard mode == "offline" else { return .api }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt)))
        }
        return encoder
    }
}

/// Quoting for the shell commands the client prints.
enum Shell {
    static func quote(_ word: String) -> String {
        let plain = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._/:=@%+,")
        if !word.isEmpty, word.unicodeScalars.allSatisfy(plain.contains) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
