@testable import HromadaPacks
import Testing

/// The five payloads of issue 21 ("Script in lessons"), as a trainer would write them in a lesson.
/// Three came through into `html` and fired in Chromium; a `java<TAB>script:` link passed the
/// scheme check. Through the renderer each comes out inert, and as the author meant it.
@Suite struct LessonPayloadTests {
    static let payloads: [(name: String, markdown: String)] = [
        ("fence info string", "```x\"><img src=x onerror=alert(1)>\nlet a = 1\n```\n"),
        ("unclosed backtick", "Код `не закрито <img src=x onerror=alert(1)> далі\n"),
        ("tilde fence", "~~~\n<img src=x onerror=alert(1)>\n~~~\n"),
        ("tab in a link's scheme", "[x](java\tscript:alert(1))\n"),
        ("raw script", "<script>alert(1)</script>\n"),
    ]

    @Test(arguments: payloads.map(\.name))
    func issuePayloadIsInert(name: String) {
        let markdown = Self.payloads.first { $0.name == name }!.markdown
        let html = LessonRenderer.html(markdown)
        #expect(HTMLInvariants.violations(html).isEmpty, "\(name): \(html) → \(HTMLInvariants.violations(html))")
        #expect(!html.lowercased().contains("<img src=\"x\""), "\(html)")
    }

    /// What the author gets: code stays code, text stays text.
    @Test func payloadsRenderAsTheAuthorMeantThem() {
        #expect(LessonRenderer.html("```x\"><img src=x onerror=alert(1)>\nlet a = 1\n```\n")
            == #"<pre><code class="language-ximg">let a = 1\#n</code></pre>"#)
        #expect(LessonRenderer.html("```Swift\nlet a = 1\n```\n") == "<pre><code class=\"language-swift\">let a = 1\n</code></pre>")
        #expect(LessonRenderer.html("Код `не закрито <img src=x> далі\n") == "<p>Код `не закрито &lt;img src=x&gt; далі</p>")
        #expect(LessonRenderer.html("~~~ python\n<img src=x>\n```\n~~~\n") == "<pre><code class=\"language-python\">&lt;img src=x&gt;\n```\n</code></pre>")
        #expect(LessonRenderer.html("[x](java\tscript:alert(1))\n") == ##"<p><a href="#">x</a></p>"##)
        #expect(LessonRenderer.html("```\ncode\n``` <img src=x onerror=alert(1)>\n").contains("&lt;img src=x onerror=alert(1)&gt;"))
    }
}
