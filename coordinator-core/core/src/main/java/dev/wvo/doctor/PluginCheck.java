package dev.wvo.doctor;

import dev.wvo.plugins.PluginHost;
import dev.wvo.spi.AgentBackend;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** Which plugins loaded, which are broken and why, and whether each agent backend can run here. */
public final class PluginCheck {

    static final String AREA = "plugins";

    private final PluginHost host;

    public PluginCheck(PluginHost host) {
        this.host = host;
    }

    /**
     * The finding when none of the plugin directories exists. The host is then not loaded at all:
     * PF4J given no directory falls back to {@code ./plugins}, which in a source checkout holds
     * the plugins' sources and would be reported as broken plugins.
     */
    public static Finding noDirectories(List<Path> searched) {
        return Finding.ok(AREA, "plugins", "none found; searched " + (searched.isEmpty() ? "no directory"
                : searched.stream().map(Path::toString).collect(Collectors.joining(", "))));
    }

    public List<Finding> run() {
        List<Finding> findings = new ArrayList<>();
        List<PluginHost.PluginReport> reports = host.report();
        if (reports.isEmpty()) {
            findings.add(Finding.ok(AREA, "plugins", "none found"));
        }
        for (PluginHost.PluginReport report : reports) {
            String name = report.id() + (report.version() == null ? "" : " " + report.version());
            findings.add(report.isUsable()
                    ? Finding.ok(AREA, "plugin " + report.id(), name + " started from " + report.path())
                    : Finding.fail(AREA, "plugin " + report.id(), name + " at " + report.path() + ": "
                    + Objects.toString(report.problem(), report.state()).replaceAll("\\s*\\R\\s*", " "),
                    "replace or remove " + report.path()));
        }
        for (AgentBackend backend : host.backends()) {
            AgentBackend.Availability availability;
            try {
                availability = backend.availability();
            } catch (RuntimeException e) {
                availability = AgentBackend.Availability.no("its availability check failed: " + e);
            }
            findings.add(availability.available()
                    ? Finding.ok(AREA, "backend " + backend.name(), availability.detail())
                    : Finding.warn(AREA, "backend " + backend.name(), availability.detail(),
                    "install what it needs, or give workers another --agent"));
        }
        return findings;
    }
}
