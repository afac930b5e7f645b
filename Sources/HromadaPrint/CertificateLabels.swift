/// The fixed wording of the page and the formatting of numbers and dates, per language.
struct CertificateLabels: Sendable {
    let title: String
    let subtitle: String
    let certifyThat: String
    let completedCourse: String
    let tookPart: String
    let hours: String
    let hoursUnit: String
    let credits: String
    let completedOn: String
    let serial: String
    let verify: String
    let revokedOn: String
    let reason: String
    let decimalSeparator: Character
    let monthNames: [String]
    let formatDate: @Sendable (_ year: Int, _ month: String, _ day: Int) -> String

    static func forLanguage(_ code: String) -> CertificateLabels {
        code.lowercased() == "en" ? .english : .ukrainian
    }

    static let ukrainian = CertificateLabels(
        title: "СЕРТИФІКАТ",
        subtitle: "про підвищення кваліфікації",
        certifyThat: "Цим засвідчується, що",
        completedCourse: "успішно завершив(-ла) навчання за курсом",
        tookPart: "взяв(-ла) участь у події",
        hours: "Обсяг",
        hoursUnit: "год.",
        credits: "Кредити ЄКТС",
        completedOn: "Дата завершення",
        serial: "Серійний номер",
        verify: "Перевірити / Verify",
        revokedOn: "Відкликано",
        reason: "Причина",
        decimalSeparator: ",",
        monthNames: ["січня", "лютого", "березня", "квітня", "травня", "червня",
                     "липня", "серпня", "вересня", "жовтня", "листопада", "грудня"],
        formatDate: { year, month, day in "\(day) \(month) \(year) р." }
    )

    static let english = CertificateLabels(
        title: "CERTIFICATE",
        subtitle: "of professional development",
        certifyThat: "This is to certify that",
        completedCourse: "has successfully completed the course",
        tookPart: "took part in the event",
        hours: "Hours",
        hoursUnit: "",
        credits: "ECTS credits",
        completedOn: "Completed on",
        serial: "Serial number",
        verify: "Verify / Перевірити",
        revokedOn: "Revoked on",
        reason: "Reason",
        decimalSeparator: ".",
        monthNames: ["January", "February", "March", "April", "May", "June",
                     "July", "August", "September", "October", "November", "December"],
        formatDate: { year, month, day in "\(day) \(month) \(year)" }
    )

    /// "30" for 30 hours, "1,0" for one credit: at most two decimals, at least `minimumFractionDigits`.
    func number(_ value: Double, minimumFractionDigits: Int) -> String {
        let hundredths = Int((value * 100).rounded())
        var fraction = String(hundredths % 100)
        if fraction.count < 2 { fraction = "0" + fraction }
        while fraction.count > minimumFractionDigits, fraction.hasSuffix("0") { fraction.removeLast() }
        let whole = String(hundredths / 100)
        return fraction.isEmpty ? whole : whole + String(decimalSeparator) + fraction
    }

    /// "20 листопада 2026 р." / "20 November 2026" for "2026-11-20"; nil when not a real date.
    func date(_ iso: String) -> String? {
        guard let (year, month, day) = Self.parseDate(iso) else { return nil }
        return formatDate(year, monthNames[month - 1], day)
    }

    static func parseDate(_ iso: String) -> (year: Int, month: Int, day: Int)? {
        let parts = iso.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month)
        else { return nil }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard (1...days).contains(day) else { return nil }
        return (year, month, day)
    }
}
