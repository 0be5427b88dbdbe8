package dev.wvo.cli.render;

import picocli.CommandLine.Help.Ansi;

/**
 * ANSI styles for output, or none. Text is padded before it is styled, so escape codes never
 * disturb the alignment of a table.
 */
public record Palette(boolean enabled) {

    public static final Palette PLAIN = new Palette(false);

    /**
     * Colour when standard output is a terminal, as picocli judges it (it also honours
     * {@code NO_COLOR}, {@code CLICOLOR_FORCE} and {@code -Dpicocli.ansi}).
     */
    public static Palette forTerminal() {
        return new Palette(Ansi.AUTO.enabled());
    }

    public String bold(String text) {
        return style("1", text);
    }

    public String dim(String text) {
        return style("2", text);
    }

    public String red(String text) {
        return style("31", text);
    }

    public String green(String text) {
        return style("32", text);
    }

    public String yellow(String text) {
        return style("33", text);
    }

    private String style(String code, String text) {
        return enabled ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
    }
}
