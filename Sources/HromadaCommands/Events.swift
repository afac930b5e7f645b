import ArgumentParser
import Foundation
import HromadaAPI
import HromadaClient
import HromadaDomain

/// Seminars, workshops, webinars and the rest: finding them, registering, checking in.
extension HromadaCommand {
    struct Events: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Published events: seminars, workshops, webinars… / Опубліковані події: семінари, тренінги, вебінари…",
            discussion: """
                Times are on the Kyiv clock. --from and --to take a date (YYYY-MM-DD) or an RFC 3339 time.
                --json prints [{id, centre, kind, title, sessions: [{n, starts_at, ends_at}], venue, online_url, capacity, seats, status, …}].
                Example: hromada events --centre KYV --kind seminar --from 2026-10-01
                """
        )
        @OptionGroup var global: GlobalOptions
        @Option(help: "From this day or time.") var from: String?
        @Option(help: "To this day or time.") var to: String?
        @Option(help: "Centre code, e.g. KYV.") var centre: String?
        @Option(help: "seminar, workshop, webinar, study_visit, internship or conference.") var kind: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await ask(global, json: json, requireToken: false, typed: ()) { client, _ in
                try await client.events(from: from, to: to, centre: centre?.uppercased(), kind: kind)
            } text: { events, lang in
                guard !events.isEmpty else { return Messages.noEvents.text(lang) }
                let headers = lang == .uk ? ["Початок", "Вид", "Назва", "Центр", "Місця", "Id"] : ["Starts", "Kind", "Title", "Centre", "Seats", "Id"]
                return Table(headers: headers, rows: events.map {
                    [$0.startsAt.map { String(KyivCalendar.rfc3339($0).prefix(16)).replacingOccurrences(of: "T", with: " ") } ?? "—",
                     Messages.kindName($0.kind).text(lang), $0.title, $0.centre, Messages.seats($0).text(lang), $0.id.lowercasedText]
                }).render() + "\n" + Messages.events(events.count).text(lang)
            }
        }
    }

    struct EventCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "event",
            abstract: "One event: show, register, cancel; for centres create, publish, close, registrations, check-in, attendance / Одна подія.",
            subcommands: [Show.self, Register.self, Cancel.self, Create.self, Publish.self, Close.self, Registrations.self,
                          CheckInScreen.self, Attendance.self]
        )

        /// The event's id as typed.
        static func id(_ text: String) throws -> UUID {
            guard let id = UUID(text: text.trimmingCharacters(in: .whitespaces)) else { throw CLIFailure(.usage, Messages.badEventID(text)) }
            return id
        }

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "An event's sessions, place, seats and your registration / Заняття, місце, місця й ваша реєстрація.",
                discussion: "--json prints {event, registration: {id, event, status, position}|null}.\nExample: hromada event show 5e0c7a2b-1d3f-4b8e-9a6c-2f4d8b1e7c90"
            )
            @OptionGroup var global: GlobalOptions
            @Argument(help: "The event's id.") var id: String
            @Flag(help: "Print JSON.") var json = false

            func run() async throws {
                let lang = global.language
                try await guarded(lang) {
                    let eventID = try EventCommand.id(id)
                    let (client, _) = try global.client(requireToken: false)
                    let event = try await client.event(eventID)
                    let mine = client.token == nil ? nil : try? await client.myRegistration(event: eventID)
                    if json { try Terminal.printJSON(Shown(event: event, registration: mine)); return }
                    print("\(event.title)\n\(Messages.kindName(event.kind).text(lang)) · \(event.centre) · \(Messages.eventStatus(event.status).text(lang))")
                    for s in event.sessions {
                        print("  \(s.n). \(KyivCalendar.dateTime(s.startsAt, lang)) – \(KyivCalendar.rfc3339(s.endsAt).dropFirst(11).prefix(5))")
                    }
                    if let venue = event.venue { print((lang == .uk ? "Місце: " : "Venue: ") + venue.address) }
                    if let url = event.onlineURL { print((lang == .uk ? "Онлайн: " : "Online: ") + url) }
                    let (hours, credits) = (Self.number(event.hours), Self.number(event.credits))
                    print(lang == .uk ? "Обсяг: \(hours) год, кредити ЄКТС: \(credits)" : "Hours: \(hours), ECTS credits: \(credits)")
                    print((lang == .uk ? "Місця: " : "Seats: ") + Messages.seats(event).text(lang))
                    if let mine { print((lang == .uk ? "Ви: " : "You: ") + Messages.registrationStatus(mine.status, position: mine.position).text(lang)) }
                    if !event.description.isEmpty { print("\n" + event.description) }
                }
            }

            static func number(_ d: Double) -> String { d == d.rounded() ? String(Int(d)) : String(d) }

            struct Shown: Encodable {
                var event: Event
                @Nullable var registration: EventRegistration?
            }
        }

        struct Register: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Register for an event (or join its waiting list) / Зареєструватися (або стати в лист очікування).",
                discussion: "--json prints {id, event, status, position}.\nExample: hromada event register 5e0c7a2b-1d3f-4b8e-9a6c-2f4d8b1e7c90"
            )
            @OptionGroup var global: GlobalOptions
            @Argument(help: "The event's id.") var id: String
            @Flag(help: "Print JSON.") var json = false

            func run() async throws {
                let lang = global.language
                try await guarded(lang) {
                    let eventID = try EventCommand.id(id)
                    let (client, _) = try global.client(requireToken: true)
                    let registration = try await client.register(event: eventID)
                    if json { try Terminal.printJSON(registration); return }
                    print(Messages.registered(registration, title: try await client.event(eventID).title).text(lang))
                }
            }
        }

        struct Cancel: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Cancel your registration, or (--event, for its centre) the event / Скасувати реєстрацію або (--event) подію.",
                discussion: """
                    Without --event: your registration; the first on the waiting list takes your seat at once.
                    With --event: the whole event, for its centre; people registered see it cancelled in their calendars.
                    --json prints the registration, or with --event the event.
                    Examples: hromada event cancel 5e0c7a2b-1d3f-4b8e-9a6c-2f4d8b1e7c90
                              hromada event cancel 5e0c7a2b-1d3f-4b8e-9a6c-2f4d8b1e7c90 --event
                    """
            )
            @OptionGroup var global: GlobalOptions
            @Argument(help: "The event's id.") var id: String
            @Flag(help: "Cancel the event itself (its centre only).") var event = false
            @Flag(help: "Print JSON.") var json = false

            func run() async throws {
                let lang = global.language
                try await guarded(lang) {
                    let eventID = try EventCommand.id(id)
                    let (client, _) = try global.client(requireToken: true)
                    if event {
                        let moved = try await client.moveEvent(eventID, "cancel")
                        if json { try Terminal.printJSON(moved); return }
                        print(Messages.eventMoved(moved).text(lang))
                        return
                    }
                    let registration = try await client.cancelMyRegistration(event: eventID)
                    if json { try Terminal.printJSON(registration); return }
                    print(Messages.registrationCancelled.text(lang))
                }
            }
        }
    }

    struct CheckIn: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check-in",
            abstract: "Check in at a session with the code on the screen / Відмітитися на занятті кодом з екрана.",
            discussion: """
                The code changes every minute; the one before stays good 30 seconds more. Without --session, the
                session open now is taken. After 5 wrong codes in a minute, wait a minute.
                --json prints {session, checked_in_at}.
                Example: hromada check-in 5e0c7a2b-1d3f-4b8e-9a6c-2f4d8b1e7c90 284913
                """
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The event's id.") var id: String
        @Argument(help: "The six digits on the screen.") var code: String
        @Option(help: "The session's number (default: the one open now).") var session: Int?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let lang = global.language
            try await guarded(lang) {
                let eventID = try EventCommand.id(id)
                let digits = code.filter { !$0.isWhitespace }
                guard digits.count == 6, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else {
                    throw CLIFailure(.usage, Messages.badCode(code))
                }
                let (client, _) = try global.client(requireToken: true)
                var number = session
                if number == nil {
                    let now = Date()
                    number = try await client.event(eventID).sessions.first {
                        now >= $0.startsAt.addingTimeInterval(-15 * 60) && now <= $0.endsAt
                    }?.n
                }
                guard let number else { throw CLIFailure(.error, Messages.noOpenSession) }
                let answer = try await client.checkIn(event: eventID, session: number, code: digits)
                if json { try Terminal.printJSON(answer); return }
                print(Messages.checkedIn(session: answer.session, at: answer.checkedInAt).text(lang))
            }
        }
    }
}
