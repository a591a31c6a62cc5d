import ArgumentParser

/// The shell completion scripts (`--generate-completion-script`, docs/completions/):
/// ArgumentParser's, with two repairs to the bash one so that sourcing it leaves the shell as
/// it was.
enum CompletionScripts {
    static func script(for shell: CompletionShell) -> String {
        let script = XSConvertCommand.completionScript(for: shell)
        guard shell == .bash else { return script }
        return repairs.reduce(script) { script, repair in
            precondition(script.contains(repair.from), "the bash completion script changed shape: \(repair.from)")
            return script.replacing(repair.from, with: repair.to)
        }
    }

    private static let repairs: [(from: String, to: String)] = [
        // The function restores the shell options it changes with a RETURN trap; bash keeps a
        // trap set in a function after it returns, so every later function return (those of
        // bash-completion's file completion included) would reset extglob and the rest. The
        // trap removes itself once it has run.
        (#"trap "${state//$'\n'/;}" RETURN"#, #"trap "${state//$'\n'/;}; trap - RETURN" RETURN"#),
        // Where xsconvert offers nothing, bash's own completion (file names) still works.
        ("complete -o filenames -F _xsconvert xsconvert", "complete -o filenames -o bashdefault -o default -F _xsconvert xsconvert"),
    ]
}
