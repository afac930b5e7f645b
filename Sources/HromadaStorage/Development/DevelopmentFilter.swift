import Foundation
public import HromadaDomain
public import HromadaPostgres

/// Whose records a list or report covers: the caller's scope (``Policy/scope(for:)``) narrowed by the
/// query's `hromada`, `raion`, `oblast` or `centre` (codes). Its condition reads `users u` and the
/// person's hromada as `territories t`.
public struct DevelopmentFilter: Sendable, Equatable {
    public var scope: Policy.Scope
    public var hromada: String?
    public var raion: String?
    public var oblast: String?
    public var centre: String?

    public init(scope: Policy.Scope, hromada: String? = nil, raion: String? = nil, oblast: String? = nil, centre: String? = nil) {
        self.scope = scope
        self.hromada = hromada
        self.raion = raion
        self.oblast = oblast
        self.centre = centre
    }

    public var condition: SQL {
        var sql: SQL
        switch scope {
        case .everyone: sql = "true"
        case .centre(let code): sql = "u.centre = \(code)"
        case .hromada(let code): sql = "u.hromada_code = \(code)"
        }
        if let hromada { sql = sql + " AND u.hromada_code = \(hromada)" }
        if let raion { sql = sql + " AND t.raion = \(raion)" }
        if let oblast { sql = sql + " AND t.oblast = \(oblast)" }
        if let centre { sql = sql + " AND u.centre = \(centre)" }
        return sql
    }

}
