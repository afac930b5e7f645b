/// How a piece of text is set: family, weight, slant and colour (size is chosen at layout time).
struct TextStyle: Sendable {
    var family: FontFamily
    var bold = false
    var italic = false
    var colour: Colour = .ink

    static func serif(bold: Bool = false, italic: Bool = false, colour: Colour = .ink) -> TextStyle {
        TextStyle(family: .serif, bold: bold, italic: italic, colour: colour)
    }

    static func sans(bold: Bool = false, italic: Bool = false, colour: Colour = .ink) -> TextStyle {
        TextStyle(family: .sans, bold: bold, italic: italic, colour: colour)
    }

    static func mono(colour: Colour = .ink) -> TextStyle {
        TextStyle(family: .mono, colour: colour)
    }
}

/// An RGB colour, components 0…1, opaque unless `alpha` says otherwise.
struct Colour: Sendable {
    var red: Double
    var green: Double
    var blue: Double
    var alpha = 1.0

    /// Body text: near-black with a little blue.
    static let ink = Colour(red: 0.11, green: 0.13, blue: 0.17)
    /// Secondary text: labels and captions.
    static let muted = Colour(red: 0.38, green: 0.40, blue: 0.45)
    /// The frame and the title: a deep blue.
    static let navy = Colour(red: 0.09, green: 0.20, blue: 0.38)
    /// Rules and ornaments: a muted gold.
    static let gold = Colour(red: 0.70, green: 0.56, blue: 0.26)
    /// The revocation mark: a stamp's red, translucent so the certificate stays legible beneath.
    static let revoked = Colour(red: 0.76, green: 0.06, blue: 0.06, alpha: 0.8)
    /// Behind the revocation mark: enough white to make the mark read over the text it crosses.
    static let veil = Colour(red: 1, green: 1, blue: 1, alpha: 0.7)
    static let black = Colour(red: 0, green: 0, blue: 0)
    static let white = Colour(red: 1, green: 1, blue: 1)
}

/// Text broken into lines at one font size, ready to draw.
struct TextBlock: Sendable {
    var style: TextStyle
    var size: Double
    var lines: [String]
    /// Baseline to baseline.
    var lineHeight: Double
    var height: Double { Double(lines.count) * lineHeight }
}
