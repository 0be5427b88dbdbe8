package dev.wvo.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code wvo plugins}: the agent backends and partition policies wvo loads. */
@Command(name = "plugins",
        header = "Show the plugins wvo loads: agent backends and partition policies.",
        description = "Plugins come from the bundled plugin directory (next to wvo-cli.jar), then $WVO_PLUGINS, "
                + "then each --plugins DIR. See docs/plugins.md.",
        subcommands = {PluginsListCommand.class})
final class PluginsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
