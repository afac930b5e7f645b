@testable import HromadaPacks
import Testing

@Suite struct LessonRendererTests {
    @Test func rendersCommonMarkHeadingsListsAndEmphasis() {
        let html = LessonRenderer.html("# Хартія\n\nТекст з **жирним** і *курсивом*.\n\n- один\n- два\n")
        #expect(html.contains("<h1>Хартія</h1>"))
        #expect(html.contains("<strong>жирним</strong>"))
        #expect(html.contains("<em>курсивом</em>"))
        #expect(html.contains("<li>один</li>"))
    }

    @Test func rawHTMLIsEscapedNeverPassedThrough() {
        let html = LessonRenderer.html("Привіт <script>alert(1)</script> і <b>жирне</b> & ще.\n\n<div onclick=\"x\">блок</div>\n")
        #expect(!html.contains("<script"))
        #expect(!html.contains("<div"))
        #expect(!html.contains("<b>"))
        #expect(html.contains("&lt;script&gt;") || html.contains("&lt;script>"))
    }

    @Test func codeKeepsItsCharacters() {
        let html = LessonRenderer.html("Код `a < b` тут.\n\n```\nif a < b { }\n```\n")
        #expect(html.contains("a &lt; b"))
        #expect(!html.contains("&amp;lt;"))
    }

    @Test func relativeLinksAreFoundWithTheirPosition() {
        let links = LessonRenderer.relativeLinks("Схема: ![схема](../assets/charter.png) і [закон](https://zakon.rada.gov.ua)\n\n```\n[x](no.md)\n```\n")
        #expect(links.map(\.target) == ["../assets/charter.png"])
        #expect(links.first?.line == 1)
    }
}
