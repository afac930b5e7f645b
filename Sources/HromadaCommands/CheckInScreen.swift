import ArgumentParser
import Foundation
import HromadaAPI
import HromadaClient
import HromadaDomain

/// `hromada event check-in ID --session N`: the session's rotating code, drawn large enough to read from
/// the back of a room, asked for again as it changes, with the seconds it has left.
extension HromadaCommand.EventCommand {
    struct CheckInScreen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check-in",
            abstract: "Show a session's check-in code in large digits, refreshing / Показати код відмітки великими цифрами.",
            discussion: """
                For a trainer of the event's centre, its admins and the association's admin. The code changes every
                minute (the one before stays good 30 seconds more); the screen fetches the new one by itself and
                counts the seconds down. Ctrl-C quits. --once prints the code once (no screen), --json as JSON:
                {session, code, valid_until, changes_at}.
                Example: hromada event check-in 5e0c7a2b-1d3f-4b8e-9a6c-2f4d8b1e7c90 --session 1
                """
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The event's id.") var id: String
        @Option(help: "The session's number.") var session: Int
        @Flag(help: "Print the code once and exit.") var once = false
        @Flag(help: "Print JSON (implies --once).") var json = false

        func run() async throws {
            let lang = global.language
            try await guarded(lang) {
                let eventID = try HromadaCommand.EventCommand.id(id)
                let (client, _) = try global.client(requireToken: true)
                var answer = try await client.checkInCode(event: eventID, session: session)
                if json { try Terminal.printJSON(answer); return }
                if once {
                    print(answer.code)
                    return
                }
                let title = (try? await client.event(eventID).title) ?? ""
                while !Task.isCancelled {
                    let now = Date()
                    if now >= answer.changesAt { answer = try await client.checkInCode(event: eventID, session: session) }
                    let left = max(0, Int(answer.changesAt.timeIntervalSince(Date()).rounded(.up)))
                    let screen = Self.screen(code: answer.code, title: Messages.checkInScreen(session: session, title: title).text(lang),
                                             footer: [Messages.secondsLeft(left).text(lang), Messages.checkInHint(eventID.lowercasedText, session: session).text(lang)],
                                             width: Table.terminalWidth)
                    // Home and clear, then the frame: one write, so the code never flickers half drawn.
                    FileHandle.standardOutput.write(Data(("\u{1B}[H\u{1B}[2J" + screen).utf8))
                    try await Task.sleep(for: .seconds(1))
                }
            }
        }

        /// The frame: the title, the code in block digits (each 7 rows high, twice as wide when the terminal
        /// allows), the seconds left and how to check in.
        static func screen(code: String, title: String, footer: [String], width: Int) -> String {
            let digits = BigDigits.render(code, scale: width >= 2 * BigDigits.width(code) + 4 ? 2 : 1)
            func centred(_ line: String) -> String {
                let pad = max(0, (width - line.count) / 2)
                return String(repeating: " ", count: pad) + line
            }
            return ([centred(title), ""] + digits.map(centred) + [""] + footer.map(centred)).joined(separator: "\n") + "\n"
        }
    }
}

/// Digits drawn with block characters, 5 columns by 7 rows each.
enum BigDigits {
    static let glyphs: [Character: [String]] = [
        "0": [" ███ ", "█   █", "█  ██", "█ █ █", "██  █", "█   █", " ███ "],
        "1": ["  █  ", " ██  ", "  █  ", "  █  ", "  █  ", "  █  ", " ███ "],
        "2": [" ███ ", "█   █", "    █", "   █ ", "  █  ", " █   ", "█████"],
        "3": ["████ ", "    █", "    █", " ███ ", "    █", "    █", "████ "],
        "4": ["   █ ", "  ██ ", " █ █ ", "█  █ ", "█████", "   █ ", "   █ "],
        "5": ["█████", "█    ", "████ ", "    █", "    █", "█   █", " ███ "],
        "6": [" ███ ", "█    ", "█    ", "████ ", "█   █", "█   █", " ███ "],
        "7": ["█████", "    █", "   █ ", "  █  ", " █   ", " █   ", " █   "],
        "8": [" ███ ", "█   █", "█   █", " ███ ", "█   █", "█   █", " ███ "],
        "9": [" ███ ", "█   █", "█   █", " ████", "    █", "    █", " ███ "],
    ]

    /// Columns `text` takes at scale 1: five per digit, one between digits, three between the halves.
    static func width(_ text: String) -> Int { text.count * 6 + 2 }

    /// Seven rows (fourteen at scale 2, each cell doubled both ways); a gap after the third digit, as
    /// people read six digits in two threes.
    static func render(_ text: String, scale: Int = 1) -> [String] {
        var rows = Array(repeating: "", count: 7)
        for (i, c) in text.enumerated() {
            let glyph = glyphs[c] ?? Array(repeating: "     ", count: 7)
            for r in 0..<7 { rows[r] += (i == 0 ? "" : (i == 3 ? "   " : " ")) + glyph[r] }
        }
        guard scale > 1 else { return rows }
        return rows.flatMap { row -> [String] in
            let wide = String(row.flatMap { Array(repeating: $0, count: scale) })
            return Array(repeating: wide, count: scale)
        }
    }
}
