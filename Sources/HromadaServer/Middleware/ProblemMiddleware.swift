import CoreMetrics
import Foundation
import HTTPTypes
import Hummingbird
import HromadaAPI
import HromadaDomain
import Logging
import NIOCore
import Synchronization

/// The outermost middleware (inside tracing, when traces are exported): gives each request an id and a
/// language, turns every error into an `application/problem+json` response, records the request's
/// figures for `/metrics` and logs the outcome.
///
/// Clients never see an internal message: details go to the log under the request id, which the
/// problem body carries so a person can quote it.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = AppContext

    let routes: RouteTable
    let metrics: ServerMetrics

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        context.requestID = Self.requestID(from: request)
        context.language = Language.negotiate(request.headers[.acceptLanguage])
        context.logger[metadataKey: "request_id"] = .string(context.requestID)
        let started = ContinuousClock.now
        let inFlight = metrics.inFlight(method: request.method.rawValue)
        inFlight.increment()
        defer { inFlight.decrement() }
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = problemResponse(for: error, request: request, context: context)
        }
        response.headers[Self.requestIDField] = context.requestID
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        // The route's template, "NotFound" when none matched: never the path asked for.
        let route = context.endpointPath ?? ServerMetrics.notFound
        metrics.recordRequest(
            method: request.method.rawValue, route: route, status: Int(response.status.code),
            nanoseconds: elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
        context.logger.info("request", metadata: [
            "method": .string(request.method.rawValue),
            "route": .string(route),
            "status": .stringConvertible(response.status.code),
            // Milliseconds to a tenth, without String(format:), which is slow for every request.
            "ms": .stringConvertible((seconds * 10_000).rounded() / 10),
        ])
        return response
    }

    static let requestIDField = HTTPField.Name("X-Request-Id")!

    static func requestID(from request: Request) -> String {
        if let given = request.headers[requestIDField], (8...64).contains(given.count),
           given.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
            return given
        }
        return newRequestID()
    }

    /// This process's half of every id it makes, drawn once: `UUID()` reads /dev/urandom, opening
    /// it anew each time (three system calls per request).
    private static let processPart = UInt64.random(in: .min ... .max)
    private static let requestCounter = Atomic<UInt64>(0)

    /// A new request id in a UUID's form: this process's random half, then a count of its
    /// requests. Unique across instances (by the random half) and within one (by the count).
    static func newRequestID() -> String {
        let count = requestCounter.add(1, ordering: .relaxed).newValue
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &bytes) { out in
            out.storeBytes(of: processPart.bigEndian, toByteOffset: 0, as: UInt64.self)
            out.storeBytes(of: count.bigEndian, toByteOffset: 8, as: UInt64.self)
        }
        return UUID(uuid: bytes).lowercasedText
    }

    func problemResponse(for error: any Error, request: Request, context: AppContext) -> Response {
        let domain = translate(error, request: request)
        if domain.code == .internalError {
            context.logger.error("request failed", metadata: ["error": .string(String(describing: error))])
        } else if domain.code == .databaseUnavailable {
            context.logger.warning("database unavailable", metadata: ["error": .string(String(describing: error))])
        } else {
            context.logger.debug("request refused", metadata: ["error": .string(String(describing: error))])
        }
        var headers: HTTPFields = [:]
        if domain.code == .unauthenticated || domain.code == .invalidCredentials {
            headers[.wwwAuthenticate] = "Bearer"
        }
        if domain.code == .methodNotAllowed {
            headers[.allow] = routes.methods(matching: request.uri.path).joined(separator: ", ")
        }
        if domain.code == .payloadTooLarge {
            // The rest of the body is not read: the connection ends after this answer (CloseAfterRefusalHandler).
            headers[.connection] = "close"
        }
        return ProblemDetails(domain, language: context.language, requestID: context.requestID)
            .response(language: context.language, retryAfter: domain.retryAfter, extraHeaders: headers)
    }

    /// Every error as a domain error with a stable code.
    func translate(_ error: any Error, request: Request) -> HromadaError {
        switch error {
        case let e as HromadaError:
            return e
        case let e as HTTPError:
            switch e.status {
            case .notFound:
                if !routes.methods(matching: request.uri.path).isEmpty {
                    return HromadaError(.methodNotAllowed, reason: "\(request.method) \(request.uri.path)")
                }
                return HromadaError(.notFound, reason: "no route \(request.method) \(request.uri.path)")
            case .contentTooLarge:
                return HromadaError(.payloadTooLarge)
            case .badRequest:
                return HromadaError(.malformedRequest, reason: e.body ?? "")
            case .unsupportedMediaType:
                return HromadaError(.unsupportedMediaType)
            case .methodNotAllowed:
                return HromadaError(.methodNotAllowed)
            default:
                return HromadaError(.internalError, reason: "HTTPError \(e.status)")
            }
        case let e as DecodingError:
            return BodyDecoder.problem(for: e)
        case is NIOTooManyBytesError:
            // A body collected past its limit anywhere other than BodyDecoder (which says the limit).
            return HromadaError(.payloadTooLarge)
        default:
            return HromadaError(.internalError, reason: String(describing: error))
        }
    }
}
