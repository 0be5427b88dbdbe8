package dev.wvo.cli;

import dev.wvo.gitmerge.GitMergeSetup;
import dev.wvo.gitmerge.GitMergeSetup.DriverStatus;
import dev.wvo.gitmerge.GitMergeSetup.SetupStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.concurrent.Callable;

/** {@code wvo git setup}: makes git merge the state files with {@code wvo merge-driver}. */
@Command(name = "setup",
        header = "Make git merge the state files with wvo (idempotent).",
        description = "Adds `<state>/roadmap.yaml merge=wvo-roadmap` (and context.md, events.jsonl) to the "
                + "repository's .gitattributes, and merge.wvo-*.driver and .name to its .git/config, running this "
                + "checkout's wvo launcher by its absolute path. .git/config is not cloned: run it in each clone.")
final class GitSetupCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--repo", paramLabel = "DIR",
            description = "The git repository. Default: the one that holds the state directory.")
    private Path repo;

    @Override
    public Integer call() {
        WvoCommand global = WvoCommand.of(spec);
        Path state = global.stateDirectory().toAbsolutePath().normalize();
        Path repository = repo != null ? repo : existingAncestor(state);
        SetupStatus status;
        try {
            status = GitMergeSetup.install(repository, state, shellQuoted(launcher()));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new CommandFailure(ExitCodes.FAILURE, e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        for (DriverStatus driver : status.drivers()) {
            out.println(driver.pattern() + " merge=" + driver.driver().gitName() + "  ->  " + driver.command());
        }
        out.println("git now merges the state files of " + state + " with wvo (" + status.workTree()
                + "/.gitattributes, .git/config).");
        out.flush();
        return ExitCodes.OK;
    }

    /** The state directory may not exist yet; git is found from the nearest directory that does. */
    private static Path existingAncestor(Path dir) {
        Path d = dir;
        while (d != null && !Files.isDirectory(d)) {
            d = d.getParent();
        }
        return d != null ? d : dir;
    }

    /**
     * The {@code wvo} launcher of this checkout: the running code is {@code cli/target/wvo-cli.jar}
     * (or {@code cli/target/classes}), so the launcher is two directories up from its folder.
     */
    private static Path launcher() {
        CodeSource source = GitSetupCommand.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new CommandFailure(ExitCodes.FAILURE, "Cannot tell where wvo runs from; run wvo git setup with "
                    + "the ./wvo script of a wvo checkout");
        }
        try {
            Path code = Path.of(source.getLocation().toURI()).toAbsolutePath();
            Path candidate = code.getParent().getParent().getParent().resolve("wvo");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
            throw new CommandFailure(ExitCodes.FAILURE, "No wvo launcher at " + candidate + " (wvo runs from " + code
                    + "); run wvo git setup with the ./wvo script of a wvo checkout");
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.FAILURE, "Cannot tell where wvo runs from; run wvo git setup with "
                    + "the ./wvo script of a wvo checkout", e);
        }
    }

    /** For the shell git runs the driver with: single quotes, each inner quote closed, escaped and reopened. */
    private static String shellQuoted(Path path) {
        return "'" + path.toString().replace("'", "'\\''") + "'";
    }
}
