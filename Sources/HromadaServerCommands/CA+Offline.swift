import ArgumentParser
import Foundation
import HromadaCrypto
import HromadaDomain
import HromadaServer
import HromadaStorage

/// The offline root ceremony (docs/security.md): the root key stays on a machine with no database
/// and no network; the server writes requests and installs the answers.
extension HromadaServerCommand.CA {
    struct NewRoot: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new-root",
            abstract: "Offline machine: create the association root (key, certificate, first CRL) in a folder. No database.",
            discussion: """
                Writes root-key.pem (encrypted PKCS#8, mode 0600, passphrase from HROMADA_KEY_PASSPHRASE or
                HROMADA_KEY_PASSPHRASE_FILE), root.pem and root-crl.pem. Copy root.pem and root-crl.pem to the server
                and run `hromada-server ca install-root root.pem --crl root-crl.pem` there; root-key.pem never leaves.
                """)
        @Option(help: "Folder to write into (created, mode 0700).") var out: String
        @Option(help: "The association's name (default: HROMADA_ASSOCIATION or «Асоціація міст України»).") var association: String?
        @Option(name: .customLong("crl-days"), help: "Days until the first CRL's next update.") var crlDays: Int = 90
        func run() async throws {
            do {
                let association = try association ?? ServerConfiguration.fromEnvironment().association
                let ring = KeyRing(directory: out, passphrase: try KeyRing.passphrase())
                let key = try PrivateKey.generateP256()
                let cert = try CertificateAuthority.makeRoot(key: key, subject: .init(
                    commonName: "\(association) — кореневий центр сертифікації", organisation: association))
                try ring.store(key, file: "root-key.pem")
                let crl = try CertificateAuthority.makeCRL(root: cert, rootKey: key, revoked: [], number: 1, days: crlDays)
                let dir = URL(fileURLWithPath: out)
                try writeText(cert.pem, to: dir.appendingPathComponent("root.pem"))
                try writeText(crl, to: dir.appendingPathComponent("root-crl.pem"))
                print("""
                    Root created in \(out): root-key.pem (keep it here), root.pem, root-crl.pem. / Корінь створено.
                    SHA-256 fingerprint / відбиток: \(cert.fingerprint)
                    """)
            } catch { throw failure(error) }
        }
    }

    struct InstallRoot: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "install-root",
            abstract: "Server: trust a root made offline with `ca new-root` (its certificate and first CRL; no key).")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The root certificate (root.pem).") var certificate: String
        @Option(help: "The root's CRL (root-crl.pem).") var crl: String
        func run() async throws {
            do {
                let pem = try readText(certificate), crlPEM = try readText(crl)
                let cert = try await HromadaServerCommand.CA.withChain(database, keysDir: nil) { db, _, _ in
                    try CertificateAuthorityStore.installRoot(db, certificatePEM: pem, crlPEM: crlPEM)
                }
                print("""
                    The root is installed; compare its fingerprint with the one the offline machine printed. / Корінь установлено.
                    SHA-256 fingerprint / відбиток: \(cert.fingerprint)
                    """)
            } catch { throw failure(error) }
        }
    }

    struct Request: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Server: write a request for the offline root (a centre's CSR and/or the next root CRL).",
            discussion: """
                add-centre and rotate make the centre's new key here (it never leaves the key folder) and put its CSR in
                the request; every request also asks for the next root CRL listing the revoked centre certificates.
                Take the file to the machine with the root key: `hromada-server ca sign REQUEST --root-key … --root-cert …
                --out RESPONSE`, then bring RESPONSE back: `hromada-server ca import RESPONSE`.
                Examples:
                  hromada-server ca request add-centre LVV --out lvv-request.json
                  hromada-server ca request rotate LVV --out lvv-rotate.json
                  hromada-server ca request crl --out crl-request.json
                """,
            subcommands: [AddCentre.self, Rotate.self, CRL.self])

        struct AddCentre: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "add-centre", abstract: "A first signing key for a centre.")
            @OptionGroup var options: RequestOptions
            @Argument(help: "Centre code, e.g. LVV.") var code: String
            func run() async throws { try await options.make(.addCentre, centre: code.uppercased()) }
        }

        struct Rotate: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "A new signing key for a centre (the old one stops signing on import).")
            @OptionGroup var options: RequestOptions
            @Argument(help: "Centre code, e.g. LVV.") var code: String
            func run() async throws { try await options.make(.rotate, centre: code.uppercased()) }
        }

        struct CRL: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "crl", abstract: "Only a re-signed root CRL.")
            @OptionGroup var options: RequestOptions
            func run() async throws { try await options.make(.crl, centre: nil) }
        }
    }

    struct RequestOptions: ParsableArguments {
        @OptionGroup var database: DatabaseOptions
        @Option(name: .customLong("keys-dir"), help: "Folder of signing keys (default: HROMADA_KEYS_DIR or .data/keys).") var keysDir: String?
        @Option(help: "Where to write the request (default: root-request-<id>.json here).") var out: String?

        func make(_ action: RootRequest.Action, centre: String?) async throws {
            do {
                let made = try await HromadaServerCommand.CA.withChain(database, keysDir: keysDir) { db, ring, c in
                    try CertificateAuthorityStore.makeRequest(db, ring: ring, action: action, centre: centre, association: c.association)
                }
                let path = out ?? "root-request-\(made.id.prefix(8)).json"
                try writeText(String(decoding: made.bytes, as: UTF8.self), to: URL(fileURLWithPath: path))
                print("""
                    Request \(made.id) written to \(path): root CRL number \(made.request.crl.number)\(centre.map { ", a new key for \($0)" } ?? "").
                    Sign it where the root key is (`hromada-server ca sign`), then `hromada-server ca import` the answer. / Запит записано.
                    """)
            } catch { throw failure(error) }
        }
    }

    struct Sign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Offline machine: answer a request with the root key. No database.",
            discussion: """
                The root key's passphrase comes from HROMADA_KEY_PASSPHRASE or HROMADA_KEY_PASSPHRASE_FILE. Prints what it
                signed (the centre, the certificate's serial, the CRL's number and next update) for the ceremony's record.
                Example: hromada-server ca sign lvv-request.json --root-key root-key.pem --root-cert root.pem --out lvv-response.json
                """)
        @Argument(help: "The request file (from `ca request`).") var request: String
        @Option(name: .customLong("root-key"), help: "The root's private key (encrypted PEM).") var rootKey: String
        @Option(name: .customLong("root-cert"), help: "The root's certificate (PEM).") var rootCert: String
        @Option(help: "Where to write the response.") var out: String
        @Option(name: .customLong("crl-days"), help: "Days until the root CRL's next update.") var crlDays: Int = 90
        func run() async throws {
            do {
                guard let passphrase = try KeyRing.passphrase() else {
                    throw ConfigurationError("The root key's passphrase is needed in HROMADA_KEY_PASSPHRASE or HROMADA_KEY_PASSPHRASE_FILE.")
                }
                let key: PrivateKey
                do { key = try PrivateKey(pem: try readText(rootKey), passphrase: passphrase) } catch let e as ConfigurationError { throw e } catch {
                    throw ConfigurationError("The root key \(rootKey) cannot be decrypted: is the passphrase right?")
                }
                let root: Certificate
                do { root = try Certificate(pem: try readText(rootCert)) } catch let e as ConfigurationError { throw e } catch {
                    throw ConfigurationError("\(rootCert) is not a PEM certificate.")
                }
                let signed = try RootCeremony.sign(request: Array(try readText(request).utf8), rootKey: key, root: root, crlDays: crlDays)
                try writeText(String(decoding: signed.bytes, as: UTF8.self), to: URL(fileURLWithPath: out))
                print((signed.summary + ["Response written to \(out); take it to the server: `hromada-server ca import \(out)`. / Відповідь записано."])
                    .joined(separator: "\n"))
            } catch { throw failure(error) }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Server: install the offline root's answer to one of this server's requests.",
            discussion: """
                Checks that the response answers a request this server made and has not imported, that the root this server
                trusts signed the certificate and the CRL, and that the certificate is for the key the request made; then installs them.
                """)
        @OptionGroup var database: DatabaseOptions
        @Option(name: .customLong("keys-dir"), help: "Folder of signing keys.") var keysDir: String?
        @Argument(help: "The response file (from `ca sign`).") var response: String
        func run() async throws {
            do {
                let bytes = Array(try readText(response).utf8)
                let done = try await HromadaServerCommand.CA.withChain(database, keysDir: keysDir) { db, ring, _ in
                    try CertificateAuthorityStore.importResponse(db, ring: ring, response: bytes)
                }
                var lines: [String] = []
                if let key = done.key, let centre = done.centre {
                    lines.append("Centre \(centre) now signs with certificate \(key.serialHex). / Центр тепер підписує сертифікатом \(key.serialHex).")
                }
                lines.append("Root CRL number \(done.crlNumber) installed; next update \(RootCeremony.timestamp(done.crlNextUpdate)). / CRL кореня встановлено.")
                print(lines.joined(separator: "\n"))
            } catch { throw failure(error) }
        }
    }
}

private func readText(_ path: String) throws -> String {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw ConfigurationError("Cannot read \(path).") }
    return text
}

private func writeText(_ text: String, to url: URL) throws {
    do { try Data(text.utf8).write(to: url, options: .atomic) } catch {
        throw ConfigurationError("Cannot write \(url.path).")
    }
}
