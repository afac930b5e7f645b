import Foundation
import HTTPTypes
import HromadaDomain
import HromadaPostgres
import HromadaStorage
import Hummingbird

/// `/activate` and `/password-reset`: the pages a letter's link opens. GET shows the form (or says
/// the link no longer works: 410); POST sets the password exactly as the API does. The form carries
/// the token itself, no cookie carries anything, so another site cannot make a browser do this.
struct AccountPageController: Controller {
    let services: AppServices

    /// A form body is a token and two passwords: far smaller than this.
    static let formLimit = 16 * 1024

    var endpoints: [Endpoint] {
        [
            .root(.get, "/activate") { try await show(.activation, $0, $1) },
            .root(.post, "/activate") { try await submit(.activation, $0, $1) },
            .root(.get, "/password-reset") { try await show(.reset, $0, $1) },
            .root(.post, "/password-reset") { try await submit(.reset, $0, $1) },
        ]
    }

    var tokens: TokenPassword { TokenPassword(services: services) }
    var association: String { services.configuration.association }

    static func purpose(_ kind: AccountPage.Kind) -> AccountStore.Purpose { kind == .activation ? .activation : .passwordReset }

    /// `?lang=` or a form's `lang`/`switch` when it names one of ours; else nil.
    static func chosen(_ value: String?) -> Language? { value.flatMap(Language.init(rawValue:)) }

    func show(_ kind: AccountPage.Kind, _ request: Request, _ context: AppContext) async throws -> Response {
        let query = Query(request: request)
        let asked = Self.chosen(query.string("lang"))
        let token = query.string("t") ?? ""
        guard let person = try await holder(token, kind) else {
            return Self.html(AccountPage.expired(kind, language: asked ?? context.language, association: association), status: .gone)
        }
        let language = try await language(asked, person: person)
        return Self.html(AccountPage.form(kind, language: language, token: token, person: person, association: association), status: .ok)
    }

    /// The link's person, or nil when it no longer works (a database that cannot be reached is a
    /// 503, not a dead link).
    func holder(_ token: String, _ kind: AccountPage.Kind) async throws -> User? {
        do {
            return try await tokens.holder(token, purpose: Self.purpose(kind))
        } catch let error as HromadaError where error.code == .tokenExpired {
            return nil
        }
    }

    func language(_ asked: Language?, person: User) async throws -> Language {
        if let asked { return asked }
        return try await services.pool.withConnection { try AccountStore.language($0, userID: person.id) }
    }

    func submit(_ kind: AccountPage.Kind, _ request: Request, _ context: AppContext) async throws -> Response {
        try BodyDecoder.requireContentType(request, ["application/x-www-form-urlencoded"])
        guard let form = FormBody.parse(try await services.body.bytes(request, limit: Self.formLimit)) else {
            throw HromadaError(.malformedRequest, detail: .init(uk: "Тіло форми пошкоджене.", en: "The form's body is damaged."))
        }
        let token = form["t"] ?? ""
        let purpose = Self.purpose(kind)
        guard let person = try await holder(token, kind) else {
            let language = Self.chosen(form["lang"]) ?? context.language
            return Self.html(AccountPage.expired(kind, language: language, association: association), status: .gone)
        }
        // The language switch re-draws the form and does nothing else.
        if let other = Self.chosen(form["switch"]) {
            return Self.html(AccountPage.form(kind, language: other, token: token, person: person, association: association), status: .ok)
        }
        let language = try await language(Self.chosen(form["lang"]), person: person)
        let uk = language == .uk
        func refused(_ problem: String) -> Response {
            Self.html(AccountPage.form(kind, language: language, token: token, person: person, association: association, problem: problem),
                      status: .unprocessableContent)
        }
        let password = form["password"] ?? ""
        guard !password.isEmpty else { return refused(uk ? "Введіть пароль." : "Enter a password.") }
        guard password == form["password2"] else { return refused(uk ? "Паролі не збігаються." : "The passwords do not match.") }
        do {
            let outcome = try await tokens.redeem(token: token, password: password, purpose: purpose, signIn: false,
                                                  address: context.remoteAddress, userAgent: request.headers[.userAgent],
                                                  requestID: context.requestID)
            return Self.html(AccountPage.done(kind, language: language, email: outcome.user.email, association: association), status: .ok)
        } catch let error as HromadaError where error.code == .validationFailed {
            let message = error.fieldProblems.first?.message.text(language) ?? ""
            return refused((uk ? "Пароль " : "The password ") + message + ".")
        } catch let error as HromadaError where error.code == .tokenExpired {
            return Self.html(AccountPage.expired(kind, language: language, association: association), status: .gone)
        }
    }

    static func html(_ body: String, status: HTTPResponse.Status) -> Response {
        var headers = HTTPFields()
        for (name, value) in AccountPage.headers { headers[HTTPField.Name(name)!] = value }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
