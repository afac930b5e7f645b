import HromadaServerCommands

@main
struct Entrypoint {
    static func main() async {
        await HromadaServerCommand.main()
    }
}
