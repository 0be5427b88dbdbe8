package dev.wvo.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code wvo completion}: prints the shell completion script that picocli generates from the commands. */
@Command(name = "completion",
        header = "Print a shell completion script for wvo.",
        description = {"The script is generated from the commands themselves, so it always matches them. "
                + "zsh runs the same bash script through bashcompinit (the script loads it itself).",
                "Load it for this shell:  source <(./wvo completion bash)",
                "or once for good:        ./wvo completion bash > ~/.local/share/bash-completion/completions/wvo"})
final class CompletionCommand implements Callable<Integer> {

    /** The shells the script serves. */
    enum Shell { bash, zsh }

    @Spec
    private CommandSpec spec;

    // Both shells get the same script; naming the shell keeps room for others and fails typos early.
    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.")
    private Shell shell;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.print(AutoComplete.bash("wvo", spec.root().commandLine()));
        out.flush();
        return ExitCodes.OK;
    }
}
