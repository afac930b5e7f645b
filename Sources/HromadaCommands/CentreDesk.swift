public import ArgumentParser
import Foundation
import HromadaAPI
import HromadaClient
import HromadaDomain

extension OutboxMessage.Status: ExpressibleByArgument {}

/// The outbox, a cohort's invitation sheet and a certificate re-issued: what a centre's
/// administrators look after besides people.
extension HromadaCommand {
    struct Outbox: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Letters waiting, sent or given up / Листи: у черзі, надіслані, невдалі.",
            discussion: """
                Where each invitation and password-reset letter stands, newest first: never what it says (it holds a
                one-time link). Centre admins see their centre's; the association's admin everyone's (or --centre).
                --status: pending, sending, sent, failed or cancelled.
                --json prints [{id, user_id, to, kind, status, attempts, last_error, created_at, sent_at, next_attempt_at}].
                Example: hromada outbox --status failed
                """
        )
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only letters in this state: pending, sending, sent, failed, cancelled.") var status: OutboxMessage.Status?
        @Option(help: "Centre code (the association's admin: any).") var centre: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let lang = global.language
            try await guarded(lang) {
                let (client, _) = try global.client(requireToken: true)
                let letters = try await client.outbox(status: status, centre: centre)
                if json { try Terminal.printJSON(letters); return }
                let headers = lang == .uk ? ["Кому", "Лист", "Стан", "Спроб", "Створено", "Причина"] : ["To", "Letter", "Status", "Tries", "Created", "Reason"]
                print(Table(headers: headers, rows: letters.map {
                    [$0.to, Messages.letterKind($0.kind).text(lang), Messages.letterStatus($0.status).text(lang), String($0.attempts),
                     KyivCalendar.dateTime($0.createdAt, lang), $0.lastError ?? ""]
                }).render())
                print(Messages.count(letters.count, uk: ("лист", "листи", "листів"), en: ("letter", "letters")).text(lang))
            }
        }
    }
}

extension HromadaCommand.Cohort {
    struct Invitations: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "New sign-in links for members not yet active, to hand out on paper / Нові посилання для тих, хто ще не увійшов.",
            discussion: """
                Every member of the cohort who has not chosen a password yet gets a new link (valid 14 days); the links
                before, and letters not yet sent, stop working. --csv prints email,full_name,link,valid_until as the
                server writes it (redirect it to a file and print it); without it, a table. Audited.
                Example: hromada cohort invitations 3f1c… --csv > invitations.csv
                """
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Cohort id.") var cohort: String
        @Flag(help: "Print CSV.") var csv = false

        func run() async throws {
            let lang = global.language
            try await guarded(lang) {
                let (client, _) = try global.client(requireToken: true)
                let data: Data
                do {
                    data = try await client.invitationSheet(cohort: cohort)
                } catch ClientError.problem(let p) where p.status == 404 {
                    throw CLIFailure(.error, Messages.noSuchCohort(cohort))
                }
                let text = InertText.text(String(decoding: data, as: UTF8.self), keepingCR: true)
                if csv { FileHandle.standardOutput.write(Data(text.utf8)); return }
                let rows = ((try? CSVReader.parse(text)) ?? []).dropFirst().map(\.fields).filter { $0.count == 4 }
                let headers = lang == .uk ? ["Пошта", "Імʼя", "Посилання", "Діє до"] : ["Email", "Name", "Link", "Valid until"]
                print(Table(headers: headers, rows: rows.map {
                    [$0[0], $0[1], $0[2], Messages.rfc3339.date(from: $0[3]).map { KyivCalendar.dateTime($0, lang) } ?? $0[3]]
                }).render())
                print(Messages.newLinks(rows.count).text(lang))
            }
        }
    }
}

extension HromadaCommand.CertificateCommand {
    struct Reissue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-issue a certificate with today's data / Перевидати сертифікат.",
            discussion: """
                For the issuing centre's administrators and the association admin, e.g. after a learner's name is
                corrected: the certificate is revoked as superseded (the public reason) and the enrolment gets a new
                serial, signed with the data as it is now. --note is private to the centre and the audit log.
                --json prints {serial, status, issued_at, revoked_at, revocation_code, revocation_note, digest, enrolment_id}.
                Example / Приклад: hromada certificate reissue UA-KYV-2026-000123-29 --note "Виправлено прізвище"
                """
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The certificate's serial / Номер сертифіката.") var serial: String
        @Option(help: "Private note for the centre and the audit log / Приватна примітка.") var note: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let lang = global.language
            try await guarded(lang) {
                guard CertificateSerial.isValid(serial) else { throw CLIFailure(.usage, Messages.badSerial(serial)) }
                let (client, _) = try global.client(requireToken: true)
                let fresh: CertificateSummary
                do {
                    fresh = try await client.reissueCertificate(serial, note: note)
                } catch ClientError.problem(let p) where p.status == 404 {
                    throw CLIFailure(.error, Messages.certificateNotFound(serial))
                }
                if json { try Terminal.printJSON(fresh); return }
                print(Messages.reissued(old: serial, new: fresh.serial).text(lang))
            }
        }
    }
}
