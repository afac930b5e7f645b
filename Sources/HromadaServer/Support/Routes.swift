import HTTPTypes
import Hummingbird
import HromadaAPI
import HromadaCrypto
import HromadaDomain

extension Response {
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        try StoredResponse.json(value, status: status).response
    }

    /// A JSON body already written (by ``JSONWriter``).
    static func json(raw bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        StoredResponse(status: status, contentType: "application/json", body: bytes).response
    }
}

extension Page {
    /// One page (`?limit=`, `?cursor=`) of a list read whole, in a stable order, for lists bounded by
    /// nature (one person's enrolments, a quiz's attempts, a course's versions, the centres, the
    /// report's rows): the cursor is the last item's `key`, so items added before it shift nothing.
    init(_ all: [Item], _ query: Query, key: (Item) -> String) throws {
        let limit = try query.limit()
        var rest = all[...]
        if let after = try query.cursorKey() {
            guard let at = all.firstIndex(where: { key($0) == after }) else { throw Query.invalidCursor }
            rest = all[(at + 1)...]
        }
        let items = Array(rest.prefix(limit))
        self.init(items: items, nextCursor: rest.count > limit ? items.last.map { Base64URL.encode(Array(key($0).utf8)) } : nil)
    }
}
