import ArgumentParser
import Foundation
import HromadaClient
import HromadaDomain

/// The run of most commands: check what was typed (a usage error comes before any other), get the
/// client, ask the server one thing, then print the answer: with `--json` as the server wrote it,
/// else as `text` words it. Failures are told as ``guarded(_:_:)`` tells them.
extension AsyncParsableCommand {
    func ask<Typed, Answer: Encodable>(
        _ global: GlobalOptions, json: Bool, requireToken: Bool = true, typed: @autoclosure () throws -> Typed,
        _ question: (APIClient, Typed) async throws -> Answer, text: (Answer, Language) throws -> String
    ) async throws {
        try await ask(global, requireToken: requireToken, typed: typed, question) { answer, lang in
            if json { try Terminal.printJSON(answer) } else { print(try text(answer, lang)) }
        }
    }

    func ask<Typed, Value>(
        _ global: GlobalOptions, json: Bool, requireToken: Bool = true, typed: @autoclosure () throws -> Typed,
        _ question: (APIClient, Typed) async throws -> Received<Value>, text: (Value, Language) throws -> String
    ) async throws {
        try await ask(global, requireToken: requireToken, typed: typed, question) { answer, lang in
            if json { try Terminal.printJSON(answer.json) } else { print(try text(answer.value, lang)) }
        }
    }

    func ask<Typed, Value>(
        _ global: GlobalOptions, json: Bool, requireToken: Bool = true, typed: @autoclosure () throws -> Typed,
        _ question: (APIClient, Typed) async throws -> [Received<Value>], text: ([Value], Language) throws -> String
    ) async throws {
        try await ask(global, requireToken: requireToken, typed: typed, question) { answers, lang in
            if json { try Terminal.printJSON(answers.map(\.json)) } else { print(try text(answers.map(\.value), lang)) }
        }
    }

    private func ask<Typed, Answer>(
        _ global: GlobalOptions, requireToken: Bool, typed: () throws -> Typed, _ question: (APIClient, Typed) async throws -> Answer,
        show: (Answer, Language) throws -> Void
    ) async throws {
        let lang = global.language
        try await guarded(lang) {
            let input = try typed()
            let (client, _) = try global.client(requireToken: requireToken)
            try show(try await question(client, input), lang)
        }
    }
}
