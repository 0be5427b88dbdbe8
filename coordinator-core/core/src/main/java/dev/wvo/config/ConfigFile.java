package dev.wvo.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code state/config.yaml} read once, with the line of every value kept, so that each section's
 * reader (backends, worktrees, stages, reactions, ...) can say {@code config.yaml:12:5: what is
 * wrong, what to do} about the exact entry. A missing file is an empty configuration.
 *
 * <p>Sections are looked up by dotted key paths ({@code "worktree.mode"}); {@link Entry} is a
 * node with its path, so a reader walks the tree and raises {@link ConfigException}s that name
 * where the user must look.
 */
public final class ConfigFile {

    private final Path file;
    private final Node root;

    private ConfigFile(Path file, Node root) {
        this.file = file;
        this.root = root;
    }

    /**
     * Reads the file; absent means empty.
     *
     * @throws ConfigException with the file, line and column when the YAML is malformed
     */
    public static ConfigFile read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return new ConfigFile(file, null);
        } catch (IOException e) {
            throw new ConfigException("Cannot read " + file + ": " + e.getMessage());
        }
        try {
            Node node = new Yaml(new LoaderOptions()).compose(new StringReader(text));
            if (node != null && !(node instanceof MappingNode)) {
                throw new ConfigException(file + ":" + line(node) + ":1: the configuration must be a mapping of "
                        + "sections (backends:, worktree:, ...)");
            }
            return new ConfigFile(file, node);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
            int column = e.getProblemMark() == null ? 1 : e.getProblemMark().getColumn() + 1;
            throw new ConfigException(file + ":" + line + ":" + column + ": " + e.getProblem()
                    + "; fix the YAML syntax");
        }
    }

    public Path file() {
        return file;
    }

    /** The top-level mapping (empty when the file is absent or empty). */
    public Entry root() {
        return new Entry(this, "", root);
    }

    /** The entry at a dotted path, if present and not null. */
    public Optional<Entry> at(String dottedPath) {
        Entry e = root();
        for (String key : dottedPath.split("\\.")) {
            Optional<Entry> next = e.child(key);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            e = next.get();
        }
        return Optional.of(e);
    }

    private static int line(Node node) {
        return node == null || node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
    }

    private static int column(Node node) {
        return node == null || node.getStartMark() == null ? 1 : node.getStartMark().getColumn() + 1;
    }

    /** One value of the file with where it is. */
    public static final class Entry {
        private final ConfigFile config;
        private final String path;
        private final Node node;

        private Entry(ConfigFile config, String path, Node node) {
            this.config = config;
            this.path = path;
            this.node = node;
        }

        /** The dotted key path, e.g. {@code stages.implement.prompt}. */
        public String path() {
            return path;
        }

        /** {@code file:line:column} of this value. */
        public String where() {
            return config.file + ":" + line(node) + ":" + column(node);
        }

        /** An error about this value: where it is, what is wrong, what to do. */
        public ConfigException problem(String whatIsWrongAndWhatToDo) {
            return new ConfigException(where() + ": `" + path + "` " + whatIsWrongAndWhatToDo);
        }

        public boolean isMapping() {
            return node == null || node instanceof MappingNode;
        }

        public boolean isList() {
            return node instanceof SequenceNode;
        }

        public boolean isScalar() {
            return node instanceof ScalarNode;
        }

        /** A key of this mapping, absent when missing or null. */
        public Optional<Entry> child(String key) {
            return children().entrySet().stream().filter(c -> c.getKey().equals(key)).map(Map.Entry::getValue)
                    .filter(c -> !c.isNull()).findFirst();
        }

        /** The keys and values of a mapping, in file order. */
        public Map<String, Entry> children() {
            if (node == null) {
                return Map.of();
            }
            if (!(node instanceof MappingNode mapping)) {
                throw problem("must be a mapping (key: value lines)");
            }
            Map<String, Entry> children = new LinkedHashMap<>();
            for (NodeTuple t : mapping.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode key)) {
                    throw new ConfigException(config.file + ":" + line(t.getKeyNode()) + ":" + column(t.getKeyNode())
                            + ": keys under `" + path + "` must be plain names");
                }
                String childPath = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
                children.put(key.getValue(), new Entry(config, childPath, t.getValueNode()));
            }
            return children;
        }

        /** The items of a list; a single scalar counts as a list of one. */
        public List<Entry> items() {
            if (node instanceof ScalarNode) {
                return List.of(this);
            }
            if (!(node instanceof SequenceNode seq)) {
                throw problem("must be a list ([a, b] or - lines)");
            }
            List<Entry> items = new ArrayList<>();
            for (int i = 0; i < seq.getValue().size(); i++) {
                items.add(new Entry(config, path + "[" + i + "]", seq.getValue().get(i)));
            }
            return items;
        }

        /** The value as text. */
        public String text() {
            if (!(node instanceof ScalarNode scalar)) {
                throw problem("must be a single value, not a " + (node instanceof SequenceNode ? "list" : "mapping"));
            }
            return scalar.getValue();
        }

        /** The items as texts. */
        public List<String> texts() {
            return items().stream().map(Entry::text).toList();
        }

        /** The value as a whole number, at least {@code min}. */
        public int integer(int min) {
            String t = text().strip();
            try {
                int v = Integer.parseInt(t);
                if (v < min) {
                    throw problem("is " + v + "; it must be at least " + min);
                }
                return v;
            } catch (NumberFormatException e) {
                throw problem("is '" + t + "'; it must be a whole number");
            }
        }

        /** The value as a boolean ({@code true/false/yes/no/on/off}). */
        public boolean bool() {
            return switch (text().strip().toLowerCase(java.util.Locale.ROOT)) {
                case "true", "yes", "on" -> true;
                case "false", "no", "off" -> false;
                default -> throw problem("is '" + text() + "'; it must be true or false");
            };
        }

        /** The value as one of the given choices, compared without case. */
        public String choice(String... choices) {
            String t = text().strip();
            for (String c : choices) {
                if (c.equalsIgnoreCase(t)) {
                    return c;
                }
            }
            throw problem("is '" + t + "'; it must be one of " + String.join(", ", choices));
        }

        /** Rejects keys other than the given ones (typos must not pass silently). */
        public Entry onlyKeys(String... allowed) {
            List<String> ok = List.of(allowed);
            for (Map.Entry<String, Entry> c : children().entrySet()) {
                if (!ok.contains(c.getKey())) {
                    throw c.getValue().problem("is not a known setting here; known: " + String.join(", ", ok));
                }
            }
            return this;
        }

        private boolean isNull() {
            return node instanceof ScalarNode s && s.getTag().getValue().endsWith(":null");
        }
    }
}
