import Foundation
@testable import HromadaTerminal
import Testing

/// Lessons as the terminal client shows them: exact layouts for each construct, then the promises that hold for
/// every lesson the project ships — lines fit, no escapes without colours, no words lost.
@Suite struct TerminalRendererTests {
    static let plain40 = TerminalRenderer(width: 40, colors: false)
    static let courses = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("courses")

    static func render(_ markdown: String, width: Int = 40, colors: Bool = false) -> [String] {
        TerminalRenderer(width: width, colors: colors).render(markdown)
    }

    // MARK: Blocks

    @Test func frontMatterIsSkipped() {
        #expect(Self.render("---\nid: charter\ntitle: Хартія\n---\n# Заголовок\n\nТекст.") == [
            "Заголовок", "═════════", "", "Текст.",
        ])
    }

    @Test func headingsStandOutWithoutColours() {
        #expect(Self.render("# Один\n## Два\n### Три\n#### Чотири ####\n\nСетекст\n-------") == [
            "Один", "════", "", "Два", "───", "", "▸ Три", "", "▸ Чотири", "", "Сетекст", "───────",
        ])
        // A wrapped heading is underlined as far as its longest line.
        #expect(Self.render("# Місцеве самоврядування в Україні", width: 22) == [
            "Місцеве самоврядування", "в Україні", "══════════════════════",
        ])
    }

    @Test func blankLinesAreSingleAndNeverAtTheEnds() {
        #expect(Self.render("\n\n\nПерший\n\n\n\nДругий\n\n\n") == ["Перший", "", "Другий"])
        #expect(Self.render("# А\nтекст\n- пункт\n```\nкод\n```") == ["А", "═", "", "текст", "", "• пункт", "", "  код"])
    }

    @Test func paragraphsAreJoinedAndRewrapped() {
        #expect(Self.render("Soft\nbreaks are joined and the text is rewrapped.", width: 20) == [
            "Soft breaks are", "joined and the text", "is rewrapped.",
        ])
        let long = String(repeating: "x", count: 45)
        #expect(Self.render("a \(long)", width: 20) == [
            "a", String(repeating: "x", count: 20), String(repeating: "x", count: 20), "xxxxx",
        ])
        #expect(Self.render("line one\\\nline two  \nline three") == ["line one", "line two", "line three"])
    }

    // MARK: Inline

    @Test func inlineMarkupWithoutColours() {
        #expect(Self.render("**Bold**, __bold__, *it*, _it_, snake_case_name, `code` and ~~gone~~; 2 * 3 * 4.", width: 80)
            == ["Bold, bold, it, it, snake_case_name, `code` and gone; 2 * 3 * 4."])
    }

    @Test func inlineMarkupWithColours() {
        #expect(Self.render("**B** *i* `c` ***bi***", colors: true) == [
            "\u{1B}[1mB\u{1B}[0m \u{1B}[3mi\u{1B}[0m \u{1B}[36mc\u{1B}[0m \u{1B}[1m\u{1B}[3mbi\u{1B}[0m",
        ])
    }

    @Test func backslashEscapesAreLiteral() {
        #expect(Self.render(#"\*not italic\* and \_x\_ and \`tick\` and \[no link\](x)"#, width: 80)
            == ["*not italic* and _x_ and `tick` and [no link](x)"])
    }

    @Test func linksBecomeNumberedFootnotesAndReuseNumbers() {
        let markdown = "See [the law](https://zakon.rada.gov.ua/1) and [again](https://zakon.rada.gov.ua/1 \"title\"), "
            + "then [other](<https://example.org>)."
        #expect(Self.render(markdown, width: 80) == [
            "See the law[1] and again[1], then other[2].", "", String(repeating: "─", count: 20),
            "[1] https://zakon.rada.gov.ua/1", "[2] https://example.org",
        ])
        #expect(Self.render("[слово](https://example.org/a)", colors: true)[0]
            == "\u{1B}[4mслово\u{1B}[0m\u{1B}[36m[1]\u{1B}[0m")
    }

    @Test func autolinksAndBareURLsStayText() {
        #expect(Self.render("Visit <https://example.org/a_b> or https://example.org/x_y_z now.", width: 80)
            == ["Visit https://example.org/a_b or https://example.org/x_y_z now."])
    }

    @Test func imagesBecomePlaceholdersWithFootnotes() {
        #expect(Self.render("![Diagram](img/d.png) ![Схема громади](img/s.png) ![](img/d.png)", width: 80) == [
            "[image: Diagram][1] [зображення: Схема громади][2] [image][1]", "", String(repeating: "─", count: 20),
            "[1] img/d.png", "[2] img/s.png",
        ])
    }

    // MARK: Lists

    @Test func bulletListsNestWithHangingIndentAndTasks() {
        let markdown = "- one\n- two\n  continued\n  - nested\n    - deeper\n- [ ] todo\n- [x] done\nlazy"
        #expect(Self.render(markdown) == ["• one", "• two continued", "  ◦ nested", "    ▪ deeper", "☐ todo", "☑ done lazy"])
        #expect(Self.render("- a long item text that wraps", width: 20) == ["• a long item text", "  that wraps"])
        #expect(Self.render("- a\n\n- b\n\n  second paragraph") == ["• a", "", "• b", "", "  second paragraph"])
    }

    @Test func orderedListsKeepTheirNumbers() {
        #expect(Self.render("9. nine\n10. ten words that wrap at the width", width: 20) == [
            " 9. nine", "10. ten words that", "    wrap at the", "    width",
        ])
        #expect(Self.render("3) three\n4) four\n\nУ 1998. році") == ["3) three", "4) four", "", "У 1998. році"])
        #expect(Self.render("Текст до\n2. не список") == ["Текст до 2. не список"])
    }

    // MARK: Quotes and code

    @Test func blockQuotesArePrefixedAndNest() {
        let markdown = "> **Порада.** Читайте закон уважно, бо деталі важать.\n>\n> > Вкладена цитата.\n\n> a\nlazy"
        #expect(Self.render(markdown, width: 30) == [
            "│ Порада. Читайте закон", "│ уважно, бо деталі важать.", "│", "│ │ Вкладена цитата.", "", "│ a lazy",
        ])
    }

    @Test func codeIsIndentedNotWrappedAndCutVisibly() {
        let markdown = "```swift\nlet x = **1**\n    indented\n```\n\n    code = 2\n\n~~~\n0123456789012345678901234567890\n~~~"
        #expect(Self.render(markdown, width: 20) == [
            "  let x = **1**", "      indented", "", "  code = 2", "", "  01234567890123456…",
        ])
        #expect(Self.render("```\nlet a = 1\n```", colors: true) == ["  \u{1B}[36mlet a = 1\u{1B}[0m"])
    }

    // MARK: Tables

    @Test func tablesFitWithAlignment() {
        let markdown = "| Name | Qty | Centre |\n|:---|---:|:---:|\n| apple | 3 | x |\n| kiwi | 12 | yy |"
        #expect(Self.render(markdown) == [
            "┌───────┬─────┬────────┐",
            "│ Name  │ Qty │ Centre │",
            "├───────┼─────┼────────┤",
            "│ apple │   3 │   x    │",
            "│ kiwi  │  12 │   yy   │",
            "└───────┴─────┴────────┘",
        ])
        #expect(Self.render("| Name |\n|---|\n| apple |", colors: true)[1] == "│ \u{1B}[1mName\u{1B}[0m  │")
    }

    @Test func wideTablesShrinkTheWidestColumnAndWrapCells() {
        let markdown = "| Term | Meaning |\n|---|---|\n| hromada | a territorial community of residents |\n| rada | council |"
        #expect(Self.render(markdown, width: 30) == [
            "┌─────────┬──────────────────┐",
            "│ Term    │ Meaning          │",
            "├─────────┼──────────────────┤",
            "│ hromada │ a territorial    │",
            "│         │ community of     │",
            "│         │ residents        │",
            "├─────────┼──────────────────┤",
            "│ rada    │ council          │",
            "└─────────┴──────────────────┘",
        ])
    }

    @Test func tablesTooWideForColumnsBecomeRecords() {
        let markdown = "| A | B | C | D |\n|---|---|---|---|\n| alpha | beta | gamma | delta |\n| 1 | 2 | 3 | a b c d e f g h i j k |"
        #expect(Self.render(markdown, width: 20) == [
            "A: alpha", "B: beta", "C: gamma", "D: delta", "", "A: 1", "B: 2", "C: 3", "D: a b c d e f g h", "  i j k",
        ])
    }

    // MARK: Other blocks

    @Test func horizontalRulesSpanTheWidth() {
        let rule = String(repeating: "─", count: 20)
        #expect(Self.render("a\n\n---\n\nb\n\n* * *\n___", width: 20) == ["a", "", rule, "", "b", "", rule, "", rule])
    }

    @Test func rawHTMLIsPlainText() {
        #expect(Self.render("<div class=\"note\">\n**raw** text\n</div>\n\nA <b>bold</b> claim") == [
            "<div class=\"note\">", "**raw** text", "</div>", "", "A <b>bold</b> claim",
        ])
    }

    // MARK: Widths and styles

    @Test func visibleWidthCountsColumns() {
        #expect(TerminalRenderer.visibleWidth("Київ") == 4)
        #expect(TerminalRenderer.visibleWidth("\u{1B}[1mКиїв\u{1B}[0m") == 4)
        #expect(TerminalRenderer.visibleWidth("漢字") == 4)
        #expect(TerminalRenderer.visibleWidth("👍") == 2)
        #expect(TerminalRenderer.visibleWidth("🇺🇦") == 2)
        #expect(TerminalRenderer.visibleWidth("☑\u{FE0F}") == 2)
        #expect(TerminalRenderer.visibleWidth("e\u{301}") == 1)
        #expect(TerminalRenderer.visibleWidth("a\u{200B}b") == 2)
    }

    @Test func stylesCloseAtLineEndAndReopen() {
        #expect(Self.render("**bold words that wrap across lines**", width: 20, colors: true) == [
            "\u{1B}[1mbold words that wrap\u{1B}[0m", "\u{1B}[1macross lines\u{1B}[0m",
        ])
    }

    @Test func wrappingKeepsGraphemeClustersWhole() {
        let accented = String(repeating: "e\u{301}", count: 15)
        #expect(Self.render(accented, width: 10) == [String(repeating: "e\u{301}", count: 10), String(repeating: "e\u{301}", count: 5)])
        let flags = String(repeating: "🇺🇦", count: 8)
        #expect(Self.render(flags, width: 10) == [String(repeating: "🇺🇦", count: 5), String(repeating: "🇺🇦", count: 3)])
        #expect(Self.render("漢字漢字漢字", width: 10) == ["漢字漢字漢", "字"])
    }

    @Test func inputEscapesCannotReachTheTerminal() {
        #expect(Self.render("a\u{1B}[31mred\u{07}") == ["a[31mred"])
    }

    /// Every construct at once, at every width from 20 to 60: nothing may overflow.
    @Test func everyConstructFitsAtEveryWidth() {
        let markdown = """
            # Заголовок першого рівня, досить довгий
            > **Порада.** Цитата з [посиланням](https://example.org/дуже/довга/адреса/яка/не/влазить) і `кодом`.
            > > - вкладений список у цитаті з текстом
            1. пункт
               - [x] підпункт з 漢字 і 👍 та словом-надзвичайнодовгимякеневлазитьуширину
            ```
            код, що значно довший за будь-яку ширину екрана, яку ми перевіряємо тут, так
            ```
            | Колонка | Друга | Третя | Четверта |
            |---|:-:|--:|---|
            | значення | ще одне значення | 3 | **жирне** значення в комірці |
            """
        for width in 20...60 {
            for colors in [false, true] {
                let lines = Self.render(markdown, width: width, colors: colors)
                #expect(Self.problems(lines, width: width, colors: colors).isEmpty, "width \(width)")
            }
        }
    }

    /// Markdown-ish noise: unbalanced markers, odd nesting and wide characters must neither crash nor overflow.
    @Test func arbitraryInputNeverOverflows() {
        let pieces = ["*", "**", "_", "`", "``", "[", "](", ")", "![", "<", ">", "> ", "|", "|---|", "- ", "1. ", "\\",
                      "~~", "#", "## ", "```", "    ", "\n", "\n\n", " ", "слово", "word", "漢字", "👍", "e\u{301}",
                      "https://example.org/a_b", "[ ] ", "<div>", "---"]
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<300 {
            var markdown = ""
            for _ in 0..<60 {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                markdown += pieces[Int(seed >> 33) % pieces.count]
            }
            for width in [20, 27] {
                for colors in [false, true] {
                    let lines = Self.render(markdown, width: width, colors: colors)
                    #expect(Self.problems(lines, width: width, colors: colors).isEmpty, "\(markdown.debugDescription)")
                }
            }
        }
    }

    // MARK: Shipped lessons

    @Test func shippedLessonsFitAndLoseNoWords() throws {
        let lessons = try Self.lessonFiles()
        #expect(lessons.count >= 20)
        for url in lessons {
            let source = try String(contentsOf: url, encoding: .utf8)
            let words = Self.proseWords(source)
            #expect(words.count > 100, "\(url.lastPathComponent)")
            for width in [40, 80, 132] {
                for colors in [false, true] {
                    let lines = TerminalRenderer(width: width, colors: colors).render(source)
                    let name = "\(url.lastPathComponent) at \(width), colours \(colors)"
                    #expect(Self.problems(lines, width: width, colors: colors).isEmpty, "\(name)")
                    let text = Self.withoutEscapes(lines.joined(separator: " "))
                    // Whole words first (fast); a word glued to its neighbour by markup (`**Закон**ом`) by search.
                    let seen = Set(text.split { !$0.isLetter }.map(String.init))
                    let missing = words.filter { $0.count < width / 2 && !seen.contains($0) && !text.contains($0) }
                    #expect(missing.isEmpty, "\(name): lost \(Array(missing.sorted().prefix(10)))")
                }
            }
        }
    }

    // MARK: Helpers

    static func lessonFiles() throws -> [URL] {
        var files: [URL] = []
        for course in try FileManager.default.contentsOfDirectory(atPath: courses.path).sorted() {
            let lessons = courses.appendingPathComponent(course).appendingPathComponent("lessons")
            let names = (try? FileManager.default.contentsOfDirectory(atPath: lessons.path)) ?? []
            files += names.filter { $0.hasSuffix(".md") }.sorted().map { lessons.appendingPathComponent($0) }
        }
        return files
    }

    /// Lines too wide, escapes without colours, escapes other than the allowed SGR set, styles left open.
    static func problems(_ lines: [String], width: Int, colors: Bool) -> [String] {
        let allowed: Set<String> = ["\u{1B}[0m", "\u{1B}[1m", "\u{1B}[2m", "\u{1B}[3m", "\u{1B}[4m", "\u{1B}[36m"]
        return lines.filter { line in
            let escapes = line.ranges(of: /\x1B\[[0-9;]*[A-Za-z]/).map { String(line[$0]) }
            if TerminalRenderer.visibleWidth(line) > width { return true }
            if !colors { return line.contains("\u{1B}") }
            let openAtEnd = escapes.last.map { $0 != "\u{1B}[0m" } ?? false
            return openAtEnd || escapes.contains { !allowed.contains($0) }
        }
    }

    static func withoutEscapes(_ text: String) -> String {
        text.replacing(/\x1B\[[0-9;]*m/, with: "")
    }

    /// Words of four letters or more outside front matter and code: the prose a learner must see.
    static func proseWords(_ source: String) -> Set<String> {
        var lines = source.components(separatedBy: "\n")
        if lines.first == "---", let end = lines.dropFirst().firstIndex(of: "---") { lines.removeSubrange(...end) }
        var inCode = false
        var words: Set<String> = []
        for line in lines {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                inCode.toggle()
                continue
            }
            if inCode { continue }
            words.formUnion(line.split { !$0.isLetter }.map(String.init).filter { $0.count >= 4 })
        }
        return words
    }
}
