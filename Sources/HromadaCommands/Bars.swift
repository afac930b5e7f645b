import Foundation
import HromadaAPI
import HromadaTerminal

/// Bars drawn with block characters, sized to the terminal's width.
enum Bars {
    /// `[██████····] 60 %` towards `target`, the whole line at most `width` columns; full (and over
    /// 100 %) once the target is reached.
    static func progress(_ earned: Decimal, of target: Decimal, width: Int) -> String {
        let percent = target > 0 ? NSDecimalNumber(decimal: earned * 100 / target).doubleValue : 100
        let label = " \(Int(percent.rounded(.down))) %"
        let inner = max(4, width - 2 - label.count)
        let filled = min(inner, Int((Double(inner) * percent / 100).rounded(.down)))
        return "[" + String(repeating: "█", count: filled) + String(repeating: "·", count: inner - filled) + "]" + label
    }

    /// One summary row per line: the group's name (cut to fit), a bar of its officials split into
    /// those who met the year (█) and those who did not (░), scaled to the largest group, then the counts.
    static func summary(_ rows: [Development.Summary.Row], width: Int, counts: (Development.Summary.Row) -> String) -> [String] {
        guard !rows.isEmpty else { return [] }
        let names = rows.map(\.group.name)
        let nameWidth = min(names.map { TerminalRenderer.visibleWidth($0) }.max() ?? 0, max(8, width / 3))
        let countTexts = rows.map(counts)
        let countWidth = countTexts.map { TerminalRenderer.visibleWidth($0) }.max() ?? 0
        // name, space, bar, space, counts: the bar takes what is left. When that leaves under ten
        // columns, the counts go on a line of their own under the bar.
        let inline = width - nameWidth - countWidth - 2 >= 10
        let barWidth = max(5, inline ? width - nameWidth - countWidth - 2 : width - nameWidth - 1)
        let largest = max(1, rows.map(\.officials).max() ?? 1)
        return rows.indices.flatMap { i -> [String] in
            let row = rows[i]
            let name = fit(names[i], nameWidth)
            let total = row.officials * barWidth / largest
            let met = row.officials == 0 ? 0 : min(total, Int((Double(row.met) * Double(total) / Double(row.officials)).rounded()))
            let bar = String(repeating: "█", count: met) + String(repeating: "░", count: total - met)
            guard inline else { return [name + " " + bar, "  " + countTexts[i]] }
            return [name + " " + bar + String(repeating: " ", count: barWidth - total) + " " + countTexts[i]]
        }
    }

    /// `text` cut with "…" or padded with spaces to exactly `width` columns.
    static func fit(_ text: String, _ width: Int) -> String {
        var out = text
        if TerminalRenderer.visibleWidth(out) > width {
            while TerminalRenderer.visibleWidth(out) > width - 1, !out.isEmpty { out.removeLast() }
            out += "…"
        }
        return out + String(repeating: " ", count: max(0, width - TerminalRenderer.visibleWidth(out)))
    }
}
