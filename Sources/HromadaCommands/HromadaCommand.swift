import HromadaAPI
public import ArgumentParser
import Foundation
import HromadaClient
import HromadaDomain

/// `hromada`: the terminal client for officials, deputies, trainers and centre staff.
public struct HromadaCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "hromada",
        abstract: "Hromada in the terminal / Громада в терміналі.",
        discussion: """
            Exit codes: 0 ok, 1 error, 2 usage, 3 not signed in, 4 server not reachable.
            Example: hromada login --server https://learn.hromada.example
            """,
        subcommands: [Login.self, Activate.self, Whoami.self, Logout.self, Password.self, Courses.self, CourseCommand.self, Enrol.self, Learn.self, Sync.self, Progress.self, CPD.self, Certificates.self, CertificateCommand.self, Verify.self, QuizCommand.self, GradingCommand.self, Regrade.self, Cohort.self, Users.self, Outbox.self, Report.self, Pack.self, ProgrammeCommand.self, Events.self, EventCommand.self, CheckIn.self, DevelopmentCommand.self, PlanCommand.self, RecordCommand.self, RecordsCommand.self, HR.self]
    )

    public init() {}
}

/// Options every command shares: server, language, output format.
struct GlobalOptions: ParsableArguments {
    @Option(help: "Server URL (default: HROMADA_SERVER, else the saved profile).") var server: String?
    @Option(help: "Language: uk or en (default: HROMADA_LANG, LC_ALL, LANG, else uk).") var lang: String?

    var language: Language {
        Terminal.language(flag: lang)
    }

    /// The client for the chosen server, carrying the token (HROMADA_TOKEN overrides the saved one).
    /// `serverOfLink`, the server a letter's link names, comes before the saved profile's.
    func client(requireToken: Bool, serverOfLink: String? = nil) throws -> (APIClient, Profile) {
        let env = ProcessInfo.processInfo.environment
        let profile = Profile.load()
        guard let address = server ?? env["HROMADA_SERVER"].flatMap({ $0.isEmpty ? nil : $0 }) ?? serverOfLink ?? profile.server,
              let url = URL(string: address), url.scheme == "http" || url.scheme == "https", url.host != nil
        else {
            throw CLIFailure(.usage, Messages.noServer)
        }
        var token = env["HROMADA_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        if token == nil, profile.server == nil || profile.server == address { token = profile.token }
        if requireToken, token == nil { throw CLIFailure(.notSignedIn, Messages.notSignedIn) }
        return (APIClient(server: url, token: token, language: language), profile)
    }
}

/// An outcome the user must be told about, with its exit code.
struct CLIFailure: Error {
    enum Kind: Int32 {
        case error = 1
        case usage = 2
        case notSignedIn = 3
        case unreachable = 4
    }
    let kind: Kind
    let message: LocalizedText
    init(_ kind: Kind, _ message: LocalizedText) {
        self.kind = kind
        self.message = message
    }
}

extension AsyncParsableCommand {
    /// Runs `body`, turning every failure into one plain sentence on stderr and its exit code.
    func guarded(_ language: Language, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let failure as CLIFailure {
            Terminal.error(failure.message.text(language))
            throw ExitCode(failure.kind.rawValue)
        } catch let error as ClientError {
            let failure = Messages.failure(for: error)
            Terminal.error(failure.message.text(language))
            if case .problem(let p) = error {
                for item in p.errors ?? [] {
                    Terminal.error("  - " + [item.field, item.line.map { "line \($0)" }].compactMap { $0 }.joined() + ": " + item.message)
                }
            }
            throw ExitCode(failure.kind.rawValue)
        }
    }
}
