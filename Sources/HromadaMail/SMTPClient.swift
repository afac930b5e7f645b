import CCurl
import Foundation
import Synchronization

/// Hands one message to an SMTP server. The protocol is libcurl's; this is only what to send.
public protocol MailTransport: Sendable {
    /// Returns once the server has accepted the message (its `250` after the data); throws
    /// ``MailFailure`` otherwise. Blocking: call it off the cooperative pool.
    func send(_ message: MailMessage) throws
}

/// Why a message was not accepted, and whether trying again later may help.
public struct MailFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server refused this recipient for good (a `5xx` to `RCPT TO`): retrying cannot help.
    public let permanent: Bool
    /// One line for the outbox's `last_error`: libcurl's message and the server's last reply code.
    /// Never holds the URL's password (libcurl does not print it).
    public let reason: String

    public init(permanent: Bool, reason: String) {
        self.permanent = permanent
        self.reason = reason
    }

    public var description: String { reason }
}

/// SMTP through one libcurl easy handle, kept between messages so the connection is reused.
///
/// `@unchecked Sendable`: the handle is touched only while `lock` is held (libcurl allows a handle
/// on any thread, one at a time), and freed in `deinit`.
public final class SMTPClient: MailTransport, @unchecked Sendable {
    let settings: SMTPSettings
    /// Seconds to connect, and for a whole message.
    let connectTimeout: Int
    let timeout: Int
    private let lock = Mutex(())
    private let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>

    /// `curl_global_init` once, before the first handle (libcurl asks for it before threads start
    /// using it; a static's initialiser runs once, atomically).
    private static let initialised: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    public init(settings: SMTPSettings, connectTimeout: Int = 10, timeout: Int = 60) throws {
        guard Self.initialised, let handle = curl_easy_init() else {
            throw MailFailure(permanent: false, reason: "libcurl could not be initialised")
        }
        self.settings = settings
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.handle = handle
        self.errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        self.errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// The bytes libcurl reads for `DATA`, and how far it has read.
    final class Upload {
        let bytes: [UInt8]
        var offset = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }
    }

    static let readFunction: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = { buffer, size, count, context in
        guard let buffer, let context else { return 0 }
        let upload = Unmanaged<Upload>.fromOpaque(context).takeUnretainedValue()
        let n = min(size * count, upload.bytes.count - upload.offset)
        guard n > 0 else { return 0 }
        upload.bytes.withUnsafeBufferPointer { source in
            UnsafeMutableRawPointer(buffer).copyMemory(from: source.baseAddress! + upload.offset, byteCount: n)
        }
        upload.offset += n
        return n
    }

    public func send(_ message: MailMessage) throws {
        let upload = Upload(message.rendered())
        try lock.withLock { _ in
            try perform(upload, from: settings.from.address, to: message.to.address)
        }
    }

    private func perform(_ upload: Upload, from: String, to: String) throws {
        // Each message starts from a clean handle; curl_easy_reset keeps the open connection.
        curl_easy_reset(handle)
        errorBuffer[0] = 0
        let recipients = curl_slist_append(nil, "<\(to)>")
        defer { curl_slist_free_all(recipients) }
        let retained = Unmanaged.passRetained(upload)
        defer { retained.release() }
        var failed: CURLcode = CURLE_OK
        func set(_ code: CURLcode) { if failed == CURLE_OK && code != CURLE_OK { failed = code } }
        set(hromada_curl_setopt_string(handle, CURLOPT_URL, settings.url))
        set(hromada_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "smtp,smtps"))
        set(hromada_curl_setopt_long(handle, CURLOPT_USE_SSL, settings.implicitTLS ? Int(CURLUSESSL_ALL.rawValue) : Int(CURLUSESSL_TRY.rawValue)))
        set(hromada_curl_setopt_string(handle, CURLOPT_MAIL_FROM, "<\(from)>"))
        set(hromada_curl_setopt_slist(handle, CURLOPT_MAIL_RCPT, recipients))
        set(hromada_curl_setopt_long(handle, CURLOPT_UPLOAD, 1))
        set(hromada_curl_setopt_read_function(handle, Self.readFunction))
        set(hromada_curl_setopt_pointer(handle, CURLOPT_READDATA, retained.toOpaque()))
        set(hromada_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT, connectTimeout))
        set(hromada_curl_setopt_long(handle, CURLOPT_TIMEOUT, timeout))
        // No signals from libcurl in a threaded server (its DNS timeouts would use SIGALRM).
        set(hromada_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        set(hromada_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer))
        guard failed == CURLE_OK else {
            throw MailFailure(permanent: false, reason: "libcurl refused an option: \(String(cString: curl_easy_strerror(failed)))")
        }
        let result = curl_easy_perform(handle)
        guard result != CURLE_OK else { return }
        var reply = 0
        _ = hromada_curl_response_code(handle, &reply)
        let detail = errorBuffer[0] != 0 ? String(cString: errorBuffer) : String(cString: curl_easy_strerror(result))
        // A 5xx to RCPT TO is this address refused for good; anything else (no connection, a
        // timeout, a 4xx, a refused login or sender) may pass later.
        let permanent = (500..<600).contains(reply) && detail.contains("RCPT")
        throw MailFailure(permanent: permanent, reason: "\(detail) (curl \(result.rawValue), reply \(reply))")
    }
}
