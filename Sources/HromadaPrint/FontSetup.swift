import CCairo

/// The three DejaVu families the page is set in (Debian `fonts-dejavu-core`); all three cover
/// Cyrillic, so Ukrainian names print as real text with the glyphs embedded in the PDF.
enum FontFamily: String, CaseIterable, Sendable {
    case serif = "DejaVu Serif"
    case sans = "DejaVu Sans"
    case mono = "DejaVu Sans Mono"
}

/// fontconfig's first initialisation, done once per process.
///
/// fontconfig loads its configuration lazily on first use, and two threads reaching that
/// point together can each build a configuration and race to install it (older releases,
/// 2.14 included, are not safe there). Cairo's toy font API calls into fontconfig from
/// whatever thread renders, so the first render on two threads at once would hit that race.
/// `FontSetup.ready` is a `static let`: Swift initialises it exactly once, under the runtime's
/// `swift_once` lock, and every render reads it before touching Cairo. After `FcInit`
/// fontconfig's matching is thread-safe, and each render has its own Cairo surface and
/// context, so renders can then run on any number of threads.
///
/// The same one-time step checks that each DejaVu family really resolves to itself, so a
/// machine without the fonts gets a clear error instead of a page of substituted glyphs.
/// This is the module's only process-wide value, and it never changes after it is set.
enum FontSetup {
    static let ready: Result<Void, CertificatePrintError> = initialise()

    static func check() throws(CertificatePrintError) {
        try ready.get()
    }

    private static func initialise() -> Result<Void, CertificatePrintError> {
        guard FcInit() == FcTrue else {
            return .failure(CertificatePrintError(.fontUnavailable, reason: "FcInit failed: fontconfig could not load its configuration"))
        }
        for family in FontFamily.allCases {
            let matched = matchedFamily(family.rawValue)
            guard matched == family.rawValue else {
                return .failure(CertificatePrintError(
                    .fontUnavailable,
                    reason: "font family '\(family.rawValue)' is not installed (fontconfig offers '\(matched ?? "nothing")'); install fonts-dejavu-core"
                ))
            }
        }
        return .success(())
    }

    /// The family fontconfig picks for a request, as Cairo's toy font API would ask for it.
    private static func matchedFamily(_ name: String) -> String? {
        guard let pattern = FcNameParse(name) else { return nil }
        defer { FcPatternDestroy(pattern) }
        FcConfigSubstitute(nil, pattern, FcMatchPattern)
        FcDefaultSubstitute(pattern)
        var result = FcResultNoMatch
        guard let match = FcFontMatch(nil, pattern, &result) else { return nil }
        defer { FcPatternDestroy(match) }
        var family: UnsafeMutablePointer<FcChar8>?
        guard FcPatternGetString(match, "family", 0, &family) == FcResultMatch, let family else { return nil }
        return String(cString: family)
    }
}
