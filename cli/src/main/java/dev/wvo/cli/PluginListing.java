package dev.wvo.cli;

import dev.wvo.plugins.PluginHost;
import dev.wvo.spi.AgentBackend;
import dev.wvo.spi.PartitionPolicy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * The JSON document of {@code wvo plugins list --json}; its schema is documented in
 * {@code docs/cli.md}.
 *
 * @param directories the plugin directories searched, in order, with whether each exists
 * @param plugins     every plugin found, the broken ones included, sorted by id
 * @param backends    the agent backends of the started plugins, with their availability here, by name
 * @param policies    the partition policies of the started plugins, by name
 */
record PluginListing(List<Directory> directories, List<Plugin> plugins, List<Backend> backends, List<Policy> policies) {

    static PluginListing of(List<Path> directories, PluginHost host) {
        List<Plugin> plugins = host.report().stream().map(Plugin::of).toList();
        return new PluginListing(
                directories.stream().map(Directory::of).toList(),
                plugins,
                host.backends().stream().map(b -> Backend.of(b, plugins)).sorted(Comparator.comparing(Backend::name)).toList(),
                host.policies().stream().map(p -> Policy.of(p, plugins)).sorted(Comparator.comparing(Policy::name)).toList());
    }

    /**
     * @param path   the directory as given
     * @param exists false if there is no such directory (it is then skipped)
     */
    record Directory(String path, boolean exists) {
        static Directory of(Path path) {
            return new Directory(path.toString(), Files.isDirectory(path));
        }
    }

    /**
     * @param id         the plugin id, or the file name when it could not be read
     * @param version    its version, or null
     * @param state      {@code STARTED}, {@code FAILED}, {@code DISABLED}, {@code RESOLVED}, or
     *                   {@code BROKEN} when it could not be loaded at all
     * @param usable     true if it started and its extensions are in use
     * @param extensions its extensions, as {@code ExtensionPoint: class name}
     * @param path       the jar or directory it was loaded from
     * @param problem    what went wrong and what to do, or null
     */
    record Plugin(String id, String version, String state, boolean usable, List<String> extensions, String path,
                  String problem) {
        static Plugin of(PluginHost.PluginReport r) {
            return new Plugin(r.id(), r.version(), r.state(), r.isUsable(), r.extensions(), r.path().toString(),
                    r.problem());
        }
    }

    /**
     * @param name      the name a worker selects it by
     * @param plugin    the id of the plugin that provides it, or null if not known
     * @param available true if it can run here
     * @param detail    what was found, or what is missing and what to do
     */
    record Backend(String name, String plugin, boolean available, String detail) {
        static Backend of(AgentBackend backend, List<Plugin> plugins) {
            AgentBackend.Availability availability;
            try {
                availability = backend.availability();
            } catch (RuntimeException | LinkageError e) {
                // a plugin's bug must not hide the other plugins from the listing
                availability = AgentBackend.Availability.no("its availability check failed: " + e);
            }
            return new Backend(backend.name(), pluginOf(backend, plugins), availability.available(),
                    availability.detail());
        }
    }

    /**
     * @param name   the name a worker selects it by
     * @param plugin the id of the plugin that provides it, or null if not known
     */
    record Policy(String name, String plugin) {
        static Policy of(PartitionPolicy policy, List<Plugin> plugins) {
            return new Policy(policy.name(), pluginOf(policy, plugins));
        }
    }

    private static String pluginOf(Object extension, List<Plugin> plugins) {
        String suffix = ": " + extension.getClass().getName();
        return plugins.stream()
                .filter(p -> p.extensions().stream().anyMatch(e -> e.endsWith(suffix)))
                .map(Plugin::id).findFirst().orElse(null);
    }
}
