/// What a user may do. A user holds one or more roles; `centreAdmin` is scoped to the user's own centre,
/// `hr` (the HR unit, кадрова служба) to the user's own hromada.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    case learner
    case trainer
    case centreAdmin = "centre_admin"
    case admin
    case hr

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// The two kinds of people the association trains.
public enum Category: String, Sendable, Codable, CaseIterable {
    /// Посадова особа органу місцевого самоврядування.
    case official
    /// Депутат місцевої ради.
    case deputy
}
