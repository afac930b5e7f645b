import HromadaCommands

@main
struct Entrypoint {
    static func main() async {
        await HromadaCommand.runInLanguage()
    }
}
