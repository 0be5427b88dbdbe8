package dev.wvo.cli;

import picocli.CommandLine;

/**
 * What {@code wvo --version} prints: wvo's version ({@link BuildVersion}) and the Java that runs it.
 * picocli asks for it whenever a command is added under {@code wvo}, whatever the command.
 */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        // the text Runtime.version() is parsed from: its toString() joins the parsed numbers with a
        // stream, which cost every command's first use ~4 ms of a fresh JVM's main thread
        return new String[] {"wvo " + BuildVersion.NUMBER,
                "Java " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
}
