import Foundation

/// A plain-text table that fits the terminal: the widest column shrinks (with "…") until it fits.
struct Table {
    var headers: [String]
    var rows: [[String]]
    /// Columns never shortened (ids that are typed back into another command).
    var fixed: Set<Int> = []

    static var terminalWidth: Int {
        var size = winsize()
        if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 {
            return Int(size.ws_col)
        }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 20 { return columns }
        return 80
    }

    func render(width: Int = Table.terminalWidth) -> String {
        var widths = headers.indices.map { i in ([headers[i]] + rows.map { $0[i] }).map(\.count).max() ?? 0 }
        let gap = 2
        while widths.reduce(0, +) + gap * (widths.count - 1) > width, let widest = widths.indices.filter({ !fixed.contains($0) }).max(by: { widths[$0] < widths[$1] }), widths[widest] > 6 {
            widths[widest] -= 1
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                let fitted = cell.count > widths[i] ? String(cell.prefix(widths[i] - 1)) + "…" : cell
                return i == cells.count - 1 ? fitted : fitted + String(repeating: " ", count: widths[i] - fitted.count)
            }.joined(separator: String(repeating: " ", count: gap))
        }
        return ([line(headers), line(widths.map { String(repeating: "─", count: $0) })] + rows.map(line)).joined(separator: "\n")
    }
}
