import Foundation

/// A person to create, validated and normalised; built from JSON or from a CSV line.
public struct NewUser: Sendable, Equatable {
    public var email: String
    public var fullName: String
    public var category: Category
    public var position: String
    public var hromada: String
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
                        uk: "невідома роль; очікується learner, trainer, centre_admin або admin",
                        en: "unknown role; expected learner, trainer, centre_admin or admin"
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
