public import ArgumentParser
import Foundation
import HromadaAPI
import HromadaClient
public import HromadaDomain

extension RevocationReason: ExpressibleByArgument {
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension HromadaCommand.CertificateCommand {
    /// `hromada certificate revoke SERIAL --reason-code CODE [--note TEXT]`: for the issuing centre's
    /// administrators and the association admin.
    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a certificate / Відкликати сертифікат.",
            discussion: """
                Revokes an issued certificate of a centre you administer (centre administrators: their own centre; \
                the association admin: any). The centre's signed revocation list (revoked.json) is re-signed at once.
                --reason-code is public and is one of: issued_in_error (issued by mistake), superseded (replaced by a \
                re-issued certificate), withdrawn (withdrawn by the centre), fraud (obtained by fraud). \
                --note is private: only the centre's administrators and the audit log see it; it never appears in \
                revoked.json or on the verification page, so it may name people (at most 1000 characters, one line).
                --json prints the administrator's view: {serial, status, centre, verification, document, digest_matched, revocation_note}.
                A serial with wrong check digits is refused before any request (exit 2).
                Example: hromada certificate revoke UA-KYV-2026-000123-29 --reason-code issued_in_error --note "Помилка в прізвищі"
                """
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The certificate's serial, e.g. UA-KYV-2026-000123-29 / Номер сертифіката.") var serial: String
        @Option(help: "Public reason code: issued_in_error | superseded | withdrawn | fraud / Публічний код причини: issued_in_error | superseded | withdrawn | fraud.")
        var reasonCode: RevocationReason
        @Option(help: "Private note for the centre and the audit log / Приватна примітка для центру й журналу аудиту.")
        var note: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let lang = global.language
            try await guarded(lang) {
                guard CertificateSerial.isValid(serial) else { throw CLIFailure(.usage, Messages.badSerial(serial)) }
                let (client, _) = try global.client(requireToken: true)
                let view: Received<PublicCertificate>
                do {
                    view = try await client.revokeCertificate(serial, reasonCode: reasonCode, note: note)
                } catch ClientError.problem(let p) where p.status == 404 {
                    throw CLIFailure(.error, Messages.certificateNotFound(serial))
                }
                if json {
                    try Terminal.printJSON(view.json)
                    return
                }
                print(Messages.revoked(view.serial, view.verification.revocation?.reasonCode ?? reasonCode).text(lang))
                if view.revocationNote != nil { print(Messages.revocationNoteKept.text(lang)) }
            }
        }
    }
}
