import Foundation
import HromadaDomain

/// The common and breached passwords shipped with the server (`Resources/common-passwords.txt`),
/// read once. Missing, it is an empty list: the length and e-mail rules still hold.
enum CommonPasswordList {
    static let shipped: CommonPasswords = {
        guard let url = Bundle.module.url(forResource: "common-passwords", withExtension: "txt"),
              let text = try? String(contentsOf: url, encoding: .utf8)
        else { return CommonPasswords(text: "") }
        return CommonPasswords(text: text)
    }()

    /// The rules of ``PasswordRules`` with the shipped list.
    static func check(_ password: String, email: String?, field: String = "password") -> HromadaError.FieldProblem? {
        PasswordRules.check(password, email: email, common: shipped, field: field)
    }
}
