import Foundation

/// A person to create, validated and normalised; built from JSON or from a CSV line.
public struct NewUser: Sendable, Equatable {
    public var email: String
    public var fullName: String
    public var category: Category
    public var position: String
    /// The hromada as written (a code or a name) until resolved; then its official name.
    public var hromada: String
    /// The КАТОТТГ code once the written hromada is resolved (``HromadaChoice``).
    public var hromadaCode: String?
    /// The day the person took office (`YYYY-MM-DD`), which starts the first-year window.
    public var appointedOn: String?
    public var centre: String
    public var roles: Set<Role>
    public var password: String?
    /// The language of the mail the person gets (invitations, password resets).
    public var language: Language = .uk

    public init(
        email: String, fullName: String, category: Category, position: String,
        hromada: String, centre: String, roles: Set<Role>, password: String? = nil
    ) {
        self.email = email
        self.fullName = fullName
        self.category = category
        self.position = position
        self.hromada = hromada
        self.centre = centre
        self.roles = roles
        self.password = password
    }

    /// `YYYY-MM-DD` of a real day, or a problem for `field`.
    public static func date(_ text: String, field: String) -> Result<String, HromadaError.FieldProblem> {
        let t = text.trimmingCharacters(in: .whitespaces)
        let parts = t.split(separator: "-", omittingEmptySubsequences: false)
        let problem = HromadaError.FieldProblem(field: field, message: .init(uk: "має бути датою РРРР-ММ-ДД", en: "must be a date YYYY-MM-DD"))
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1900...2100).contains(y) else { return .failure(problem) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: DateComponents(year: y, month: m, day: d)),
              case let c = calendar.dateComponents([.year, .month, .day], from: date), c.year == y, c.month == m, c.day == d
        else { return .failure(problem) }
        return .success(t)
    }

    /// Validates raw values from a client and returns a normalised person or every problem found.
    public static func validate(
        email: String?, fullName: String?, category: String?, position: String?,
        hromada: String?, centre: String?, roles: [String]?, password: String?
    ) -> Result<NewUser, HromadaError> {
        var problems: [HromadaError.FieldProblem] = []
        func required(_ value: String?, _ field: String, maxLength: Int = 200) -> String {
            guard let value else {
                problems.append(.init(field: field, message: .init(uk: "обовʼязкове поле", en: "is required")))
                return ""
            }
            switch TextRules.clean(value, field: field, maxLength: maxLength) {
            case .success(let v): return v
            case .failure(let p): problems.append(p); return ""
            }
        }

        var cleanEmail = ""
        if let email {
            switch TextRules.email(email) {
            case .success(let v): cleanEmail = v
            case .failure(let p): problems.append(p)
            }
        } else {
            problems.append(.init(field: "email", message: .init(uk: "обовʼязкове поле", en: "is required")))
        }
        let cleanName = required(fullName, "full_name")
        let cleanPosition = required(position, "position")
        let cleanHromada = required(hromada, "hromada")
        var cleanCategory = Category.official
        if let category {
            if let c = Category(rawValue: category) { cleanCategory = c } else {
                problems.append(.init(field: "category", message: .init(uk: "має бути official або deputy", en: "must be one of: official, deputy")))
            }
        } else {
            problems.append(.init(field: "category", message: .init(uk: "обовʼязкове поле", en: "is required")))
        }
        var cleanCentre = ""
        if let centre {
            let upper = centre.trimmingCharacters(in: .whitespaces).uppercased()
            if upper.count == 3, upper.allSatisfy({ $0.isASCII && $0.isLetter }) {
                cleanCentre = upper
            } else {
                problems.append(.init(field: "centre", message: .init(uk: "має бути трилітерним кодом центру, наприклад KYV", en: "must be a three-letter centre code such as KYV")))
            }
        } else {
            problems.append(.init(field: "centre", message: .init(uk: "обовʼязкове поле", en: "is required")))
        }
        var cleanRoles: Set<Role> = [.learner]
        if let roles {
            cleanRoles = []
            for raw in roles {
                if let role = Role(rawValue: raw) { cleanRoles.insert(role) } else {
                    problems.append(.init(
                        field: "roles",
                        message: .init(
                        uk: "невідома роль; очікується learner, trainer, centre_admin, admin або hr",
                        en: "unknown role; expected learner, trainer, centre_admin, admin or hr"
                    )
                    ))
                }
            }
            if roles.isEmpty { problems.append(.init(field: "roles", message: .init(uk: "потрібна принаймні одна роль", en: "must name at least one role"))) }
        }
        if let password, let problem = TextRules.password(password) { problems.append(problem) }

        if !problems.isEmpty { return .failure(.validation(problems)) }
        return .success(NewUser(
            email: cleanEmail, fullName: cleanName, category: cleanCategory, position: cleanPosition,
            hromada: cleanHromada, centre: cleanCentre, roles: cleanRoles, password: password
        ))
    }
}
