import Foundation

/// Files only their owner may read (the token, the offline copies and queue), written whole: to a
/// temporary name of mode 0600 in a folder of mode 0700, synced, then renamed over the old one, so
/// a crash or a power cut leaves the old file or the new one, never half of one.
enum PrivateFile {
    static func write(_ data: Data, to file: URL) throws {
        let folder = file.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let temp = folder.appendingPathComponent(".\(file.lastPathComponent).\(getpid())")
        // The mode is set before any byte is written, and again in case the umask narrowed it oddly.
        guard FileManager.default.createFile(atPath: temp.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteNoPermission)
        }
        chmod(temp.path, 0o600)
        let handle = try FileHandle(forWritingTo: temp)
        try handle.write(contentsOf: data)
        try handle.synchronize()
        try handle.close()
        guard rename(temp.path, file.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }
}
