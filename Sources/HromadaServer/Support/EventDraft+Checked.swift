import Foundation
import HromadaAPI
import HromadaDomain
import HromadaStorage

extension EventDraft {
    /// The draft checked field by field (every problem at once, 422) into what is stored. Hours, credits
    /// and the programme follow the pack rules (``CreditRules``); sessions end after they start and do
    /// not overlap; registration closes by the end of the last session. Credits not given are the hours
    /// over `hoursPerCredit`, the association's setting (`hromada-server policy set hours_per_credit`).
    func checked(defaultCentre: String, hoursPerCredit: Double) throws -> EventDefinition {
        var problems: [HromadaError.FieldProblem] = []
        func problem(_ field: String, _ uk: String, _ en: String) { problems.append(.init(field: field, message: .init(uk: uk, en: en))) }
        func clean(_ value: String?, _ field: String, max: Int, allowEmpty: Bool = false) -> String {
            guard let value else {
                if !allowEmpty { problems.append(.required(field)) }
                return ""
            }
            switch TextRules.clean(value, field: field, maxLength: max, allowEmpty: allowEmpty) {
            case .success(let text): return text
            case .failure(let p): problems.append(p); return ""
            }
        }
        func time(_ value: String?, _ field: String) -> Date? {
            guard let value else { problems.append(.required(field)); return nil }
            guard Timestamp.isRFC3339(value), let date = APIDate.parse(value) else {
                problem(field, "має бути часом RFC 3339 зі зсувом, наприклад 2026-10-24T10:00:00+03:00",
                        "must be an RFC 3339 time with an offset, such as 2026-10-24T10:00:00+03:00")
                return nil
            }
            // Events of this century: a year the calendars, the ledger and the printed copy all write the same way.
            guard (Self.earliest...Self.latest).contains(date) else {
                problem(field, "має бути між 2000 і 2100 роками", "must be between the years 2000 and 2100")
                return nil
            }
            return date
        }

        let centre = (self.centre ?? defaultCentre).uppercased()
        if centre.count != 3 || !centre.allSatisfy({ $0.isASCII && $0.isLetter }) {
            problem("centre", "має бути кодом центру з трьох латинських літер", "must be a centre's three-letter code")
        }
        let kind = self.kind.flatMap(Event.Kind.init(rawValue:))
        if self.kind == nil { problems.append(.required("kind")) } else if kind == nil {
            problem("kind", "має бути одним із: \(Event.Kind.allCases.map(\.rawValue).joined(separator: ", "))",
                    "must be one of: \(Event.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let title = clean(self.title, "title", max: 300)
        let description = clean(self.description ?? "", "description", max: 20000, allowEmpty: true)
        let language = self.language ?? "uk"
        if !["uk", "en"].contains(language) { problem("language", "має бути uk або en", "must be uk or en") }
        var audience: [Category] = []
        if let given = self.audience {
            for (i, a) in given.enumerated() {
                if let c = Category(rawValue: a) { if !audience.contains(c) { audience.append(c) } } else {
                    problem("audience[\(i)]", "має бути official або deputy", "must be official or deputy")
                }
            }
            if given.isEmpty { problem("audience", "має називати official, deputy або обох", "must name official, deputy or both") }
        } else {
            problems.append(.required("audience"))
        }
        var hours = 0.0
        if let h = self.hours {
            if CreditRules.hours.contains(h) { hours = h } else { problem("hours", "має бути від 0,5 до 2000", "must be between 0.5 and 2000") }
        } else {
            problems.append(.required("hours"))
        }
        var credits = CreditRules.defaultCredits(hours: hours, hoursPerCredit: hoursPerCredit)
        if let c = self.credits {
            if CreditRules.credits.contains(c) { credits = c } else { problem("credits", "має бути від 0 до 120", "must be between 0 and 120") }
        }
        if hours > 0, let violation = CreditRules.check(programme: programme, credits: credits) {
            problems.append(.init(field: violation == .unknownProgramme ? "programme" : "credits", message: CreditRules.message(violation, credits: credits)))
        }

        var sessions: [(startsAt: Date, endsAt: Date)] = []
        if let given = self.sessions {
            if given.isEmpty || given.count > 100 { problem("sessions", "має містити від 1 до 100 занять", "must hold 1 to 100 sessions") }
            for (i, s) in given.prefix(100).enumerated() {
                let starts = time(s.startsAt, "sessions[\(i)].starts_at"), ends = time(s.endsAt, "sessions[\(i)].ends_at")
                guard let starts, let ends else { continue }
                if ends <= starts {
                    problem("sessions[\(i)].ends_at", "має бути пізніше за starts_at", "must be after starts_at")
                } else {
                    sessions.append((starts, ends))
                }
            }
            sessions.sort { $0.startsAt < $1.startsAt }
            for (a, b) in zip(sessions, sessions.dropFirst()) where b.startsAt < a.endsAt {
                problem("sessions", "заняття не можуть перетинатися (\(KyivCalendar.dateTime(b.startsAt, .uk)))",
                        "sessions must not overlap (\(KyivCalendar.dateTime(b.startsAt, .en)))")
                break
            }
        } else {
            problems.append(.required("sessions"))
        }

        var venue: EventVenue?
        if let v = self.venue {
            let address = clean(v.address, "venue.address", max: 500)
            let hromada = v.hromada ?? ""
            if v.hromada == nil { problems.append(.required("venue.hromada")) } else if !Self.isKATOTTG(hromada) {
                problem("venue.hromada", "має бути кодом КАТОТТГ: UA і 17 цифр", "must be a КАТОТТГ code: UA and 17 digits")
            }
            venue = EventVenue(address: address, hromada: hromada)
        }
        if let url = onlineURL {
            if !url.hasPrefix("https://") || url.count > 2000 || URL(string: url)?.host?.isEmpty ?? true
                || url.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F }) {
                problem("online_url", "має бути адресою https:// до 2000 символів", "must be an https:// address of at most 2000 characters")
            }
        }
        if venue == nil && onlineURL == nil {
            problem("venue", "потрібне місце проведення або online_url", "a venue or an online_url is required")
        }
        let capacity = self.capacity ?? 0
        if self.capacity == nil { problems.append(.required("capacity")) } else if !(1...100_000).contains(capacity) {
            problem("capacity", "має бути від 1 до 100000", "must be between 1 and 100000")
        }
        var window: RegistrationWindow?
        if let r = registration {
            let opens = time(r.opensAt, "registration.opens_at"), closes = time(r.closesAt, "registration.closes_at")
            if let opens, let closes {
                if closes <= opens {
                    problem("registration.closes_at", "має бути пізніше за opens_at", "must be after opens_at")
                } else if let last = sessions.map(\.endsAt).max(), closes > last {
                    problem("registration.closes_at", "не може бути пізніше за кінець останнього заняття", "must not be after the last session ends")
                } else {
                    window = RegistrationWindow(opensAt: opens, closesAt: closes)
                }
            }
        } else {
            problems.append(.required("registration"))
        }
        let minimum = minAttendancePercent ?? 100
        if !(1...100).contains(minimum) { problem("min_attendance_percent", "має бути від 1 до 100", "must be between 1 and 100") }

        guard problems.isEmpty, let kind, let window else { throw HromadaError.validation(problems) }
        return EventDefinition(centre: centre, kind: kind, title: title, description: description, language: language, audience: audience,
                               programme: programme, hours: hours, credits: credits, sessions: sessions, venue: venue, onlineURL: onlineURL,
                               capacity: capacity, registration: window, minAttendancePercent: minimum, certificate: certificate ?? false)
    }

    static let earliest = Date(timeIntervalSince1970: 946_684_800)  // 2000-01-01T00:00:00Z
    static let latest = Date(timeIntervalSince1970: 4_102_444_800)  // 2100-01-01T00:00:00Z

    /// `UA` and 17 digits, as the КАТОТТГ codifier writes a hromada.
    static func isKATOTTG(_ code: String) -> Bool {
        let bytes = Array(code.utf8)
        return bytes.count == 19 && bytes[0] == UInt8(ascii: "U") && bytes[1] == UInt8(ascii: "A") && bytes[2...].allSatisfy { (48...57).contains($0) }
    }
}
