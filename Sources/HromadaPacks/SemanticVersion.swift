/// A version as packs and programmes write it (`MAJOR.MINOR.PATCH[-pre]`), ordered by SemVer 2.0
/// precedence as the database orders course versions (migration 0010): a pre-release before its
/// release; numeric identifiers as numbers and below alphanumeric ones; a longer list of equal
/// identifiers after a shorter one.
public struct SemanticVersion: Sendable, Comparable, Hashable {
    public var major: Int
    public var minor: Int
    public var patch: Int
    public var prerelease: [Substring]

    /// Nil for anything ``PackValidator`` would not accept as a version.
    public init?(_ text: String) {
        guard PackValidator.versionProblem(text) == nil else { return nil }
        let parts = text.split(separator: "-", maxSplits: 1)
        let numbers = parts[0].split(separator: ".").compactMap { Int($0) }
        guard numbers.count == 3 else { return nil }
        (major, minor, patch) = (numbers[0], numbers[1], numbers[2])
        prerelease = parts.count > 1 ? parts[1].split(separator: ".", omittingEmptySubsequences: false) : []
    }

    public static func < (a: SemanticVersion, b: SemanticVersion) -> Bool {
        if (a.major, a.minor, a.patch) != (b.major, b.minor, b.patch) { return (a.major, a.minor, a.patch) < (b.major, b.minor, b.patch) }
        switch (a.prerelease.isEmpty, b.prerelease.isEmpty) {
        case (true, _): return false
        case (false, true): return true
        case (false, false): break
        }
        for (x, y) in zip(a.prerelease, b.prerelease) where x != y {
            switch (Int(x), Int(y)) {
            case let (i?, j?): return i < j
            case (_?, nil): return true
            case (nil, _?): return false
            case (nil, nil): return Array(x.utf8).lexicographicallyPrecedes(Array(y.utf8))
            }
        }
        return a.prerelease.count < b.prerelease.count
    }
}
