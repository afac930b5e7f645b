import CCairo

/// One Cairo drawing context on one page, with the text measuring and fitting the layout needs.
///
/// It alone owns its `cairo_t` and lives for one render on one thread, so it needs no lock.
final class Canvas {
    enum Alignment { case left, centre, right }

    private let cr: OpaquePointer

    init(surface: OpaquePointer) throws(CertificatePrintError) {
        guard let cr = cairo_create(surface) else {
            throw CertificatePrintError(.cairoFailed, reason: "cairo_create returned nothing")
        }
        self.cr = cr
        try checkStatus("cairo_create")
    }

    deinit { cairo_destroy(cr) }

    func checkStatus(_ step: String) throws(CertificatePrintError) {
        let status = cairo_status(cr)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw CertificatePrintError(.cairoFailed, reason: "\(step): \(String(cString: cairo_status_to_string(status)))")
        }
    }

    /// Ends the page; what is drawn next goes on a new one of the same size.
    func showPage() {
        cairo_show_page(cr)
    }

    // MARK: Shapes

    func setColour(_ c: Colour) {
        if c.alpha < 1 { cairo_set_source_rgba(cr, c.red, c.green, c.blue, c.alpha) } else { cairo_set_source_rgb(cr, c.red, c.green, c.blue) }
    }

    /// Runs `draw` with the origin moved to `origin` and the axes turned so that x runs along
    /// (`cos`, `sin`) on the page; afterwards the page's own axes are back.
    func turned(origin: (x: Double, y: Double), cos: Double, sin: Double, _ draw: () -> Void) {
        cairo_save(cr)
        cairo_translate(cr, origin.x, origin.y)
        var turn = cairo_matrix_t()
        cairo_matrix_init(&turn, cos, sin, -sin, cos, 0, 0)
        cairo_transform(cr, &turn)
        draw()
        cairo_restore(cr)
    }

    func strokeRectangle(x: Double, y: Double, width: Double, height: Double, lineWidth: Double, colour: Colour) {
        cairo_rectangle(cr, x, y, width, height)
        stroke(lineWidth: lineWidth, colour: colour)
    }

    func line(from a: (x: Double, y: Double), to b: (x: Double, y: Double), lineWidth: Double, colour: Colour) {
        cairo_move_to(cr, a.x, a.y)
        cairo_line_to(cr, b.x, b.y)
        stroke(lineWidth: lineWidth, colour: colour)
    }

    /// A small filled diamond centred on a point (the frame's corner ornaments).
    func diamond(centre: (x: Double, y: Double), radius: Double, colour: Colour) {
        cairo_move_to(cr, centre.x, centre.y - radius)
        cairo_line_to(cr, centre.x + radius, centre.y)
        cairo_line_to(cr, centre.x, centre.y + radius)
        cairo_line_to(cr, centre.x - radius, centre.y)
        cairo_close_path(cr)
        setColour(colour)
        cairo_fill(cr)
    }

    /// Fills all rectangles as one path, so touching rectangles show no seams.
    func fillRectangles(_ rects: [(x: Double, y: Double, width: Double, height: Double)], colour: Colour) {
        for r in rects { cairo_rectangle(cr, r.x, r.y, r.width, r.height) }
        setColour(colour)
        cairo_fill(cr)
    }

    private func stroke(lineWidth: Double, colour: Colour) {
        cairo_set_line_width(cr, lineWidth)
        setColour(colour)
        cairo_stroke(cr)
    }

    // MARK: Text

    func use(_ style: TextStyle, size: Double) {
        cairo_select_font_face(
            cr, style.family.rawValue,
            style.italic ? CAIRO_FONT_SLANT_ITALIC : CAIRO_FONT_SLANT_NORMAL,
            style.bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL
        )
        cairo_set_font_size(cr, size)
        setColour(style.colour)
    }

    /// The advance width of `text` in the current font.
    func width(_ text: String) -> Double {
        var extents = cairo_text_extents_t()
        cairo_text_extents(cr, text, &extents)
        return extents.x_advance
    }

    func width(_ text: String, _ style: TextStyle, size: Double) -> Double {
        use(style, size: size)
        return width(text)
    }

    /// Draws one line in the current font; `x` is its left edge, centre or right edge.
    func show(_ text: String, x: Double, baseline: Double, align: Alignment = .left) {
        let w = align == .left ? 0 : width(text)
        let left = switch align {
        case .left: x
        case .centre: x - w / 2
        case .right: x - w
        }
        cairo_move_to(cr, left, baseline)
        cairo_show_text(cr, text)
    }

    /// Sets `text` in the largest size from `maxSize` down to `minSize` whose lines, wrapped to
    /// `width`, fit in `maxHeight`. Past `minSize` the text is cut with an ellipsis, so the
    /// block always fits its box.
    func fit(
        _ text: String, _ style: TextStyle, maxSize: Double, minSize: Double,
        width: Double, maxHeight: Double, leading: Double = 1.25
    ) -> TextBlock {
        let text = Self.plain(text)
        var size = maxSize
        while true {
            use(style, size: size)
            let lines = wrap(text, width: width)
            let lineHeight = size * leading
            if Double(lines.count) * lineHeight <= maxHeight + 0.01 {
                return TextBlock(style: style, size: size, lines: balanced(text, lines: lines, width: width), lineHeight: lineHeight)
            }
            if size <= minSize {
                let maxLines = max(1, Int((maxHeight + 0.01) / lineHeight))
                var kept = Array(lines.prefix(maxLines))
                kept[kept.count - 1] = truncated(kept[kept.count - 1] + " …", width: width)
                return TextBlock(style: style, size: size, lines: kept, lineHeight: lineHeight)
            }
            size = max(minSize, size - 0.5)
        }
    }

    /// Draws a block inside the box that starts at `top` and is `boxHeight` tall: centred in it,
    /// or from its top edge when `fromTop` (for columns whose blocks vary in length).
    func draw(_ block: TextBlock, x: Double, top: Double, boxHeight: Double, align: Alignment, fromTop: Bool = false) {
        use(block.style, size: block.size)
        var extents = cairo_font_extents_t()
        cairo_font_extents(cr, &extents)
        // The block's ink runs from the ascent of the first line to the descent of the last.
        let inkHeight = block.height - block.lineHeight + extents.ascent + extents.descent
        var baseline = top + (fromTop ? 0 : (boxHeight - inkHeight) / 2) + extents.ascent
        for line in block.lines {
            show(line, x: x, baseline: baseline, align: align)
            baseline += block.lineHeight
        }
    }

    /// Greedy word wrap in the current font; a word wider than the line is broken between characters.
    func wrap(_ text: String, width maxWidth: Double) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ").map(String.init) {
            let candidate = current.isEmpty ? word : current + " " + word
            if width(candidate) <= maxWidth {
                current = candidate
                continue
            }
            if !current.isEmpty { lines.append(current) }
            current = ""
            var piece = ""
            for ch in word {
                if !piece.isEmpty, width(piece + String(ch)) > maxWidth {
                    lines.append(piece)
                    piece = ""
                }
                piece.append(ch)
            }
            current = piece
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }

    /// The same number of lines as `lines`, but as even in length as they can be: the narrowest
    /// width that still wraps into that many lines, so a title does not end in one lonely word.
    private func balanced(_ text: String, lines: [String], width maxWidth: Double) -> [String] {
        guard lines.count > 1 else { return lines }
        var low = 0.0, high = maxWidth
        for _ in 0..<16 {
            let middle = (low + high) / 2
            if wrap(text, width: middle).count <= lines.count { high = middle } else { low = middle }
        }
        return wrap(text, width: high)
    }

    /// `line` shortened from the end until it fits, ending in an ellipsis.
    private func truncated(_ line: String, width maxWidth: Double) -> String {
        var body = line.hasSuffix(" …") ? String(line.dropLast(2)) : line
        while !body.isEmpty, width(body + " …") > maxWidth { body.removeLast() }
        return body + " …"
    }

    /// Printable text: control characters (new lines, tabs, NUL) become spaces, runs of spaces one.
    static func plain(_ text: String) -> String {
        let cleaned = String(text.unicodeScalars.map { scalar in
            scalar.properties.generalCategory == .control || scalar.properties.isWhitespace ? " " : Character(scalar)
        })
        return cleaned.split(separator: " ").joined(separator: " ")
    }
}
