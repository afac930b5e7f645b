public import Foundation
public import HromadaAPI
public import HromadaDomain
public import HromadaPostgres

/// The outbox: mail written in the transaction of the change that causes it, sent later by the
/// outbox worker of any server instance (table `outbox`).
///
/// A row is `pending` until a sender claims it (`sending`, with its name and the time: a lease),
/// then `sent`, or back to `pending` with a later `next_attempt_at` after a failure that may pass,
/// or `failed` for good (a refused address, or three days of failures) with the reason kept, or
/// `cancelled` when its link was replaced before it went. Claims skip rows another sender has
/// locked, so one row has one sender; a `sending` row whose lease has run out (its sender died
/// mid-attempt) is claimed again. The bodies carry one-time links: erased in every final state.
public enum OutboxStore {
    public typealias Kind = OutboxMessage.Kind
    public typealias Status = OutboxMessage.Status

    /// How long a sender holds a claimed row, in seconds: far longer than one SMTP conversation
    /// may take (the client gives up after a minute), so a live sender never loses its row.
    public static let lease = 300
    /// How long a message is retried before it is given up.
    public static let giveUpAfter = 3 * 86400

    /// A message to queue.
    public struct Message: Sendable {
        public var userID: UUID?
        public var centre: String?
        public var recipient: String
        public var recipientName: String?
        public var kind: Kind
        public var language: Language
        public var subject: String
        public var text: String
        public var html: String

        public init(userID: UUID?, centre: String?, recipient: String, recipientName: String?, kind: Kind,
                    language: Language, subject: String, text: String, html: String) {
            self.userID = userID
            self.centre = centre
            self.recipient = recipient
            self.recipientName = recipientName
            self.kind = kind
            self.language = language
            self.subject = subject
            self.text = text
            self.html = html
        }
    }

    /// Queues `message`; its id. Written by the caller's transaction, so it goes only if that commits.
    @discardableResult
    public static func enqueue(_ db: PGConnection, _ message: Message) throws -> UUID {
        try db.execute(enqueueStatement(message))[0].decode("id")
    }

    /// ``enqueue(_:_:)``'s statement, also for a message that may go nowhere: with `when: false` it
    /// inserts nothing and costs what inserting costs (the password reset answers alike either way).
    public static func enqueueStatement(_ m: Message, when: Bool = true) -> SQL {
        """
        INSERT INTO outbox (user_id, centre, recipient, recipient_name, kind, language, subject, body_text, body_html)
        SELECT \(m.userID), \(m.centre), \(m.recipient), \(m.recipientName), \(m.kind.rawValue), \(m.language.rawValue),
               \(m.subject), \(m.text), \(m.html)
        WHERE \(when)::boolean
        RETURNING id
        """
    }

    /// Cancels the person's mail that has not gone yet (of one kind, or all); returns how many.
    @discardableResult
    public static func cancel(_ db: PGConnection, userID: UUID, kind: Kind? = nil, reason: String) throws -> Int {
        try db.execute("""
            UPDATE outbox SET status = 'cancelled', finished_at = now(), last_error = \(reason),
                              body_text = NULL, body_html = NULL
            WHERE user_id = \(userID) AND status = 'pending'
              AND (\(kind?.rawValue)::text IS NULL OR kind = \(kind?.rawValue)::text)
            RETURNING 1
            """).count
    }

    /// A row claimed for sending.
    public struct Claimed: Sendable, Equatable {
        public let id: UUID
        public let recipient: String
        public let recipientName: String?
        public let language: Language
        public let subject: String
        public let text: String
        public let html: String
        /// Attempts so far, this one included.
        public let attempts: Int
        public let createdAt: Date
    }

    /// Claims the oldest due row for `sender` (a row whose lease ran out counts as due), or nil.
    /// The claim commits before anything is sent: another instance's claim skips this row from then on.
    /// `dueBy` (the start of a sender's pass) keeps a pass from taking again a letter it has just failed
    /// to send: on a slow machine the pass can outlast the first back-off.
    public static func claim(_ db: PGConnection, sender: String, dueBy: Date? = nil) throws -> Claimed? {
        try db.execute("""
            WITH next AS (
                SELECT id FROM outbox
                WHERE (status = 'pending' AND next_attempt_at <= least(now(), coalesce(\(dueBy)::timestamptz, now())))
                   OR (status = 'sending' AND claimed_at < now() - make_interval(secs => \(lease)))
                ORDER BY next_attempt_at, id
                LIMIT 1
                FOR UPDATE SKIP LOCKED
            )
            UPDATE outbox o SET status = 'sending', claimed_by = \(sender), claimed_at = now(), attempts = o.attempts + 1,
                   last_error = CASE WHEN o.status = 'sending'
                                     THEN 'the sender ' || o.claimed_by || ' stopped during an attempt'
                                     ELSE o.last_error END
            FROM next WHERE o.id = next.id
            RETURNING o.id, o.recipient, o.recipient_name, o.language, o.subject, o.body_text, o.body_html,
                      o.attempts, o.created_at
            """).first.map { row in
            Claimed(
                id: try row.decode("id"), recipient: try row.decode("recipient"),
                recipientName: try row.decode(String?.self, "recipient_name"),
                language: try row.decode("language"),
                subject: try row.decode("subject"), text: try row.decode(String?.self, "body_text") ?? "",
                html: try row.decode(String?.self, "body_html") ?? "", attempts: try row.decode("attempts"),
                createdAt: try row.decode("created_at")
            )
        }
    }

    /// Records that the SMTP server accepted row `id`; false when `sender` no longer held it (its
    /// lease ran out and another sender took it over: then it may have gone twice). The row keeps
    /// `claimed_by`: which instance sent it.
    public static func markSent(_ db: PGConnection, id: UUID, sender: String) throws -> Bool {
        try !db.execute("""
            UPDATE outbox SET status = 'sent', sent_at = now(), finished_at = now(), claimed_at = NULL,
                              body_text = NULL, body_html = NULL
            WHERE id = \(id) AND status = 'sending' AND claimed_by = \(sender)
            RETURNING 1
            """).isEmpty
    }

    /// Records a failed attempt: tried again after `retryIn` seconds, or given up (`failed`, the reason
    /// kept, the bodies erased) when the failure is `permanent` or the row is three days old.
    @discardableResult
    public static func markFailed(_ db: PGConnection, id: UUID, sender: String, reason: String, permanent: Bool, retryIn: Double) throws -> Status? {
        try db.execute("""
            WITH verdict AS (
                SELECT id, (\(permanent)::boolean OR created_at <= now() - make_interval(secs => \(giveUpAfter))) AS give_up
                FROM outbox WHERE id = \(id) AND status = 'sending' AND claimed_by = \(sender)
            )
            UPDATE outbox o SET
                status = CASE WHEN v.give_up THEN 'failed' ELSE 'pending' END,
                finished_at = CASE WHEN v.give_up THEN now() END,
                body_text = CASE WHEN v.give_up THEN NULL ELSE o.body_text END,
                body_html = CASE WHEN v.give_up THEN NULL ELSE o.body_html END,
                next_attempt_at = now() + make_interval(secs => \(retryIn)),
                last_error = \(String(reason.prefix(1000))), claimed_by = NULL, claimed_at = NULL
            FROM verdict v WHERE o.id = v.id
            RETURNING o.status
            """).first.map { try $0.decode(Status.self, "status") }
    }

    /// How many rows wait to be sent.
    public static func waiting(_ db: PGConnection) throws -> Int {
        try db.execute("SELECT count(*)::int AS n FROM outbox WHERE status IN ('pending', 'sending')")[0].decode("n")
    }

    /// One page of the outbox, newest first: every centre's (`centre` nil) or one centre's, of one
    /// status or all; `after` is the last id of the previous page.
    public static func list(_ db: PGConnection, centre: String?, status: Status?, after: UUID?, limit: Int) throws -> [OutboxMessage] {
        var sql: SQL = """
            SELECT id, user_id, recipient, kind, status, attempts, last_error, created_at, sent_at,
                   CASE WHEN status = 'pending' THEN next_attempt_at END AS next_attempt_at
            FROM outbox o
            WHERE (\(centre)::text IS NULL OR centre = \(centre)::text)
              AND (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue)::text)
            """
        if let after {
            sql = sql + " AND (o.created_at, o.id) < (SELECT created_at, id FROM outbox WHERE id = \(after))"
        }
        sql = sql + " ORDER BY o.created_at DESC, o.id DESC LIMIT \(limit)"
        return try db.execute(sql).map { row in
            OutboxMessage(
                id: try row.decode("id"), userID: try row.decode(UUID?.self, "user_id"), to: try row.decode("recipient"),
                kind: try row.decode("kind"),
                status: try row.decode("status"), attempts: try row.decode("attempts"),
                lastError: try row.decode(String?.self, "last_error"), createdAt: try row.decode("created_at"),
                sentAt: try row.decode(Date?.self, "sent_at"), nextAttemptAt: try row.decode(Date?.self, "next_attempt_at"))
        }
    }
}
