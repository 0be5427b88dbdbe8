package dev.wvo.cli;

import dev.wvo.fs.StateDir;
import dev.wvo.lock.LockManager;
import dev.wvo.roadmap.RoadmapException;
import dev.wvo.roadmap.RoadmapReader;
import dev.wvo.roadmap.RoadmapStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code wvo init}: creates the state directory. */
@Command(name = "init",
        header = "Create the state directory: roadmap, shared context, locks and workers folders.",
        description = "Creates <state> (owner-only) with roadmap.yaml (an empty roadmap, or a copy of --from), "
                + "context.md, locks/, workers/ and a README.md. An existing roadmap is kept unless --force; "
                + "an existing context.md is always kept.")
final class InitCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--force", description = "Replace an existing roadmap (the old one is kept as roadmap.yaml.bak).")
    private boolean force;

    @Option(names = "--from", paramLabel = "ROADMAP",
            description = "Start from a copy of this roadmap; it is checked first, and nothing is written if it does not load.")
    private Path from;

    @Option(names = "--git", description = "Also make wvo git's merge driver for the state files (as `wvo git setup`).")
    private boolean git;

    @Override
    public Integer call() {
        WvoCommand global = WvoCommand.of(spec);
        StateDir dir = new StateDir(global.stateDirectory());
        if (from != null && !Files.isRegularFile(from)) {
            throw new CommandFailure(ExitCodes.FAILURE, "no roadmap file at " + from + "; check the path given to --from");
        }
        try {
            // a roadmap that does not load stops the initialisation before anything is written
            String roadmap = from == null ? StateDir.EMPTY_ROADMAP : RoadmapReader.read(from).text();
            dir.init(force);
            try (LockManager locks = LockBackends.open(global, LockBackends.Options.defaults())) {
                new RoadmapStore(dir, locks).create(roadmap, force); // one transaction, beside running workers
            }
        } catch (FileAlreadyExistsException e) {
            throw new CommandFailure(ExitCodes.FAILURE, dir.roadmap() + " exists already; nothing was changed. "
                    + "Pass --force to replace it (the old one is kept as roadmap.yaml.bak)");
        } catch (RoadmapException e) {
            throw new CommandFailure(ExitCodes.FAILURE, e.getMessage() + "; nothing was written. Fix the file and run "
                    + "`wvo init --from " + from + "` again", e);
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.FAILURE, "cannot create the state directory " + dir.root() + ": " + e.getMessage()
                    + "; check that its parent exists and is writable", e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("Initialised " + dir.root().toAbsolutePath() + (from == null ? " with an empty roadmap."
                : " with a copy of " + from + "."));
        out.println("Add tasks with `wvo task add ID --title ...`, then start workers with `wvo worker --agent NAME`.");
        out.flush();
        if (git) {
            picocli.CommandLine setup = Main.newCommandLine(System.getenv());
            setup.setOut(spec.commandLine().getOut());
            setup.setErr(spec.commandLine().getErr());
            return setup.execute("--state", dir.root().toString(), "git", "setup");
        }
        return ExitCodes.OK;
    }
}
