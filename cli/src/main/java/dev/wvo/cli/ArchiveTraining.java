package dev.wvo.cli;

import java.util.List;

/**
 * The training run of the commands' class-data archive (the {@code wvo} launcher's {@code cds_train}):
 * the read-only commands people run most, one after the other in one JVM, since the archive
 * dumped at a JVM's exit holds only the classes that JVM loaded. {@code status} twice, the second
 * reading the roadmap cache the first wrote (the launcher's training roadmap is large enough to be
 * kept), then {@code task list}. Their output goes where the launcher sends it (nowhere).
 */
public final class ArchiveTraining {

    private ArchiveTraining() {
    }

    /** {@code args}: the state directory to run the commands on. */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: ArchiveTraining STATE_DIR (the wvo launcher runs this; people run wvo)");
            System.exit(2);
        }
        Main.configureLibraries();
        String state = args[0];
        List<String[]> runs = List.of(
                new String[] {"status", "--state", state},
                new String[] {"status", "--state", state},
                new String[] {"task", "list", "--state", state});
        int status = 0;
        for (String[] run : runs) {
            status = Math.max(status, Main.newCommandLine(System.getenv(), run).execute(run));
        }
        System.exit(status);
    }
}
