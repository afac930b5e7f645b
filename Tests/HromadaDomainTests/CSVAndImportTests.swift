import HromadaDomain
import Testing
import Foundation

@Suite struct CSVReaderTests {
    @Test func readsQuotedFieldsCRLFAndABOM() throws {
        let text = "\u{FEFF}a,b\r\n\"x, y\",\"he said \"\"hi\"\"\"\r\n\"multi\nline\",z\n"
        let records = try CSVReader.parse(text)
        #expect(records.map(\.fields) == [["a", "b"], ["x, y", "he said \"hi\""], ["multi\nline", "z"]])
        #expect(records.map(\.line) == [1, 2, 3])
    }

    @Test func skipsBlankLinesButKeepsLineNumbers() throws {
        let records = try CSVReader.parse("a\n\nb\n")
        #expect(records.map(\.line) == [1, 3])
    }

    @Test func refusesAnUnclosedQuote() {
        #expect(throws: CSVReader.Problem.unterminatedQuote(line: 2)) { try CSVReader.parse("a\n\"open,b\n") }
    }
}

@Suite struct UserImportTests {
    let header = "email,full_name,category,position,hromada\n"

    @Test func validLinesBecomePeopleOfTheCentre() throws {
        let csv = header + "Olena@Example.org,Олена Коваль,official,спеціалістка,Бучанська\n" +
            "petro@example.org,Петро Іваненко,deputy,депутат,Ірпінська\n"
        let lines = try UserImport.parse(csv: csv, centre: "KYO").get()
        #expect(lines.map(\.line) == [2, 3])
        #expect(lines[0].person.email == "olena@example.org")
        #expect(lines[0].person.centre == "KYO")
        #expect(lines[1].person.category == .deputy)
        #expect(lines.allSatisfy { $0.person.roles == [.learner] })
    }

    @Test func everyBadLineIsReportedWithItsNumber() {
        let csv = header + "not-an-email,Олена,official,посада,Громада\n" +
            "ok@example.org,Петро,mayor,посада,Громада\n" +
            "short@example.org,Іван\n" +
            "ok@example.org,Петро,deputy,посада,Громада\n" +
            "OK@example.org,Петро,deputy,посада,Громада\n"
        guard case .failure(let error) = UserImport.parse(csv: csv, centre: "KYV") else {
            Issue.record("a file with bad lines was accepted")
            return
        }
        #expect(error.code == .validationFailed)
        #expect(error.lineProblems.map(\.line) == [2, 3, 4, 6])
        #expect(error.lineProblems[3].message.en.contains("already appears on line 5"))
        #expect(error.lineProblems[1].message.uk.contains("category"))
    }

    /// A spreadsheet set to Ukrainian saves CSV with semicolons (the comma is its decimal mark):
    /// the header tells which; quoted fields may hold either.
    @Test func aFileWithSemicolonsAsAUkrainianSpreadsheetSavesIt() throws {
        let csv = "\u{FEFF}email;full_name;category;position;hromada\r\n" +
            "olena@example.org;\"Коваль; Олена\";official;\"спеціалістка, відділ\";Бучанська\r\n" +
            "petro@example.org;Петро Іваненко;deputy;депутат;Ірпінська\r\n"
        let lines = try UserImport.parse(csv: csv, centre: "KYV").get()
        #expect(lines.map(\.line) == [2, 3])
        #expect(lines[0].person.fullName == "Коваль; Олена" && lines[0].person.position == "спеціалістка, відділ")
        #expect(lines[1].person.hromada == "Ірпінська" && lines[1].person.category == .deputy)
        // A comma file whose text holds semicolons stays a comma file.
        let commas = try UserImport.parse(csv: header + "a@example.org,\"А; Б\",official,посада;друга,Громада\n", centre: "KYV").get()
        #expect(commas.first?.person.position == "посада;друга")
        // Semicolons in the header but commas below: each line is one field too few, and says so.
        guard case .failure(let error) = UserImport.parse(csv: "email;full_name;category;position;hromada\nb@example.org,Б,official,п,Г\n", centre: "KYV") else {
            Issue.record("a mixed file was accepted")
            return
        }
        #expect(error.lineProblems.map(\.line) == [2] && error.lineProblems[0].message.en.contains("expected 5 fields, found 1"), "\(error.lineProblems)")
    }

    @Test func aWrongHeaderIsRefused() {
        guard case .failure(let error) = UserImport.parse(csv: "email,name\nx@y.ua,X\n", centre: "KYV") else {
            Issue.record("a wrong header was accepted")
            return
        }
        #expect(error.lineProblems.first?.line == 1)
    }
}

@Suite struct TextRulesTests {
    @Test func emailsAreLowerCasedAndChecked() throws {
        #expect(try TextRules.email(" Maria.Shevchenko@Rada.Gov.UA ").get() == "maria.shevchenko@rada.gov.ua")
        for bad in ["", "a", "a@b", "a@@b.ua", "a b@c.ua", "@c.ua", "a@-c.ua", "a@c..ua", "мер@рада.укр"] {
            #expect((try? TextRules.email(bad).get()) == nil, "accepted \(bad)")
        }
    }

    @Test func textIsTrimmedNormalisedAndFreeOfControlCharacters() throws {
        #expect(try TextRules.clean("  Ірпінь ", field: "x").get() == "Ірпінь")
        // "й" written as и + combining breve becomes the single precomposed letter.
        let cleaned = try TextRules.clean("Київськи\u{0438}\u{0306}", field: "x").get()
        #expect(Array(cleaned.unicodeScalars) == Array("Київський".precomposedStringWithCanonicalMapping.unicodeScalars))
        #expect(!cleaned.unicodeScalars.contains("\u{0306}"))
        #expect((try? TextRules.clean("a\u{0000}b", field: "x").get()) == nil)
        #expect((try? TextRules.clean("   ", field: "x").get()) == nil)
        #expect((try? TextRules.clean(String(repeating: "я", count: 201), field: "x").get()) == nil)
    }

    @Test func passwordsNeedTenCharacters() {
        #expect(TextRules.password("short") != nil)
        #expect(TextRules.password("long enough pw") == nil)
    }

    @Test func languageFollowsAcceptLanguageWithUkrainianByDefault() {
        #expect(Language.negotiate(nil) == .uk)
        #expect(Language.negotiate("en-GB,en;q=0.9") == .en)
        #expect(Language.negotiate("de, en;q=0.5, uk;q=0.8") == .uk)
        #expect(Language.negotiate("fr") == .uk)
    }
}
