public import Foundation
public import HromadaCrypto
import HromadaDomain
import Synchronization

/// The private signing keys: encrypted PKCS#8 PEM files (mode 0600) in one folder, decrypted with one
/// passphrase when first used and kept in memory. Neither keys nor the passphrase ever go to the
/// database or the logs.
public final class KeyRing: Sendable {
    public let directory: URL
    private let passphrase: String?
    private let cache = Mutex<[String: PrivateKey]>([:])

    public init(directory: String, passphrase: String?) {
        self.directory = URL(fileURLWithPath: directory)
        self.passphrase = passphrase
    }

    /// The passphrase from `HROMADA_KEY_PASSPHRASE`, or the first line of the file `HROMADA_KEY_PASSPHRASE_FILE` names.
    public static func passphrase(from env: [String: String] = ProcessInfo.processInfo.environment) throws -> String? {
        if let p = env["HROMADA_KEY_PASSPHRASE"], !p.isEmpty { return p }
        guard let file = env["HROMADA_KEY_PASSPHRASE_FILE"], !file.isEmpty else { return nil }
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw ConfigurationError("HROMADA_KEY_PASSPHRASE_FILE names \(file), which cannot be read.")
        }
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        guard !line.isEmpty else { throw ConfigurationError("The passphrase file \(file) is empty.") }
        return line
    }

    func requirePassphrase() throws -> String {
        guard let passphrase, passphrase.count >= 8 else {
            throw ConfigurationError(
                "Signing keys need a passphrase of at least 8 characters in HROMADA_KEY_PASSPHRASE or HROMADA_KEY_PASSPHRASE_FILE.")
        }
        return passphrase
    }

    /// Whether the folder holds `file` (without reading it). The root's key is absent where it is kept offline.
    public func has(file: String) -> Bool {
        cache.withLock({ $0[file] }) != nil || FileManager.default.fileExists(atPath: directory.appendingPathComponent(file).path)
    }

    /// The key in `file` (a name inside the folder).
    public func key(file: String) throws -> PrivateKey {
        if let key = cache.withLock({ $0[file] }) { return key }
        let path = directory.appendingPathComponent(file).path
        guard let pem = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigurationError("The signing key \(path) is missing or unreadable.")
        }
        let key: PrivateKey
        do {
            key = try PrivateKey(pem: pem, passphrase: try requirePassphrase())
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError("The signing key \(path) cannot be decrypted: is the passphrase right?")
        }
        cache.withLock { $0[file] = key }
        return key
    }

    /// Writes `key` encrypted into a new file (never overwriting one), readable by the owner only.
    public func store(_ key: PrivateKey, file: String) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let path = directory.appendingPathComponent(file).path
        let pem = Array(try key.encryptedPEM(passphrase: try requirePassphrase()).utf8)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw ConfigurationError("Cannot create the key file \(path): \(String(cString: strerror(errno))).") }
        defer { close(fd) }
        let written = pem.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == pem.count, fsync(fd) == 0 else { throw ConfigurationError("Cannot write the key file \(path).") }
        cache.withLock { $0[file] = key }
    }
}
