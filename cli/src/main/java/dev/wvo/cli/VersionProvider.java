package dev.wvo.cli;

import picocli.CommandLine;

/** What {@code wvo --version} prints: wvo's version ({@link BuildVersion}) and the Java that runs it. */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"wvo " + BuildVersion.NUMBER,
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
    }
}
