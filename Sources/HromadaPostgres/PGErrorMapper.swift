import CLibPQ
import HromadaDomain

/// Maps PostgreSQL failures to the project's error codes by SQLSTATE. The server's own text goes
/// to the log (the error's reason) and never to a client.
enum PGErrorMapper {
    static func error(for result: OpaquePointer?, connection: OpaquePointer) -> HromadaError {
        guard let result else {
            return unavailable(String(cString: PQerrorMessage(connection)))
        }
        let message = String(cString: PQresultErrorMessage(result)).trimmingCharacters(in: .whitespacesAndNewlines)
        let state = field(result, Int32(UInt8(ascii: "C"))) ?? ""
        if state.isEmpty || PQstatus(connection) != CONNECTION_OK {
            return unavailable(message)
        }
        let constraint = field(result, Int32(UInt8(ascii: "n")))
        return map(sqlState: state, constraint: constraint, message: message)
    }

    static func map(sqlState state: String, constraint: String?, message: String) -> HromadaError {
        let reason = "SQLSTATE \(state)\(constraint.map { " (\($0))" } ?? ""): \(message)"
        switch state {
        case "23505":
            return HromadaError(.conflict, reason: reason)
        case "40001", "40P01":
            return HromadaError(.serializationFailure, reason: reason)
        case "23503", "23514", "23502":
            return HromadaError(.validationFailed, reason: reason)
        case let s where s.hasPrefix("22"):
            // A data exception: a value PostgreSQL could not take (bad UUID text, out of range).
            return HromadaError(.malformedRequest, reason: reason)
        case let s where s.hasPrefix("08") || s.hasPrefix("57P") || s == "53300":
            return unavailable(reason)
        default:
            return HromadaError(.internalError, reason: reason)
        }
    }

    static func unavailable(_ reason: String) -> HromadaError {
        HromadaError(.databaseUnavailable, retryAfter: 2, reason: reason)
    }

    /// `code` is a PG_DIAG_* letter: libpq defines them as character macros Swift cannot import.
    private static func field(_ result: OpaquePointer, _ code: Int32) -> String? {
        guard let value = PQresultErrorField(result, code) else { return nil }
        return String(cString: value)
    }
}

import Foundation
