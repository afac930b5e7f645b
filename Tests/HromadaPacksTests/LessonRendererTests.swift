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

    /// Found in review: reference-style links were not checked (and their files left out of the
    /// release), links in code were, and `form(1).pdf` was cut at its first `)`.
    @Test func linksAreTheOnesTheRendererMakes() {
        let md = "![схема][r] і `[y](in-code.png)`\n\n[форма](../assets/form(1).pdf) [ще](x.pdf \"Назва\") [b](y%20z.pdf#p2)\n\n[r]: ../assets/scheme.png\n"
        let links = LessonRenderer.relativeLinks(md)
        #expect(links.map(\.target) == ["../assets/scheme.png", "../assets/form(1).pdf", "x.pdf", "y%20z.pdf#p2"], "\(links)")
        #expect(links.first.map { "\($0.line):\($0.column)" } == "5:6")
        #expect(links[1].line == 3 && links[1].column == 9)
        #expect(LessonRenderer.relativeLinks("[a](javascript:alert(1))\n").map(\.target) == ["javascript:alert(1)"])
    }

    /// Found in review: CommonMark's targets in angle brackets, the way to link a file whose name has
    /// spaces, were escaped as text: the link pointed at '<../assets/план' and was reported missing.
    @Test func targetsInAngleBracketsMayHoldSpaces() {
        let md = "Дивіться [план](<../assets/план робіт.pdf>) і ![схема][s].\n\n`[x](<in code.pdf>)` a < b <i>\n\n[s]: <../assets/схема 2.png>\n"
        let rendered = LessonRenderer.render(md)
        #expect(rendered.links.map(\.target) == ["../assets/план%20робіт.pdf", "../assets/схема%202.png"], "\(rendered.links)")
        #expect(rendered.links.map { "\($0.line):\($0.column)" } == ["1:18", "5:7"])
        #expect(rendered.html.contains(#"<a href="../assets/план%20робіт.pdf">план</a>"#), "\(rendered.html)")
        #expect(rendered.html.contains(#"src="../assets/схема%202.png""#), "\(rendered.html)")
        // Code keeps its brackets; a `<` that opens no target is text.
        #expect(rendered.html.contains("[x](&lt;in code.pdf&gt;)") && rendered.html.contains("a &lt; b &lt;i&gt;"), "\(rendered.html)")
        // Not closed on its line, or holding another `<`: no target, text as before.
        #expect(LessonRenderer.relativeLinks("[a](<x y.pdf)\n").map(\.target) == ["<x"], "unchanged: the first space ends the target")
        #expect(LessonRenderer.html("[a](<x<y>)\n").contains("&lt;x&lt;y"))
    }

    /// Ink copies a link's target and an image's alt text into attributes as written: a `"` there
    /// must not open an attribute of its own, and a `javascript:` link is no link.
    @Test func noAttributeCanBeAddedThroughALink() {
        for md in ["![a\" onerror=\"alert(1)](i.png)\n", "[a](x.pdf\" onclick=\"alert(1))\n", "[a](x.pdf \"t\" onclick=\"y\")\n"] {
            let html = LessonRenderer.html(md)
            #expect(!html.contains("onerror=\"") && !html.contains("onclick=\""), "\(html)")
        }
        #expect(LessonRenderer.html("[a](javascript:alert(1)) [b](JavaScript:x) [c](https://rada.gov.ua) [d](mailto:a@b.ua)\n")
            == ##"<p><a href="#">a</a> <a href="#">b</a> <a href="https://rada.gov.ua">c</a> <a href="mailto:a@b.ua">d</a></p>"##)
        #expect(LessonRenderer.html("Він сказав \"так\".\n").contains("&quot;так&quot;"))
    }
}
