import ArgumentParser
import Foundation
import HromadaAPI
import HromadaDomain
import Testing
@testable import HromadaCommands

/// `hromada activate`, `hromada password` and `hromada users`: what they take from the command line
/// and what they say, in both languages. Against a real server: ClientAccountTests (the client's calls)
/// and Tests/e2e/accounts_e2e.py (the commands in a terminal).
struct AccountCommandTests {
    @Test func aLetterLinkGivesItsTokenAndItsServer() throws {
        let link = try #require(InvitationLink("https://hromada.example:8443/activate?t=AbC_def-0123456789xyz&lang=en"))
        #expect(link.token == "AbC_def-0123456789xyz")
        #expect(link.server == "https://hromada.example:8443")
        let plain = try #require(InvitationLink("  http://127.0.0.1:8080/activate?t=0123456789abcdefABCDEF\n"))
        #expect(plain.server == "http://127.0.0.1:8080")
    }

    @Test func aBareTokenIsTakenAsItIsAndNamesNoServer() throws {
        let token = "Zm9vYmFyYmF6cXV4LW9uZS10d28tdGhyZWU"
        let bare = try #require(InvitationLink(token))
        #expect(bare.token == token && bare.server == nil)
        #expect(InvitationLink("t=" + token)?.token == token)
    }

    /// Anything that is not a link of ours or a token is refused before a request is made.
    @Test(arguments: [
        "", "short", "https://hromada.example/activate", "https://hromada.example/activate?t=", "ftp://hromada.example/activate?t=0123456789abcdefABCDEF",
        "javascript:alert(1)//?t=0123456789abcdefABCDEF", "https:///activate?t=0123456789abcdefABCDEF", "токен-кирилицею-довший-за-шістнадцять",
        "0123456789abcdef 0123456789abcdef", "0123456789abcdef;rm -rf", String(repeating: "a", count: 513),
    ])
    func whatIsNotAnInvitationIsRefused(_ text: String) {
        #expect(InvitationLink(text) == nil)
    }

    @Test func theCommandsParseAsDocumented() throws {
        let activate = try #require(try HromadaCommand.parseAsRoot(["activate", "https://h.example/activate?t=0123456789abcdefABCDEF", "--password-stdin"]) as? HromadaCommand.Activate)
        #expect(activate.passwordStdin)
        let invite = try #require(try HromadaCommand.parseAsRoot(["users", "invite", "olena@h.example", "--centre", "LVV"]) as? HromadaCommand.Users.Invite)
        #expect(invite.target.person == "olena@h.example" && invite.target.centre == "LVV")
        let list = try #require(try HromadaCommand.parseAsRoot(["users", "list", "--status", "invited", "--json"]) as? HromadaCommand.Users.List)
        #expect(list.status == "invited" && list.json)
        #expect(try HromadaCommand.parseAsRoot(["users", "deactivate", "x@h.example"]) is HromadaCommand.Users.Deactivate)
        #expect(try HromadaCommand.parseAsRoot(["users", "reactivate", "x@h.example"]) is HromadaCommand.Users.Reactivate)
        #expect(try HromadaCommand.parseAsRoot(["password", "reset", "x@h.example"]) is HromadaCommand.Password.Reset)
        #expect(try HromadaCommand.parseAsRoot(["password", "change"]) is HromadaCommand.Password.Change)
        let add = try #require(try HromadaCommand.parseAsRoot(["users", "add", "o@h.example", "--name", "Олена Коваль", "--position", "секретар",
                                                               "--hromada", "Бучанська", "--role", "trainer", "--role", "learner", "--language", "en"]) as? HromadaCommand.Users.Add)
        #expect(add.email == "o@h.example" && add.name == "Олена Коваль" && add.category == "official" && add.roles == ["trainer", "learner"] && add.centre == nil)
        #expect(throws: (any Error).self) { try HromadaCommand.parseAsRoot(["users", "add", "o@h.example", "--name", "Олена"]) }
        let importing = try #require(try HromadaCommand.parseAsRoot(["users", "import", "people.csv", "--centre", "LVV"]) as? HromadaCommand.Users.Import)
        #expect(importing.file == "people.csv" && importing.centre == "LVV")
        #expect(try HromadaCommand.parseAsRoot(["users", "show", "o@h.example"]) is HromadaCommand.Users.Show)
        let sheet = try #require(try HromadaCommand.parseAsRoot(["cohort", "invitations", "3f1c", "--csv"]) as? HromadaCommand.Cohort.Invitations)
        #expect(sheet.cohort == "3f1c" && sheet.csv)
        let outbox = try #require(try HromadaCommand.parseAsRoot(["outbox", "--status", "failed"]) as? HromadaCommand.Outbox)
        #expect(outbox.status == .failed)
        #expect(throws: (any Error).self) { try HromadaCommand.parseAsRoot(["outbox", "--status", "lost"]) }
        let reissue = try #require(try HromadaCommand.parseAsRoot(["certificate", "reissue", "UA-KYV-2026-000123-29", "--note", "Прізвище"]) as? HromadaCommand.CertificateCommand.Reissue)
        #expect(reissue.serial == "UA-KYV-2026-000123-29" && reissue.note == "Прізвище")
        #expect(try HromadaCommand.parseAsRoot(["certificate", "revoke", "UA-KYV-2026-000123-29", "--reason-code", "fraud"]) is HromadaCommand.CertificateCommand.Revoke)
        #expect(throws: (any Error).self) { try HromadaCommand.parseAsRoot(["activate"]) }
        #expect(throws: (any Error).self) { try HromadaCommand.parseAsRoot(["users", "invite"]) }
    }

    /// Every sentence of these commands exists in both languages, and they are not one text twice.
    @Test func everySentenceIsInUkrainianAndInEnglish() {
        let texts: [LocalizedText] = [
            Messages.newPasswordPrompt, Messages.repeatPasswordPrompt, Messages.noPassword, Messages.passwordsDiffer,
            Messages.notAnInvitationLink, Messages.invitationExpired, Messages.activated("Олена", email: "o@h.example"),
            Messages.currentPasswordPrompt, Messages.passwordChanged, Messages.resetRequested("o@h.example"),
            Messages.noSuchPerson("o@h.example"), Messages.deactivated("o@h.example"),
            Messages.invitationSent("o@h.example", until: .init(timeIntervalSince1970: 1_800_000_000)),
            Messages.imported(.init(created: 2, unchanged: 1)), Messages.inviteHint("o@h.example"), Messages.noSuchCohort("3f1c"),
            Messages.newLinks(17), Messages.reissued(old: "UA-KYV-2026-000123-29", new: "UA-KYV-2026-000124-xx"),
        ] + AccountStatus.allCases.map(Messages.accountStatus) + OutboxMessage.Status.allCases.map(Messages.letterStatus)
            + OutboxMessage.Kind.allCases.map(Messages.letterKind)
        for text in texts {
            #expect(!text.uk.isEmpty && !text.en.isEmpty && text.uk != text.en, "\(text)")
            #expect(text.uk.contains { ("а"..."я").contains($0) || "іїєґ".contains($0) }, "\(text.uk)")
        }
        #expect(Messages.people(1).uk == "1 людина" && Messages.people(3).uk == "3 людини" && Messages.people(11).uk == "11 людей")
        #expect(Messages.people(1).en == "1 person" && Messages.people(2).en == "2 people")
        #expect(Messages.imported(.init(created: 21, unchanged: 0)).uk.hasPrefix("Додано 21 людину") && Messages.newLinks(17).uk.hasPrefix("17 нових посилань"))
        // The link's expiry on the Kyiv clock, as the rest of the client writes times.
        #expect(Messages.invitationSent("o@h.example", until: .init(timeIntervalSince1970: 1_800_000_000)).uk.contains("за київським часом"))
    }
}
