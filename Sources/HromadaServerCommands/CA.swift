import ArgumentParser
import Foundation
import HromadaDomain
import HromadaServer
import HromadaStorage
import HromadaPostgres

extension HromadaServerCommand {
    /// `hromada-server ca …`: the association root, centre signing keys and the root CRL.
    struct CA: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ca",
            abstract: "Manage the certificate chain: root, centre signing keys, CRL / Ланцюжок сертифікатів.",
            discussion: """
                Private keys are encrypted PKCS#8 files (mode 0600) under HROMADA_KEYS_DIR; the passphrase comes from
                HROMADA_KEY_PASSPHRASE or HROMADA_KEY_PASSPHRASE_FILE. Public certificates and CRLs go to the database.
                With the root key on this server (development):
                  hromada-server ca init
                  hromada-server ca add-centre LVV
                  hromada-server ca rotate LVV
                  hromada-server ca revoke-centre LVV --serial 4F3A… --reason "key compromise"
                  hromada-server ca crl
                With the root key offline (production; docs/security.md):
                  offline:  hromada-server ca new-root --out /media/root
                  server:   hromada-server ca install-root root.pem --crl root-crl.pem
                  server:   hromada-server ca request add-centre LVV --out lvv-request.json   (or: request rotate LVV, request crl)
                  offline:  hromada-server ca sign lvv-request.json --root-key root-key.pem --root-cert root.pem --out lvv-response.json
                  server:   hromada-server ca import lvv-response.json
                """,
            subcommands: [Init.self, AddCentre.self, Rotate.self, RevokeCentre.self, CRL.self, Signatory.self, DevSetup.self,
                          NewRoot.self, InstallRoot.self, Request.self, Sign.self, Import.self]
        )

        /// Runs `body` in one transaction with the key ring the configuration names.
        static func withChain<T: Sendable>(
            _ database: DatabaseOptions, keysDir: String?, _ body: @escaping @Sendable (PGConnection, KeyRing, ServerConfiguration) throws -> T
        ) async throws -> T {
            var c = try database.configuration()
            if let keysDir { c.keysDirectory = keysDir }
            let logger = try database.logger(c)
            let pool = PGPool(conninfo: c.databaseURL, maxConnections: 1, logger: logger)
            defer { pool.shutdown() }
            let ring = KeyRing(directory: c.keysDirectory, passphrase: c.keyPassphrase)
            let config = c
            return try await pool.transaction { try body($0, ring, config) }
        }

        struct Init: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Create the association root (ECDSA P-256, self-signed) and its first CRL.")
            @OptionGroup var database: DatabaseOptions
            @Option(name: .customLong("keys-dir"), help: "Folder of signing keys (default: HROMADA_KEYS_DIR or .data/keys).") var keysDir: String?
            func run() async throws {
                do {
                    let created = try await CA.withChain(database, keysDir: keysDir) { db, ring, c in
                        try CertificateAuthorityStore.initRoot(db, ring: ring, association: c.association)
                    }
                    print(created ? "Root created with its first CRL. / Корінь створено разом із першим CRL."
                                  : "A root exists already; nothing changed. / Корінь уже є; нічого не змінено.")
                } catch { throw failure(error) }
            }
        }

        struct AddCentre: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "add-centre", abstract: "Issue a centre's document-signing certificate from the root.")
            @OptionGroup var database: DatabaseOptions
            @Option(name: .customLong("keys-dir"), help: "Folder of signing keys.") var keysDir: String?
            @Argument(help: "Centre code, e.g. LVV.") var code: String
            func run() async throws {
                do {
                    let key = try await CA.withChain(database, keysDir: keysDir) { [code] db, ring, c in
                        try CertificateAuthorityStore.addCentre(db, ring: ring, centre: code.uppercased(), association: c.association)
                    }
                    print("Centre \(code.uppercased()) signs with certificate \(key.serialHex). / Центр підписує сертифікатом \(key.serialHex).")
                } catch { throw failure(error) }
            }
        }

        struct Rotate: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Give a centre a new signing key; certificates signed with the old one stay verifiable.")
            @OptionGroup var database: DatabaseOptions
            @Option(name: .customLong("keys-dir"), help: "Folder of signing keys.") var keysDir: String?
            @Argument(help: "Centre code, e.g. LVV.") var code: String
            func run() async throws {
                do {
                    let key = try await CA.withChain(database, keysDir: keysDir) { [code] db, ring, c in
                        let key = try CertificateAuthorityStore.addCentre(db, ring: ring, centre: code.uppercased(), association: c.association, rotate: true)
                        try CertificateStore.publishRevocationList(db, ring: ring, centre: code.uppercased())
                        return key
                    }
                    print("Centre \(code.uppercased()) now signs with \(key.serialHex). / Центр тепер підписує сертифікатом \(key.serialHex).")
                } catch { throw failure(error) }
            }
        }

        struct RevokeCentre: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "revoke-centre", abstract: "Put a centre signing certificate on the root CRL and re-sign the CRL.")
            @OptionGroup var database: DatabaseOptions
            @Option(name: .customLong("keys-dir"), help: "Folder of signing keys.") var keysDir: String?
            @Argument(help: "Centre code.") var code: String
            @Option(help: "Serial (hex) of the centre certificate to revoke.") var serial: String
            @Option(help: "Why (kept with the revocation).") var reason: String = "key compromise"
            func run() async throws {
                do {
                    let resigned = try await CA.withChain(database, keysDir: keysDir) { [code, serial, reason] db, ring, _ in
                        try CertificateAuthorityStore.revokeCentreKey(db, ring: ring, centre: code.uppercased(), serialHex: serial, reason: reason)
                    }
                    if resigned {
                        print("Revoked; the root CRL is re-signed. Run `ca rotate \(code.uppercased())` to give the centre a new key. / Відкликано.")
                    } else {
                        print("""
                            Revoked here; the root key is offline, so the root CRL lists it only after the ceremony: \
                            `ca request rotate \(code.uppercased())` (a new key and the CRL) or `ca request crl`, then `ca sign` and `ca import`. / Відкликано.
                            """)
                    }
                } catch { throw failure(error) }
            }
        }

        struct CRL: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "crl", abstract: "Re-sign the root CRL (next update in 90 days).")
            @OptionGroup var database: DatabaseOptions
            @Option(name: .customLong("keys-dir"), help: "Folder of signing keys.") var keysDir: String?
            func run() async throws {
                do {
                    _ = try await CA.withChain(database, keysDir: keysDir) { db, ring, _ in try CertificateAuthorityStore.resignCRL(db, ring: ring) }
                    print("The root CRL is re-signed. / CRL кореня переподписано.")
                } catch { throw failure(error) }
            }
        }

        struct Signatory: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Set who signs a centre's certificates (name and position as printed).")
            @OptionGroup var database: DatabaseOptions
            @Argument(help: "Centre code.") var code: String
            @Option(help: "Full name.") var name: String
            @Option(help: "Position.") var position: String
            func run() async throws {
                do {
                    let changed = try await CA.withChain(database, keysDir: nil) { [code, name, position] db, _, _ in
                        try CertificateAuthorityStore.setSignatory(db, centre: code.uppercased(), name: name, position: position)
                    }
                    guard changed else { throw ConfigurationError("There is no centre \(code.uppercased()).") }
                    print("Saved. / Збережено.")
                } catch { throw failure(error) }
            }
        }

        struct DevSetup: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "dev-setup",
                abstract: "Development only: create the root and a signing key for every centre that lacks one, and a demo signatory.",
                discussion: """
                    Every centre whose signatory is still the placeholder gets the demo signatory \(demoName), \
                    «\(demoPosition)»; one set with `ca signatory` is left as it is.
                    """)
            /// The demo signatory: a made-up name, and a position that says it is a demonstration.
            static let demoName = "Олена Зразкова"
            static let demoPosition = "Директорка центру (демонстраційний підписант)"

            @OptionGroup var database: DatabaseOptions
            @Option(name: .customLong("keys-dir"), help: "Folder of signing keys.") var keysDir: String?
            func run() async throws {
                do {
                    let (added, signatories) = try await CA.withChain(database, keysDir: keysDir) { db, ring, c in
                        let added = try CertificateAuthorityStore.ensureDevelopmentChain(db, ring: ring, association: c.association)
                        for centre in try CertificateStore.listsDue(db) {
                            try CertificateStore.publishRevocationList(db, ring: ring, centre: centre)
                        }
                        let signatories = try CertificateAuthorityStore.setDemoSignatories(db, name: Self.demoName, position: Self.demoPosition)
                        return (added, signatories)
                    }
                    print(added == 0 ? "The development chain is in place. / Ланцюжок уже налаштовано."
                                     : "Development chain: \(added) centre key(s) created. / Створено ключів центрів: \(added).")
                    if signatories > 0 {
                        print("Demo signatory \(Self.demoName) for \(signatories) centre(s); set a real one with `ca signatory`. / "
                              + "Демо-підписант для центрів: \(signatories); справжнього задає `ca signatory`.")
                    }
                } catch { throw failure(error) }
            }
        }
    }
}
