import Foundation
import HromadaAPI
import HromadaDomain

/// The sentences of `hromada development`, `plan`, `record`, `records`, `hr` and `report development`.
extension Messages {
    static func categoryName(_ category: String) -> LocalizedText {
        category == "deputy" ? LocalizedText(uk: "депутат ради", en: "council deputy") : LocalizedText(uk: "посадова особа", en: "local government official")
    }

    static func yearHeading(_ year: Int, category: String) -> LocalizedText {
        let name = categoryName(category)
        return LocalizedText(uk: "\(year) рік — \(name.uk)", en: "\(year) — \(name.en)")
    }

    static func credits(earned: String, target: String, met: Bool?) -> LocalizedText {
        switch met {
        case true?: LocalizedText(uk: "Кредити ЄКТС: \(earned) з \(target) — річну норму виконано.", en: "ECTS credits: \(earned) of \(target) — the year is met.")
        case false?: LocalizedText(uk: "Кредити ЄКТС: \(earned) з \(target) — річну норму ще не виконано.", en: "ECTS credits: \(earned) of \(target) — the year is not met yet.")
        case nil: LocalizedText(uk: "Кредити ЄКТС: \(earned). Для депутатів річної норми немає: навчання — право, не обовʼязок.",
                                en: "ECTS credits: \(earned). Deputies have no yearly target: training is a right, not a duty.")
        }
    }

    static func selfEducation(_ credits: String, share: String) -> LocalizedText {
        LocalizedText(uk: "Самоосвіта: \(credits) ЄКТС (\(share) % від здобутого).", en: "Self-education: \(credits) ECTS (\(share) % of what was earned).")
    }

    /// Why an official with enough credits has not met the year.
    static let selfEducationShort = LocalizedText(
        uk: "Бракує самоосвіти: щонайменше десята частина кредитів має бути самоосвітою (див. політику асоціації).",
        en: "Self-education is short: at least a tenth of the credits must be self-education (see the association's policy).")

    static func firstYearDue(_ date: String) -> LocalizedText {
        LocalizedText(uk: "Перший рік на посаді: навчання до \(date).", en: "First year in office: training due by \(date).")
    }

    static func planStatus(_ status: Development.PlanState) -> LocalizedText {
        switch status {
        case .draft: LocalizedText(uk: "чернетка", en: "draft")
        case .submitted: LocalizedText(uk: "подано на затвердження", en: "submitted for approval")
        case .approved: LocalizedText(uk: "затверджено", en: "approved")
        case .returned: LocalizedText(uk: "повернуто на доопрацювання", en: "returned for changes")
        case .none: LocalizedText(uk: "немає", en: "none")
        }
    }

    static func planStatus(_ status: DevelopmentPlan.Status) -> LocalizedText { planStatus(Development.PlanState(status)) }

    static func planLine(revision: Int, status: DevelopmentPlan.Status) -> LocalizedText {
        let s = planStatus(status)
        return LocalizedText(uk: "Індивідуальна програма: редакція \(revision), \(s.uk).", en: "Individual programme: revision \(revision), \(s.en).")
    }

    static let noPlan = LocalizedText(uk: "Індивідуальної програми на цей рік ще немає: hromada plan edit --file програма.yaml.",
                                      en: "There is no individual programme for this year yet: hromada plan edit --file plan.yaml.")

    static func sourceName(_ source: Standing.Source) -> LocalizedText {
        switch source {
        case .course: LocalizedText(uk: "Курси платформи", en: "Courses of the platform")
        case .event: LocalizedText(uk: "Події", en: "Events")
        case .external: LocalizedText(uk: "Зовнішнє навчання (визнане)", en: "External learning (recognised)")
        }
    }

    static let nothingEarned = LocalizedText(uk: "Цього року ще нічого не зараховано.", en: "Nothing has been credited this year yet.")

    static func recordKind(_ kind: ExternalRecordDraft.Kind) -> LocalizedText {
        switch kind {
        case .selfEducation: LocalizedText(uk: "самоосвіта", en: "self-education")
        case .training: LocalizedText(uk: "навчання", en: "training")
        case .internship: LocalizedText(uk: "стажування", en: "internship")
        case .experienceExchange: LocalizedText(uk: "обмін досвідом", en: "experience exchange")
        }
    }

    static func recordStatus(_ status: ExternalRecord.Status) -> LocalizedText {
        switch status {
        case .pending: LocalizedText(uk: "очікує рішення", en: "pending")
        case .recognised: LocalizedText(uk: "визнано", en: "recognised")
        case .rejected: LocalizedText(uk: "відхилено", en: "rejected")
        case .withdrawn: LocalizedText(uk: "відкликано", en: "withdrawn")
        }
    }

    static func planSaved(_ year: Int, revision: Int, items: Int, credits: String) -> LocalizedText {
        let n = count(items, uk: ("пункт", "пункти", "пунктів"), en: ("item", "items"))
        return LocalizedText(uk: "Програму на \(year) рік збережено як чернетку (редакція \(revision), \(n.uk), \(credits) ЄКТС). Подайте її: hromada plan submit \(year).",
                             en: "The programme for \(year) is saved as a draft (revision \(revision), \(n.en), \(credits) ECTS). Submit it: hromada plan submit \(year).")
    }

    static func planSubmitted(_ year: Int, revision: Int) -> LocalizedText {
        LocalizedText(uk: "Програму на \(year) рік (редакція \(revision)) подано кадровій службі.", en: "The programme for \(year) (revision \(revision)) is submitted to the HR unit.")
    }

    static func planFileProblem(_ file: String, line: Int, _ message: LocalizedText) -> LocalizedText {
        LocalizedText(uk: "\(file), рядок \(line): \(message.uk)", en: "\(file), line \(line): \(message.en)")
    }

    static func unreadableFile(_ file: String) -> LocalizedText {
        LocalizedText(uk: "Не вдалося прочитати файл \(file).", en: "The file \(file) could not be read.")
    }

    static func recordAdded(_ title: String, status: ExternalRecord.Status, verdict: String?) -> LocalizedText {
        switch (status, verdict) {
        case (.recognised, _):
            return LocalizedText(uk: "«\(title)» визнано одразу: сертифікат дійсний.", en: "“\(title)” is recognised at once: the certificate is valid.")
        case (_, let v?):
            return LocalizedText(uk: "«\(title)» додано й чекає рішення кадрової служби (перевірка сертифіката: \(v)).",
                                 en: "“\(title)” is added and waits for the HR unit (certificate check: \(v)).")
        default:
            return LocalizedText(uk: "«\(title)» додано й чекає рішення кадрової служби.", en: "“\(title)” is added and waits for the HR unit.")
        }
    }

    static func badDecimal(_ option: String) -> LocalizedText {
        LocalizedText(uk: "\(option): потрібне число, наприклад 0.5 або 0,5.", en: "\(option): a number is needed, such as 0.5.")
    }

    static func badDay(_ option: String) -> LocalizedText {
        LocalizedText(uk: "\(option): потрібна дата РРРР-ММ-ДД.", en: "\(option): a date YYYY-MM-DD is needed.")
    }

    static func badID(_ what: String) -> LocalizedText {
        LocalizedText(uk: "«\(what)» не схоже на ідентифікатор (UUID).", en: "“\(what)” does not look like an identifier (UUID).")
    }

    static let noRecords = LocalizedText(uk: "Записів про зовнішнє навчання немає.", en: "There are no records of external learning.")

    static func planDecided(_ name: String, approved: Bool) -> LocalizedText {
        approved
            ? LocalizedText(uk: "Програму — \(name) затверджено.", en: "The programme of \(name) is approved.")
            : LocalizedText(uk: "Програму — \(name) повернуто на доопрацювання.", en: "The programme of \(name) is returned for changes.")
    }

    static func recordRecognised(_ title: String, name: String, credits: String) -> LocalizedText {
        LocalizedText(uk: "«\(title)» (\(name)) визнано: \(credits) ЄКТС.", en: "“\(title)” (\(name)) is recognised: \(credits) ECTS.")
    }

    static func recordRejected(_ title: String, name: String) -> LocalizedText {
        LocalizedText(uk: "«\(title)» (\(name)) відхилено; причину збережено.", en: "“\(title)” (\(name)) is rejected; the reason is kept.")
    }

    static let summaryLegend = LocalizedText(
        uk: "█ виконали рік  ░ не виконали  (посадові особи; депутати без норми)",
        en: "█ met the year  ░ not met  (officials; deputies have no target)")

    static func summaryLine(met: Int, officials: Int, withoutPlan: Int) -> LocalizedText {
        LocalizedText(uk: "\(met) з \(officials), без затвердженої програми: \(withoutPlan)",
                      en: "\(met) of \(officials), no approved plan: \(withoutPlan)")
    }

    static func groupingName(_ by: String) -> LocalizedText {
        switch by {
        case "hromada": LocalizedText(uk: "Громада", en: "Hromada")
        case "raion": LocalizedText(uk: "Район", en: "Raion")
        case "centre": LocalizedText(uk: "Центр", en: "Centre")
        default: LocalizedText(uk: "Область", en: "Oblast")
        }
    }

    static let summaryOnlyOption = LocalizedText(uk: "--by діє лише разом із --summary.", en: "--by goes with --summary.")
    static let semicolonsWithCSV = LocalizedText(uk: "--semicolons діє лише разом із --csv.", en: "--semicolons goes with --csv.")
    static let emptyReport = LocalizedText(uk: "У звіті нікого немає.", en: "Nobody is in the report.")

    static let pdfWithSummary = LocalizedText(uk: "--pdf діє лише разом із --summary.", en: "--pdf goes with --summary.")
    static let outputWithPDF = LocalizedText(uk: "--output діє лише разом із --pdf.", en: "--output goes with --pdf.")
    static let onePDFFormat = LocalizedText(uk: "Оберіть щось одне: --pdf, --csv або --json.", en: "Choose one of --pdf, --csv and --json.")
    static func pdfSaved(_ file: String) -> LocalizedText {
        LocalizedText(uk: "Звіт збережено у файл \(file).", en: "The report is saved to \(file).")
    }
    static func notWritten(_ file: String) -> LocalizedText {
        LocalizedText(uk: "Не вдалося записати файл \(file).", en: "The file \(file) could not be written.")
    }
}
