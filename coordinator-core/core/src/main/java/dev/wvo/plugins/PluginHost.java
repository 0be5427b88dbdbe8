package dev.wvo.plugins;

import dev.wvo.spi.AgentBackend;
import dev.wvo.spi.Notifier;
import dev.wvo.spi.PartitionPolicy;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads wvo's plugins from one or more plugin directories through PF4J, and says plainly which
 * ones could not be loaded or started and why. A broken plugin never stops the others.
 */
public final class PluginHost implements AutoCloseable {

    /** The SPI version this host offers; plugins declare the range they need in {@code Plugin-Requires}. */
    public static final String SPI_VERSION = "0.1.0";

    private static final Path NO_PLUGINS = Path.of(System.getProperty("java.io.tmpdir"), "wvo-no-plugins-here");

    private final ReportingPluginManager manager;

    private PluginHost(ReportingPluginManager manager) {
        this.manager = manager;
    }

    /** Loads and starts every plugin found in {@code roots} (missing directories are skipped). */
    public static PluginHost load(List<Path> roots) {
        List<Path> existing = roots.stream().filter(Files::isDirectory).distinct().toList();
        if (existing.isEmpty()) {
            // Given no directory, PF4J falls back to ./plugins of the working directory, which in
            // wvo's own checkout is the plugins' source. A directory that does not exist yields none.
            existing = List.of(NO_PLUGINS);
        }
        ReportingPluginManager manager = new ReportingPluginManager(existing);
        manager.setSystemVersion(SPI_VERSION);
        manager.loadPlugins();
        manager.startPlugins();
        return new PluginHost(manager);
    }

    /**
     * One plugin as loaded.
     *
     * @param id         the plugin id, or the file name when it could not be read
     * @param version    its version, or null
     * @param state      PF4J's state ({@code STARTED}, {@code FAILED}, {@code DISABLED}), or {@code BROKEN}
     *                   when it could not be loaded at all
     * @param extensions the extension classes it provides, by extension point
     * @param path       where it was found
     * @param problem    what went wrong and what to do, or null
     */
    public record PluginReport(String id, String version, String state, List<String> extensions, Path path,
                               String problem) {
        public boolean isUsable() {
            return problem == null && PluginState.STARTED.name().equals(state);
        }
    }

    /** Every plugin found, the broken ones included, by id. */
    public List<PluginReport> report() {
        List<PluginReport> reports = new ArrayList<>();
        for (PluginWrapper plugin : manager.getPlugins()) {
            List<String> extensions = new ArrayList<>();
            for (Class<?> point : List.of(AgentBackend.class, PartitionPolicy.class, Notifier.class)) {
                manager.getExtensionClassNames(plugin.getPluginId()).stream()
                        .filter(name -> implementsPoint(plugin, name, point))
                        .forEach(name -> extensions.add(point.getSimpleName() + ": " + name));
            }
            String problem = null;
            if (plugin.getPluginState() == PluginState.FAILED) {
                Throwable failure = plugin.getFailedException();
                problem = "failed to start: " + (failure == null ? "unknown error" : failure);
            } else if (plugin.getPluginState() != PluginState.STARTED) {
                problem = "not started (" + plugin.getPluginState() + "); it requires wvo SPI "
                        + plugin.getDescriptor().getRequires() + " and this wvo offers " + SPI_VERSION;
            }
            reports.add(new PluginReport(plugin.getPluginId(), plugin.getDescriptor().getVersion(),
                    plugin.getPluginState().name(), extensions, plugin.getPluginPath(), problem));
        }
        manager.unloadable().forEach((path, error) -> reports.add(new PluginReport(path.getFileName().toString(), null,
                "BROKEN", List.of(), path, "cannot be loaded: " + error
                + " (a plugin is a jar or zip whose manifest or plugin.properties names Plugin-Id and Plugin-Version)")));
        reports.sort(Comparator.comparing(PluginReport::id));
        return reports;
    }

    private boolean implementsPoint(PluginWrapper plugin, String className, Class<?> point) {
        try {
            return point.isAssignableFrom(plugin.getPluginClassLoader().loadClass(className));
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Every agent backend of the started plugins. */
    public List<AgentBackend> backends() {
        return manager.getExtensions(AgentBackend.class);
    }

    /** Every partition policy of the started plugins. */
    public List<PartitionPolicy> policies() {
        return manager.getExtensions(PartitionPolicy.class);
    }

    public Optional<AgentBackend> backend(String name) {
        return backends().stream().filter(b -> b.name().equals(name)).findFirst();
    }

    public Optional<PartitionPolicy> policy(String name) {
        return policies().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Every notifier of the started plugins. */
    public List<Notifier> notifiers() {
        return manager.getExtensions(Notifier.class);
    }

    public Optional<Notifier> notifier(String name) {
        return notifiers().stream().filter(n -> n.name().equals(name)).findFirst();
    }

    @Override
    public void close() {
        manager.stopPlugins();
        manager.unloadPlugins();
    }

    /** PF4J's manager, remembering the plugin files it could not load instead of only logging them. */
    private static final class ReportingPluginManager extends DefaultPluginManager {
        private final Map<Path, String> unloadable = new LinkedHashMap<>();

        ReportingPluginManager(List<Path> roots) {
            super(roots);
        }

        @Override
        protected PluginWrapper loadPluginFromPath(Path pluginPath) {
            try {
                return super.loadPluginFromPath(pluginPath);
            } catch (RuntimeException e) {
                unloadable.put(pluginPath, e.getMessage() == null ? e.toString() : e.getMessage());
                throw e;
            }
        }

        Map<Path, String> unloadable() {
            return unloadable;
        }
    }
}
