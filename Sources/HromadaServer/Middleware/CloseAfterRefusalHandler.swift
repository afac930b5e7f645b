import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Ends a connection once a refusal (4xx, 5xx) that says `Connection: close` has been sent (a 413:
/// the body is refused unread), instead of reading the rest of the body to reach the next request.
///
/// Closing a socket with unread bytes in it makes the kernel send a reset, which throws away the
/// response before a client that sends the whole body first (Python's urllib) reads it. So when the
/// request is still arriving, the response is followed by a half-close (FIN: "no more from us"), the
/// rest of the body is dropped unparsed by the application, and the connection closes as soon as the
/// body ends, the client closes, nothing has come for ``lingerIdle``, or ``lingerTotal`` has passed,
/// whichever is first (nginx's `lingering_timeout` and `lingering_time`, with its defaults). A single
/// limit of 5 s cut a 5 MiB body off while it was still arriving on a machine loaded by other work, and
/// the client lost the answer to the reset.
///
/// While it drains, the handler asks for reads itself. The handlers after it (Hummingbird's
/// `NIOAsyncChannel`) hold reads back once their buffer is full, and parts that arrived before the
/// refusal was written can fill it; nobody empties it after a `Connection: close` answer, so without
/// these reads the body stopped being read, ``lingerIdle`` passed, and the close reset the client's
/// upload: the likely cause of a broken pipe CI saw once in Python's urllib on a loaded machine (not
/// reproduced here; `CloseAfterRefusalHandlerTests` shows the reads are asked for).
final class CloseAfterRefusalHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// How long the rest of a refused body may pause before the connection is closed anyway.
    static let lingerIdle: TimeAmount = .seconds(5)
    /// How long the rest of a refused body is read and dropped at most.
    static let lingerTotal: TimeAmount = .seconds(30)

    private var requestInProgress = false
    private var closeAfterResponse = false
    private var draining = false
    private var lingerTimer: Scheduled<Void>?
    private var lingerEnd: NIODeadline = .distantFuture

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if draining {
            if case .end = part { context.close(promise: nil) } else { linger(context) }
            return
        }
        switch part {
        case .head: requestInProgress = true
        case .body: break
        case .end: requestInProgress = false
        }
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.fireChannelReadComplete()
        if draining { context.read() }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head):
            // Statuses first: the header is looked up for refusals only, not on every answer.
            closeAfterResponse = head.status.code >= 400 && head.headerFields[.connection]?.lowercased() == "close"
            context.write(data, promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            guard closeAfterResponse else {
                context.write(data, promise: promise)
                return
            }
            closeAfterResponse = false
            let written = context.eventLoop.makePromise(of: Void.self)
            written.futureResult.cascade(to: promise)
            context.writeAndFlush(data, promise: written)
            if !requestInProgress {
                written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
                return
            }
            draining = true
            written.futureResult.assumeIsolated().whenComplete { _ in context.close(mode: .output, promise: nil) }
            lingerEnd = .now() + Self.lingerTotal
            linger(context)
            context.read()
        }
    }

    /// (Re)starts the timer that closes a draining connection: ``lingerIdle`` from now, but never past
    /// ``lingerTotal`` from the refusal.
    private func linger(_ context: ChannelHandlerContext) {
        lingerTimer?.cancel()
        let at = min(NIODeadline.now() + Self.lingerIdle, lingerEnd)
        lingerTimer = context.eventLoop.assumeIsolated().scheduleTask(deadline: at) { context.close(promise: nil) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        lingerTimer?.cancel()
        lingerTimer = nil
        context.fireChannelInactive()
    }
}
