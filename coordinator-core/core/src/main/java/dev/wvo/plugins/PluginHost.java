package dev.wvo.plugins;

import dev.wvo.spi.AgentBackend;
import dev.wvo.spi.Notifier;
import dev.wvo.spi.PartitionPolicy;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

/**
 * Loads wvo's plugins from one or more plugin directories through PF4J, and says plainly which
 * ones could not be loaded or started and why. A broken plugin never stops the others.
 *
 * <p>A plugin whose manifest says what it provides ({@value #PROVIDES}: {@code backend:shell},
 * {@code notifier:webhook}, {@code policy:domain}, comma-separated) is loaded at the first ask
 * for one of those: a worker with the shell backend loads the shell plugin and not the six others
 * (their class loaders, their extension indexes, the libraries they bundle). A plugin that does not say
 * is loaded at once, since only its extensions can tell what it provides. Asking for every
 * extension of a kind, or for the report, loads every plugin of that kind, or all of them.
 */
public final class PluginHost implements AutoCloseable {

    /** The manifest attribute in which a plugin names what it provides, as {@code kind:name} items. */
    public static final String PROVIDES = "Wvo-Provides";
    /** The kinds of {@value #PROVIDES} items, one per extension point. */
    private static final String BACKEND = "backend";
    private static final String POLICY = "policy";
    private static final String NOTIFIER = "notifier";

    /** The SPI version this host offers; plugins declare the range they need in {@code Plugin-Requires}. */
    public static final String SPI_VERSION = "0.1.0";

    private static final Path NO_PLUGINS = Path.of(System.getProperty("java.io.tmpdir"), "wvo-no-plugins-here");

    private final ReportingPluginManager manager;

    private PluginHost(ReportingPluginManager manager) {
        this.manager = manager;
    }

    /**
     * Loads and starts the plugins found in {@code roots} that do not say what they provide
     * (missing directories are skipped); the others wait for their first use.
     */
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
    public synchronized List<PluginReport> report() {
        manager.loadProviders(provision -> true);
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

    /** True if no plugin was found at all, not even one that could not be loaded. */
    public synchronized boolean isEmpty() {
        return manager.getPlugins().isEmpty() && manager.deferred.isEmpty() && manager.unloadable().isEmpty();
    }

    /** The ids of the plugins started so far (those set aside until their first use are not). */
    public synchronized List<String> started() {
        return manager.getStartedPlugins().stream().map(PluginWrapper::getPluginId).sorted().toList();
    }

    /** Every agent backend of the started plugins. */
    public synchronized List<AgentBackend> backends() {
        return extensions(AgentBackend.class, BACKEND, null);
    }

    /** Every partition policy of the started plugins. */
    public synchronized List<PartitionPolicy> policies() {
        return extensions(PartitionPolicy.class, POLICY, null);
    }

    public synchronized Optional<AgentBackend> backend(String name) {
        return extensions(AgentBackend.class, BACKEND, name).stream().filter(b -> b.name().equals(name)).findFirst();
    }

    public synchronized Optional<PartitionPolicy> policy(String name) {
        return extensions(PartitionPolicy.class, POLICY, name).stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Every notifier of the started plugins. */
    public synchronized List<Notifier> notifiers() {
        return extensions(Notifier.class, NOTIFIER, null);
    }

    public synchronized Optional<Notifier> notifier(String name) {
        return extensions(Notifier.class, NOTIFIER, name).stream().filter(n -> n.name().equals(name)).findFirst();
    }

    /**
     * The extensions of {@code point} of the started plugins, after loading the plugins that say
     * they provide {@code kind:name}, or every one of that kind when {@code name} is null.
     */
    private <T> List<T> extensions(Class<T> point, String kind, String name) {
        manager.loadProviders(provision -> name == null ? provision.startsWith(kind + ":") : provision.equals(kind + ":" + name));
        return manager.getExtensions(point);
    }

    @Override
    public synchronized void close() {
        manager.stopPlugins();
        manager.unloadPlugins();
    }

    /**
     * PF4J's manager, remembering the plugin files it could not load instead of only logging them,
     * and setting aside the plugins that say what they provide until one of those is asked for.
     */
    private static final class ReportingPluginManager extends DefaultPluginManager {
        private final Map<Path, String> unloadable = new LinkedHashMap<>();
        /** Plugin files not loaded yet, with what each says it provides. */
        private final Map<Path, Set<String>> deferred = new LinkedHashMap<>();
        private boolean loadingDeferred;

        ReportingPluginManager(List<Path> roots) {
            super(roots);
        }

        /** Loads and starts the plugins set aside that provide something {@code wanted} accepts. */
        void loadProviders(Predicate<String> wanted) {
            List<Path> paths = deferred.entrySet().stream().filter(e -> e.getValue().stream().anyMatch(wanted))
                    .map(Map.Entry::getKey).toList();
            if (paths.isEmpty()) {
                return;
            }
            loadingDeferred = true;
            try {
                for (Path path : paths) {
                    deferred.remove(path);
                    try {
                        loadPlugin(path);
                    } catch (RuntimeException e) {
                        // recorded in unloadable by loadPluginFromPath, as loadPlugins would have
                    }
                }
            } finally {
                loadingDeferred = false;
            }
            startPlugins(); // the started ones are left as they are
        }

        @Override
        protected PluginWrapper loadPluginFromPath(Path pluginPath) {
            Set<String> provides = loadingDeferred ? Set.of() : provisionsOf(pluginPath);
            if (!provides.isEmpty()) {
                deferred.put(pluginPath, provides);
                return null; // loadPlugins goes on to the next file
            }
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

        /**
         * What a plugin jar's manifest says it provides; nothing for a plugin directory, a jar
         * without the attribute or one that cannot be read (PF4J loads those and says why not).
         */
        private static Set<String> provisionsOf(Path pluginPath) {
            if (!Files.isRegularFile(pluginPath)) {
                return Set.of();
            }
            try (JarFile jar = new JarFile(pluginPath.toFile(), false)) {
                Manifest manifest = jar.getManifest();
                String provides = manifest == null ? null : manifest.getMainAttributes().getValue(PROVIDES);
                if (provides == null) {
                    return Set.of();
                }
                return Arrays.stream(provides.split(",")).map(String::strip).filter(p -> p.contains(":"))
                        .collect(Collectors.toUnmodifiableSet());
            } catch (IOException e) {
                return Set.of();
            }
        }
    }
}
