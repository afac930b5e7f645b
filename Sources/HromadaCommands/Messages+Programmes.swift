import Foundation
import HromadaAPI
import HromadaDomain

/// What `hromada programme …` and the programmes of `hromada progress` say, in Ukrainian and English.
extension Messages {
    static func part(_ part: ProgrammeDefinition.Part) -> LocalizedText {
        if let course = part.course {
            return part.minVersion.map {
                LocalizedText(uk: "курс \(course), версія \($0) чи новіша", en: "course \(course), version \($0) or later")
            } ?? LocalizedText(uk: "курс \(course)", en: "course \(course)")
        }
        let kind = part.eventKind.map(kindName) ?? LocalizedText(uk: "подія", en: "event")
        let hours = HromadaCommand.Courses.number(part.hours ?? 0)
        return LocalizedText(uk: "\(kind.uk), щонайменше \(hours) год", en: "\(kind.en) of at least \(hours) hours")
    }

    static func rule(_ required: Int, of total: Int) -> LocalizedText {
        required == total
            ? LocalizedText(uk: "Завершення: усі частини (\(total)).", en: "Completion: every part (\(total)).")
            : LocalizedText(uk: "Завершення: \(required) частини з \(total).", en: "Completion: \(required) parts of \(total).")
    }

    static func partsDone(_ done: Int, of required: Int) -> LocalizedText {
        LocalizedText(uk: "Частин виконано: \(done), потрібно \(required)", en: "Parts done: \(done), \(required) needed")
    }

    static func noSuchProgramme(_ slug: String, _ version: String?) -> LocalizedText {
        version.map {
            LocalizedText(uk: "Програми \(slug) версії \($0) не опубліковано.", en: "No version \($0) of the programme \(slug) is published.")
        } ?? LocalizedText(uk: "Програми \(slug) не опубліковано.", en: "No programme \(slug) is published.")
    }
}
