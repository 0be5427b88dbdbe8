package dev.wvo.cli;

import picocli.CommandLine.Command;

/** {@code wvo plugins}: the agent backends and partition policies wvo loads. */
@Command(name = "plugins",
        header = "Show the plugins wvo loads: agent backends and partition policies.",
        description = "Plugins come from the bundled plugin directory (next to wvo-cli.jar), then $WVO_PLUGINS, "
                + "then each --plugins DIR. See docs/plugins.md.",
        subcommands = {PluginsListCommand.class})
final class PluginsCommand extends CommandGroup {
}
