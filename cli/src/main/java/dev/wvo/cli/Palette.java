package dev.wvo.cli;

import picocli.CommandLine.Help.Ansi;

/**
 * ANSI styles for output, or none. Text is padded before it is styled, so escape codes never
 * disturb the alignment of a table.
 */
record Palette(boolean enabled) {

    static final Palette PLAIN = new Palette(false);

    /**
     * Colour when standard output is a terminal, as picocli judges it (it also honours
     * {@code NO_COLOR}, {@code CLICOLOR_FORCE} and {@code -Dpicocli.ansi}).
     */
    static Palette forTerminal() {
        return new Palette(Ansi.AUTO.enabled());
    }

    String bold(String text) {
        return style("1", text);
    }

    String dim(String text) {
        return style("2", text);
    }

    String red(String text) {
        return style("31", text);
    }

    String green(String text) {
        return style("32", text);
    }

    String yellow(String text) {
        return style("33", text);
    }

    private String style(String code, String text) {
        return enabled ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
    }
}
