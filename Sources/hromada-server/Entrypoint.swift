import HromadaServerCommands
import NIOCore
import NIOPosix
import ArgumentParser

@main
struct Entrypoint {
    static func main() async {
        // Swift's tasks run on the HTTP server's own event-loop threads instead of a second pool of
        // threads: a request's handler then starts and answers without hopping between the two
        // (on 2 cores those hops were a large part of each request's CPU). Nothing may block a task,
        // which was already the rule: libpq runs on each connection's own queue, scrypt on a thread
        // pool. Installed before any task is enqueued.
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        await HromadaServerCommand.main()
    }
}
