import HromadaCommands
import ArgumentParser

@main
struct Entrypoint {
    static func main() async {
        await HromadaCommand.main()
    }
}
