import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Testing
@testable import HromadaServer

/// Stands for the socket at the head of the pipeline: counts the reads asked of it and keeps a
/// half-close (no more output) as a real socket would, where `EmbeddedChannel` closes wholly.
private final class ReadCounter: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = Any
    var reads = 0
    var outputClosed = false
    func read(context: ChannelHandlerContext) {
        reads += 1
        context.read()
    }
    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        if mode == .output {
            outputClosed = true
            promise?.succeed(())
        } else {
            context.close(mode: mode, promise: promise)
        }
    }
}

/// Stands in for Hummingbird's `NIOAsyncChannel` once its buffer is full and nobody reads it: it keeps
/// what arrives and passes no read on.
private final class FullBuffer: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart
    var kept: [HTTPRequestPart] = []
    func channelRead(context: ChannelHandlerContext, data: NIOAny) { kept.append(unwrapInboundIn(data)) }
    func read(context: ChannelHandlerContext) {}
}

@Suite("A refused upload is read to its end before the connection closes")
struct CloseAfterRefusalHandlerTests {
    private func channel() throws -> (EmbeddedChannel, ReadCounter, FullBuffer) {
        let counter = ReadCounter(), buffer = FullBuffer()
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandlers([counter, CloseAfterRefusalHandler(), buffer])
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return (channel, counter, buffer)
    }

    private func head(contentLength: Int) -> HTTPRequestPart {
        .head(HTTPRequest(method: .post, scheme: "http", authority: "localhost", path: "/api/v1/auth/login",
                          headerFields: [.contentLength: String(contentLength)]))
    }

    private func refuse(_ channel: EmbeddedChannel) throws {
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .contentTooLarge, headerFields: [.connection: "close"])))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
    }

    @Test("after a Connection: close refusal it asks for the rest of the body itself, though the handlers after it hold reads back")
    func readsTheRestItself() throws {
        let (channel, counter, buffer) = try channel()
        try channel.writeInbound(head(contentLength: 30))
        try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(string: "0123456789")))
        #expect(buffer.kept.count == 2)
        try refuse(channel)
        #expect(counter.reads == 1, "a read as the refusal is written")
        #expect(counter.outputClosed, "the answer is followed by a half-close")
        #expect(channel.isActive)

        // `writeInbound` is one read: the part, then "read complete".
        try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(string: "0123456789")))
        #expect(counter.reads == 2, "a read after each batch that arrives while draining")
        #expect(buffer.kept.count == 2, "the dropped rest does not reach the application")
        #expect(channel.isActive, "not closed before the body ends")

        try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(string: "0123456789")))
        try channel.writeInbound(HTTPRequestPart.end(nil))
        #expect(!channel.isActive, "closed once the body has ended")
        #expect(buffer.kept.count == 2)
    }

    @Test("an ordinary answer asks for nothing and closes nothing")
    func ordinaryAnswersAreLeftAlone() throws {
        let (channel, counter, _) = try channel()
        try channel.writeInbound(head(contentLength: 2))
        try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(string: "{}")))
        try channel.writeInbound(HTTPRequestPart.end(nil))
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        try channel.writeInbound(head(contentLength: 0))
        #expect(counter.reads == 0)
        #expect(!counter.outputClosed)
        #expect(channel.isActive)
        _ = try channel.finish()
    }

    @Test("a refusal after the whole body was read closes at once")
    func refusalAfterTheBodyCloses() throws {
        let (channel, counter, _) = try channel()
        try channel.writeInbound(head(contentLength: 2))
        try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(string: "{}")))
        try channel.writeInbound(HTTPRequestPart.end(nil))
        try refuse(channel)
        #expect(counter.reads == 0)
        #expect(!channel.isActive)
    }
}
