public import Foundation
import HromadaCrypto
import ZIPFoundation

/// The files of a pack, read into memory from a directory or a ZIP, with every problem met on the
/// way (paths leaving the pack, symlinks, too many or too large files, zip bombs).
public struct PackFiles: Sendable {
    public struct Limits: Sendable {
        /// Largest single file.
        public var maxFileSize = 10 << 20
        /// Most files in a pack.
        public var maxFiles = 5000
        /// Largest total of uncompressed bytes.
        public var maxTotalSize = 500 << 20
        /// Largest uncompressed/compressed ratio of one ZIP entry before it counts as a zip bomb.
        public var maxCompressionRatio = 200
        public init() {}
        /// Limits for an upload of at most `uploadLimit` bytes: 10× that uncompressed.
        public init(uploadLimit: Int) {
            maxTotalSize = uploadLimit * 10
        }
    }

    /// Relative paths (`lessons/01-intro.md`) to contents.
    public var files: [String: [UInt8]]
    public var problems: [Diagnostic]

    public init(files: [String: [UInt8]], problems: [Diagnostic] = []) {
        self.files = files
        self.problems = problems
    }

    /// SHA-256 over the given files in byte order of their paths: each contributes its path, a NUL,
    /// its length in decimal, a NUL, and its bytes.
    public func contentHash(of paths: some Sequence<String>) -> String {
        var input: [UInt8] = []
        for path in paths.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
            guard let bytes = files[path] else { continue }
            input += Array(path.utf8) + [0] + Array(String(bytes.count).utf8) + [0] + bytes
        }
        return SHA256.hex(input)
    }

    /// Normalises a path inside the pack, or nil when it would leave it.
    public static func normalise(_ path: String) -> String? {
        guard !path.hasPrefix("/"), !path.contains("\\"), !path.contains("\0") else { return nil }
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
                continue
            }
            parts.append(part)
        }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }

    /// A name with a control character (a newline, an ESC, a C1 control) would be stored as a
    /// course file and shown in error lists, terminals and ZIPs downloaded later: refused, with the
    /// entry named (its controls written as `\u{…}` so the message itself is inert).
    static func controlCharacterProblem(_ name: String) -> Diagnostic? {
        func isControl(_ s: Unicode.Scalar) -> Bool { s.value < 0x20 || (0x7F...0x9F).contains(s.value) }
        guard let bad = name.unicodeScalars.first(where: isControl) else { return nil }
        let shown = name.unicodeScalars.map { isControl($0) ? "\\u{\(String($0.value, radix: 16, uppercase: true))}" : String($0) }.joined()
        return Diagnostic(.error, shown, "the entry's name holds the control character U+\(String(format: "%04X", bad.value)); rename the file")
    }

    // MARK: - Directory

    public static func directory(_ url: URL, limits: Limits = Limits()) -> PackFiles {
        var pack = PackFiles(files: [:])
        let root = url.standardizedFileURL.resolvingSymlinksInPath()
        var total = 0
        guard let walker = FileManager.default.enumerator(atPath: root.path) else {
            pack.problems.append(Diagnostic(.error, url.path, "the pack folder cannot be read"))
            return pack
        }
        for case let relative as String in walker {
            if let problem = controlCharacterProblem(relative) {
                pack.problems.append(problem)
                continue
            }
            if relative.hasPrefix(".git/") || relative == ".git" || relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                continue
            }
            let full = root.appendingPathComponent(relative)
            var info = stat()
            guard lstat(full.path, &info) == 0 else { continue }
            if info.st_mode & S_IFMT == S_IFLNK {
                let target = full.resolvingSymlinksInPath().path
                if !target.hasPrefix(root.path + "/") {
                    pack.problems.append(Diagnostic(.error, relative, "a symbolic link that points outside the pack"))
                    continue
                }
                // What is read is the target, which may lie where the walk never looks (a dot-folder).
                guard stat(full.path, &info) == 0 else { continue }
            }
            guard info.st_mode & S_IFMT == S_IFREG else { continue }
            if pack.files.count >= limits.maxFiles {
                pack.problems.append(Diagnostic(.error, relative, "the pack holds more than \(limits.maxFiles) files"))
                break
            }
            // The limits hold for the bytes read (at most one more than a file may have), not for a
            // size seen before reading.
            guard let data = read(full.path, atMost: limits.maxFileSize + 1) else { continue }
            if data.count > limits.maxFileSize {
                pack.problems.append(Diagnostic(.error, relative, "the file is larger than \(limits.maxFileSize / (1 << 20)) MiB"))
                continue
            }
            total += data.count
            if total > limits.maxTotalSize {
                pack.problems.append(Diagnostic(.error, relative, "the pack is larger than \(limits.maxTotalSize / (1 << 20)) MiB"))
                break
            }
            pack.files[relative] = data
        }
        return pack
    }

    /// Up to `limit` bytes of the file at `path`, or nil when it cannot be read.
    static func read(_ path: String, atMost limit: Int) -> [UInt8]? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        // nil from read(upToCount:) is an empty file, not a failure.
        let data: Data?
        do { data = try handle.read(upToCount: limit) } catch { return nil }
        return Array(data ?? Data())
    }

    // MARK: - ZIP

    /// Reads a ZIP held in memory. Entries that escape the pack, symlinks, more than `maxFiles`
    /// entries, a total beyond `maxTotalSize` or a compression ratio beyond `maxCompressionRatio`
    /// are problems; the declared sizes are checked before inflating and the real ones while inflating.
    public static func zip(_ bytes: [UInt8], limits: Limits = Limits()) -> PackFiles {
        var pack = PackFiles(files: [:])
        let archive: Archive
        do {
            archive = try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            pack.problems.append(Diagnostic(.error, "(zip)", "the upload is not a readable ZIP archive"))
            return pack
        }
        let entries = Array(archive)
        let fileEntries = entries.filter { $0.type != .directory }
        if fileEntries.count > limits.maxFiles {
            pack.problems.append(Diagnostic(.error, "(zip)", "the archive holds \(fileEntries.count) files; at most \(limits.maxFiles) are allowed"))
            return pack
        }
        let declared = fileEntries.reduce(0) { $0 + Int(clamping: $1.uncompressedSize) }
        if declared > limits.maxTotalSize {
            pack.problems.append(Diagnostic(.error, "(zip)", "the archive would unpack to \(declared) bytes; at most \(limits.maxTotalSize) are allowed"))
            return pack
        }
        var total = 0
        for entry in fileEntries {
            let name = entry.path
            if let problem = controlCharacterProblem(name) {
                pack.problems.append(problem)
                continue
            }
            if entry.type == .symlink {
                pack.problems.append(Diagnostic(.error, name, "symbolic links are not allowed in a pack"))
                continue
            }
            guard let path = normalise(name), !name.hasPrefix("/"), !name.split(separator: "/").contains("..") else {
                pack.problems.append(Diagnostic(.error, name, "the entry's path leaves the pack"))
                continue
            }
            if path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            let compressed = max(1, Int(clamping: entry.compressedSize))
            let size = Int(clamping: entry.uncompressedSize)
            if size > limits.maxFileSize {
                pack.problems.append(Diagnostic(.error, path, "the file is larger than \(limits.maxFileSize / (1 << 20)) MiB"))
                continue
            }
            if size > 1 << 20, size / compressed > limits.maxCompressionRatio {
                pack.problems.append(Diagnostic(.error, path, "the entry's compression ratio (\(size / compressed):1) marks a zip bomb"))
                return pack
            }
            var content: [UInt8] = []
            var exceeded = false
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    content.append(contentsOf: chunk)
                    if content.count > limits.maxFileSize { exceeded = true; throw CancellationError() }
                }
            } catch {
                pack.problems.append(Diagnostic(.error, path, exceeded ? "the file inflates beyond its declared size" : "the entry cannot be unpacked"))
                continue
            }
            total += content.count
            if total > limits.maxTotalSize {
                pack.problems.append(Diagnostic(.error, path, "the archive unpacks to more than \(limits.maxTotalSize) bytes"))
                return pack
            }
            pack.files[path] = content
        }
        return pack
    }

    /// The given files as a ZIP (deflated), in path order.
    public func zipped(paths: some Sequence<String>) throws -> [UInt8] {
        let archive = try Archive(accessMode: .create)
        for path in paths.sorted() {
            guard let bytes = files[path] else { continue }
            let data = Data(bytes)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count),
                                 modificationDate: Date(timeIntervalSince1970: 1_700_000_000),
                                 compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return Array(archive.data ?? Data())
    }
}
