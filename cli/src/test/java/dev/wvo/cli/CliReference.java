package dev.wvo.cli;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The command reference of docs/cli.md, rendered from the picocli model of {@link WvoCommand}:
 * one section per command, depth first, each the command's {@code --help} at a fixed width and
 * without colour. The global options, which every command inherits, are listed once, under
 * {@code wvo}; the other commands show them as {@code [GLOBAL OPTIONS]}, and {@code -h} and
 * {@code -V} as their own.
 */
final class CliReference {

    /** The first line of the generated region. */
    static final String BEGIN = "<!-- BEGIN GENERATED: command reference, from picocli; edit the @Command annotations, "
            + "not this region (see \"The command reference\" above) -->";
    /** The last line of the generated region. */
    static final String END = "<!-- END GENERATED: command reference -->";
    /** How wide the usage text is, whatever the terminal. */
    static final int WIDTH = 100;

    private CliReference() {
    }

    /** The whole region, markers included, ending with a newline. */
    static String render() {
        CommandLine top = Main.newCommandLine(Map.of());
        top.setUsageHelpAutoWidth(false);
        top.setUsageHelpWidth(WIDTH);
        top.setHelpFactory(WithoutInheritedOptions::new);
        top.setColorScheme(Help.defaultColorScheme(Help.Ansi.OFF));
        StringBuilder md = new StringBuilder(BEGIN).append("\n");
        append(top, md);
        return md.append(END).append("\n").toString();
    }

    private static void append(CommandLine cmd, StringBuilder md) {
        md.append("\n#### `").append(cmd.getCommandSpec().qualifiedName()).append("`\n\n```text\n")
                .append(cmd.getUsageMessage(Help.Ansi.OFF).stripTrailing().lines().map(String::stripTrailing)
                        .reduce((a, b) -> a + "\n" + b).orElse(""))
                .append("\n```\n");
        cmd.getSubcommands().values().stream().distinct().forEach(sub -> append(sub, md));
    }

    /** Replaces the region between the markers in {@code document}; fails if the markers are not there once each. */
    static String replaceRegion(String document, String region) {
        int begin = document.indexOf(BEGIN);
        int end = document.indexOf(END);
        if (begin < 0 || end < begin || document.indexOf(BEGIN, begin + 1) >= 0) {
            throw new IllegalStateException("docs/cli.md must hold the lines '" + BEGIN + "' and '" + END
                    + "' once each, in that order");
        }
        return document.substring(0, begin) + region + document.substring(document.indexOf('\n', end) + 1);
    }

    /** The region currently in {@code document}, markers included, or "" if there is none. */
    static String currentRegion(String document) {
        int begin = document.indexOf(BEGIN);
        int end = document.indexOf(END);
        return begin < 0 || end < begin ? "" : document.substring(begin, document.indexOf('\n', end) + 1);
    }

    /**
     * Whether a subcommand's section lists {@code option}: its own options, and {@code -h} and
     * {@code -V}, which {@code wvo} declares for every command to inherit but which each command
     * answers for itself.
     */
    private static boolean isOwn(OptionSpec option) {
        return !option.inherited() || option.usageHelp() || option.versionHelp();
    }

    /** Help that leaves inherited (global) options out of a subcommand's synopsis and option list. */
    private static final class WithoutInheritedOptions extends Help {
        WithoutInheritedOptions(CommandSpec spec, ColorScheme scheme) {
            super(spec, scheme);
        }

        private boolean isTop() {
            return commandSpec().parent() == null;
        }

        @Override
        protected Ansi.Text createDetailedSynopsisOptionsText(Collection<ArgSpec> done, List<OptionSpec> options,
                                                            Comparator<OptionSpec> optionSort, boolean clusterBooleanOptions) {
            if (isTop()) {
                return super.createDetailedSynopsisOptionsText(done, options, optionSort, clusterBooleanOptions);
            }
            List<OptionSpec> own = new ArrayList<>(options.stream().filter(CliReference::isOwn).toList());
            Ansi.Text text = super.createDetailedSynopsisOptionsText(done, own, optionSort, clusterBooleanOptions);
            return colorScheme().text(" [GLOBAL OPTIONS]").concat(text);
        }

        @Override
        public String optionList(Layout layout, Comparator<OptionSpec> optionSort, IParamLabelRenderer renderer) {
            if (isTop()) {
                return super.optionList(layout, optionSort, renderer);
            }
            List<OptionSpec> own = commandSpec().options().stream().filter(o -> isOwn(o) && !o.hidden()).toList();
            return optionListExcludingGroups(own, layout, optionSort, renderer);
        }
    }
}
