package dev.wvo.cli;

/**
 * The project's version, written into this source by Maven's filtering at build time
 * (cli/pom.xml, "version-source"): a constant, where a resource file cost every
 * {@code --version} a search of the class path and a properties parser, a fifth of its CPU.
 */
final class BuildVersion {

    /** The version of the pom that built this class, such as {@code 0.1.0-SNAPSHOT}. */
    static final String NUMBER = "${project.version}";

    private BuildVersion() {
    }
}
