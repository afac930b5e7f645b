public import HromadaDomain

/// `{"items": [...], "next_cursor": "..."|null}`, the shape of every list. The cursor is opaque:
/// a client sends it back as `?cursor=` for the next page; null on the last.
public struct Page<Item> {
    public var items: [Item]
    @Nullable public var nextCursor: String?

    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }

    enum CodingKeys: String, CodingKey {
        case items
        case nextCursor = "next_cursor"
    }
}

extension Page: Encodable where Item: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(items, forKey: .items)
        try c.encode(_nextCursor, forKey: .nextCursor)
    }
}

extension Page: Decodable where Item: Decodable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        items = try c.decode([Item].self, forKey: .items)
        _nextCursor = try c.decode(Nullable<String>.self, forKey: .nextCursor)
    }
}

extension Page: Sendable where Item: Sendable {}
extension Page: Equatable where Item: Equatable {}
