import Foundation

// MARK: - Rendering

extension TerminalRenderer {
    /// One rendering of one lesson: it collects link targets as footnotes in reading order.
    struct Pass {
        let colors: Bool
        var notes: [String] = []

        init(colors: Bool) {
            self.colors = colors
        }

        mutating func render(_ blocks: [Block], width: Int, depth: Int, separated: Bool = true) -> [Line] {
            var out: [Line] = []
            for block in blocks {
                let lines = render(block, width: width, depth: depth)
                if separated, !out.isEmpty, !lines.isEmpty { out.append([]) }
                out += lines
            }
            return tidy(out)
        }

        mutating func render(_ block: Block, width: Int, depth: Int) -> [Line] {
            switch block {
            case .heading(let level, let text):
                return heading(level, text, width: width)
            case .paragraph(let text):
                return wrap(inline(text, style: []), width: width)
            case .code(let lines):
                return lines.map { line in
                    let text = trimmedEnd(line)
                    return text.isEmpty ? [] : [plain(2), Segment(text: truncated(text, to: width - 2), style: .accent)]
                }
            case .rule:
                return [[plain(width, "─")]]
            case .quote(let blocks):
                guard width - 2 >= minimumWidth else { return render(blocks, width: width, depth: depth) }
                let bar = Segment(text: "│", style: .dim)
                return prefixed(render(blocks, width: width - 2, depth: depth), first: [bar, plain(1)],
                                rest: [bar, plain(1)], blank: [bar])
            case .list(let list):
                return self.list(list, width: width, depth: depth)
            case .table(let header, let alignments, let rows):
                return table(header, alignments, rows, width: width)
            case .html(let lines):
                return lines.flatMap { wrap([Segment(text: $0, style: [])], width: width) }
            }
        }

        /// Levels 1 and 2 are underlined with box-drawing lines so they stand out with colours off too.
        mutating func heading(_ level: Int, _ text: String, width: Int) -> [Line] {
            guard level <= 2 else {
                return prefixed(wrap(inline(text, style: .bold), width: width - 2), first: [plain(1, "▸"), plain(1)],
                                rest: [plain(2)])
            }
            let lines = wrap(inline(text, style: .bold), width: width)
            let underline = lines.map(TerminalRenderer.width(of:)).max() ?? 0
            return underline == 0 ? [] : lines + [[plain(underline, level == 1 ? "═" : "─")]]
        }

        mutating func list(_ list: ListBlock, width: Int, depth: Int) -> [Line] {
            let markers = list.items.enumerated().map { index, item -> String in
                let bullet = depth == 0 ? "•" : depth == 1 ? "◦" : "▪"
                let base = list.ordered ? "\(list.start + index)\(list.delimiter)" : bullet
                guard let checked = item.checked else { return base }
                let box = checked ? "☑" : "☐"
                return list.ordered ? "\(base) \(box)" : box
            }
            let markerWidth = (markers.map(visibleWidth).max() ?? 1) + 1
            let hanging = width - markerWidth >= minimumWidth
            var out: [Line] = []
            for (item, marker) in zip(list.items, markers) {
                if list.loose, !out.isEmpty { out.append([]) }
                let pad = plain(markerWidth - 1 - visibleWidth(marker))
                let label: Line = list.ordered ? [pad, Segment(text: marker, style: [])]
                    : [Segment(text: marker, style: []), pad]
                let body = render(item.blocks, width: hanging ? width - markerWidth : width, depth: depth + 1,
                                  separated: list.loose)
                if body.isEmpty || !hanging {
                    out.append(label)
                    out += body
                } else {
                    out += prefixed(body, first: label + [plain(1)], rest: [plain(markerWidth)])
                }
            }
            return out
        }

        /// Draws a boxed table if it can fit without breaking words (words longer than half the width may
        /// break); otherwise lists each row as "Header: value" records, which fit any width.
        mutating func table(_ header: [String], _ alignments: [Alignment], _ rows: [[String]], width: Int) -> [Line] {
            let head = header.map { inline($0, style: .bold) }
            let body = rows.map { $0.map { inline($0, style: []) } }
            let columns = head.indices
            let natural = columns.map { column in
                ([head] + body).map { row -> Int in
                    let lines = wrap(row[column], width: .max)
                    return lines.map(TerminalRenderer.width(of:)).max() ?? 0
                }.max() ?? 0
            }
            let room = width - (3 * head.count + 1)
            var widths = natural
            if natural.reduce(0, +) > room {
                let floors = columns.map { column in
                    let longest = ([head] + body).map { longestWord($0[column]) }.max() ?? 0
                    return min(natural[column], max(6, min(longest, width / 2)))
                }
                guard floors.reduce(0, +) <= room else { return records(head, body, width: width) }
                for _ in 0..<(natural.reduce(0, +) - room) {
                    guard let widest = columns.filter({ widths[$0] > floors[$0] }).max(by: { widths[$0] < widths[$1] })
                    else { break }
                    widths[widest] -= 1
                }
            }
            func border(_ left: String, _ middle: String, _ right: String) -> Line {
                [Segment(text: left + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: middle) + right,
                         style: [])]
            }
            func lines(of row: [[Segment]]) -> [Line] {
                let cells = columns.map { wrap(row[$0], width: widths[$0]) }
                return (0..<max(1, cells.map(\.count).max() ?? 1)).map { index in
                    var line: Line = [plain(1, "│")]
                    for column in columns {
                        let content = index < cells[column].count ? cells[column][index] : []
                        let slack = widths[column] - TerminalRenderer.width(of: content)
                        let left = alignments[column] == .right ? slack : alignments[column] == .center ? slack / 2 : 0
                        line += [plain(1 + left)] + content + [plain(slack - left + 1), plain(1, "│")]
                    }
                    return line
                }
            }
            let bodyLines = body.map(lines(of:))
            // Rows that wrap need rules between them, or their lines run together.
            let ruled = bodyLines.contains { $0.count > 1 }
            var out = [border("┌", "┬", "┐")] + lines(of: head)
            for (index, row) in bodyLines.enumerated() {
                if index == 0 || ruled { out.append(border("├", "┼", "┤")) }
                out += row
            }
            return out + [border("└", "┴", "┘")]
        }

        func records(_ head: [[Segment]], _ body: [[[Segment]]], width: Int) -> [Line] {
            guard !body.isEmpty else { return head.flatMap { wrap($0, width: width) } }
            var out: [Line] = []
            for row in body {
                if !out.isEmpty { out.append([]) }
                for (label, value) in zip(head, row) {
                    let labelled = isBlank(label) ? value : label + [Segment(text: ": ", style: .bold)] + value
                    out += prefixed(wrap(labelled, width: width - 2), first: [], rest: [plain(2)])
                }
            }
            return out
        }

        func longestWord(_ segments: [Segment]) -> Int {
            tokens(segments).map { token in
                if case .word(let parts) = token { return TerminalRenderer.width(of: parts) }
                return 0
            }.max() ?? 0
        }

        func footnotes(width: Int) -> [Line] {
            guard !notes.isEmpty else { return [] }
            var out: [Line] = [[], [Segment(text: String(repeating: "─", count: min(width, 20)), style: .dim)]]
            for (index, url) in notes.enumerated() {
                let label = "[\(index + 1)]"
                let indent = visibleWidth(label) + 1
                out += prefixed(wrap([Segment(text: url, style: [])], width: width - indent),
                                first: [Segment(text: label, style: .accent), plain(1)], rest: [plain(indent)])
            }
            return out
        }

        /// The same target keeps its number, so a lesson citing one law ten times lists it once.
        mutating func footnote(_ url: String) -> Int {
            if let index = notes.firstIndex(of: url) { return index + 1 }
            notes.append(url)
            return notes.count
        }

        /// Styles never cross a line end: each line closes what it opened, and the next reopens it, so a
        /// pager or a cut-off screen never shows the rest of the terminal in bold.
        func emit(_ line: Line) -> String {
            var out = ""
            var current: Style = []
            for segment in line where !segment.text.isEmpty {
                if colors, segment.style != current {
                    if !current.isEmpty { out += "\u{1B}[0m" }
                    let codes: [(Style, String)] = [(.bold, "1"), (.dim, "2"), (.italic, "3"), (.underline, "4"), (.accent, "36")]
                    out += codes.filter { segment.style.contains($0.0) }.map { "\u{1B}[\($0.1)m" }.joined()
                    current = segment.style
                }
                out += segment.text
            }
            return current.isEmpty ? out : out + "\u{1B}[0m"
        }
    }
}
