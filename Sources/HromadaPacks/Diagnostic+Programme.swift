extension Diagnostic {
    /// The Ukrainian of ``ProgrammeValidator``'s messages, matched before the pack's (whose general
    /// patterns, such as "… needs '…'", would take some of these).
    static let programmeTable: [(String, String)] = [
        (#"a programme folder needs programme.yaml"#, "у теці програми бракує programme.yaml"),
        (#"format must be 'hromada-programme/1'"#, "format має бути 'hromada-programme/1'"),
        (#"not part of a programme folder; ignored"#, "не належить до теки програми; пропущено"),
        (#"a programme needs at least one part"#, "програмі потрібна хоча б одна частина"),
        (#"a programme has at most (\d+) parts, not (\d+)"#, "у програмі щонайбільше $1 частин, а не $2"),
        (#"a part is either 'course:' \(with 'min_version:'\) or 'event_kind:' with 'hours:'"#,
         "частина — це або 'course:' (з 'min_version:'), або 'event_kind:' з 'hours:'"),
        (#"course '(.*)' is not a course slug"#, "'$1' не є slug курсу"),
        (#"course '(.*)' is already a part"#, "курс '$1' уже є частиною програми"),
        (#"min_version must be a semantic version such as 1.2.0"#, "min_version має бути семантичною версією, як-от 1.2.0"),
        (#"min_version belongs to a course part"#, "min_version буває лише в частини-курсу"),
        (#"an event part needs 'hours'"#, "частині-події потрібні 'hours'"),
        (#"completion must be all or \{at_least: N\}"#, "completion має бути all або {at_least: N}"),
        (#"course '(.*)' is not published"#, "курс '$1' не опубліковано"),
        (#"course '(.*)' has no published version (.*) or later \(newest: (.*)\)"#,
         "у курсу '$1' немає опублікованої версії $2 чи новішої (найновіша: $3)"),
        (#"the parts carry (.*) ECTS credits; a professional programme needs at least 2"#,
         "частини дають $1 кредитів ЄКТС, а професійній програмі потрібно щонайменше 2"),
        (#"the parts carry (.*) ECTS credits; a short-term programme carries 0.2 to 1"#,
         "частини дають $1 кредитів ЄКТС, а короткострокова програма має від 0,2 до 1"),
    ]
}
