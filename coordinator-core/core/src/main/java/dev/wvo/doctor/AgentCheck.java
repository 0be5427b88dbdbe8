package dev.wvo.doctor;

import dev.wvo.config.BackendSettings;
import dev.wvo.spi.AgentBackend;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The agent backends as the workers would run them: for each, whether its CLI starts and its
 * version, which credentials it would find (names, never values), and, for its settings in
 * {@code config.yaml} and in each profile, whether an agent can edit files unattended under them
 * (claude in permission mode {@code default} or {@code plan}, codex in a {@code read-only}
 * sandbox cannot).
 */
public final class AgentCheck {

    static final String AREA = "agents";

    private final List<AgentBackend> backends;
    private final BackendSettings settings;

    /**
     * @param backends the backends the plugins provide
     * @param settings the backends' settings and profiles of {@code config.yaml}
     */
    public AgentCheck(List<AgentBackend> backends, BackendSettings settings) {
        this.backends = List.copyOf(backends);
        this.settings = settings;
    }

    public List<Finding> run() {
        List<Finding> findings = new ArrayList<>();
        List<String> profiles = settings.profiles();
        for (AgentBackend backend : backends) {
            String name = backend.name();
            AgentBackend.Diagnosis base = diagnose(backend, null);
            findings.add(base.starts() ? Finding.ok(AREA, name + " cli", base.version())
                    : Finding.warn(AREA, name + " cli", base.version(), "install it, or leave " + name + " out of --agent"));
            if (!base.starts()) {
                continue;
            }
            findings.add(base.credentials().isEmpty()
                    ? Finding.warn(AREA, name + " credentials", "no credentials found",
                    "log in with the CLI once, or set its API key variable (see docs/agents.md)")
                    : Finding.ok(AREA, name + " credentials", String.join("; ", base.credentials())));
            findings.add(canEdit(name, "settings", base));
            for (String profile : profiles) {
                findings.add(canEdit(name, "profile " + profile, diagnose(backend, profile)));
            }
        }
        return findings;
    }

    private AgentBackend.Diagnosis diagnose(AgentBackend backend, String profile) {
        try {
            return backend.diagnose(settings.forWorker(profile, List.of()).getOrDefault(backend.name(), Map.of()),
                    Map.of());
        } catch (RuntimeException e) {
            return new AgentBackend.Diagnosis(false, "its check failed: " + e.getMessage(), List.of(), List.of());
        }
    }

    private static Finding canEdit(String backend, String where, AgentBackend.Diagnosis d) {
        String check = backend + " can edit (" + where + ")";
        return d.cannotEdit().isEmpty() ? Finding.ok(AREA, check, "an unattended agent can edit the work tree")
                : Finding.warn(AREA, check, String.join("; ", d.cannotEdit()),
                "change the setting in config.yaml (backends." + backend + (where.startsWith("profile ")
                        ? " under profiles." + where.substring("profile ".length()) : "") + "), or the task's backends: map");
    }
}
