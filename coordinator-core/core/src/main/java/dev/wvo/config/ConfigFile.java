package dev.wvo.config;

import dev.wvo.fs.TextFile;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code state/config.yaml} as SnakeYAML's node tree, with the line and column of every value,
 * so that each section's reader can say {@code config.yaml:12:5: what is wrong, what to do} about
 * the exact entry. Read by {@link Config} only; a missing file is an empty configuration.
 *
 * <p>What a person can get wrong with the file as a whole is caught here: a directory, a binary or
 * huge file, YAML that does not parse, a key written twice, anchors used to blow the document up.
 */
final class ConfigFile {

    /** A file of settings is a few kilobytes; this is far above any real one. */
    static final int MAX_BYTES = 1024 * 1024;
    /** Aliases to mappings or lists: a config needs few, and a billion-laughs document needs many. */
    private static final int MAX_ALIASES = 20;

    private final Path file;
    private final Node root;

    private ConfigFile(Path file, Node root) {
        this.file = file;
        this.root = root;
    }

    static ConfigFile empty(Path file) {
        return new ConfigFile(file, null);
    }

    /**
     * Reads the file; absent means empty.
     *
     * @throws ConfigException naming the file, line and column, what is wrong and what to do
     */
    static ConfigFile read(Path file) {
        String text;
        try {
            Optional<String> read = TextFile.read(file, MAX_BYTES);
            if (read.isEmpty()) {
                return empty(file);
            }
            text = read.get();
        } catch (TextFile.Unreadable e) {
            throw new ConfigException(file + ":" + e.problem().line() + ":" + e.problem().column() + ": "
                    + e.problem().problem());
        }
        Node node;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(MAX_ALIASES);
            options.setAllowRecursiveKeys(false);
            options.setCodePointLimit(MAX_BYTES);
            node = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark == null ? 1 : mark.getLine() + 1;
            int column = mark == null ? 1 : mark.getColumn() + 1;
            throw new ConfigException(file + ":" + line + ":" + column + ": " + e.getProblem() + "; fix the YAML syntax");
        } catch (YAMLException e) {
            throw new ConfigException(file + ":1:1: " + e.getMessage() + "; write the settings out instead of "
                    + "repeating anchors (&name / *name)");
        }
        if (node != null && !(node instanceof MappingNode)) {
            throw new ConfigException(file + ":" + line(node) + ":" + column(node) + ": the configuration must be a "
                    + "mapping of sections (backends:, worktree:, ...)");
        }
        ConfigFile config = new ConfigFile(file, node);
        config.refuseDuplicateKeys(node, new IdentityHashMap<>());
        return config;
    }

    Path file() {
        return file;
    }

    /** The top-level mapping (empty when the file is absent or empty). */
    Entry root() {
        return new Entry(this, "", root, null);
    }

    /**
     * A key written twice in one mapping: YAML's last-wins would silently drop the first, which is
     * how a person loses a setting they think they made.
     */
    private void refuseDuplicateKeys(Node node, Map<Node, Boolean> seen) {
        if (node == null || seen.put(node, Boolean.TRUE) != null) {
            return; // an alias to a node already checked
        }
        if (node instanceof MappingNode mapping) {
            Map<String, Node> keys = new LinkedHashMap<>();
            for (NodeTuple t : mapping.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode key) {
                    Node first = keys.putIfAbsent(key.getValue(), key);
                    if (first != null) {
                        throw new ConfigException(file + ":" + line(key) + ":" + column(key) + ": `" + key.getValue()
                                + "` is set twice (first at line " + line(first) + "); keep one of them");
                    }
                }
                refuseDuplicateKeys(t.getValueNode(), seen);
            }
        } else if (node instanceof SequenceNode sequence) {
            sequence.getValue().forEach(item -> refuseDuplicateKeys(item, seen));
        }
    }

    private static int line(Node node) {
        return node == null || node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
    }

    private static int column(Node node) {
        return node == null || node.getStartMark() == null ? 1 : node.getStartMark().getColumn() + 1;
    }

    /** One value of the file with where it is. */
    static final class Entry {
        private final ConfigFile config;
        private final String path;
        private final Node node;
        /** The key this value stands under, or null (the root, a list item). */
        private final Node key;

        private Entry(ConfigFile config, String path, Node node, Node key) {
            this.config = config;
            this.path = path;
            this.node = node;
            this.key = key;
        }

        /** The dotted key path, e.g. {@code stages.implement.prompt}. */
        String path() {
            return path;
        }

        /** {@code file:line:column} of this value. */
        String where() {
            return config.file + ":" + line(node) + ":" + column(node);
        }

        /** An error about this value: where it is, what is wrong, what to do. */
        ConfigException problem(String whatIsWrongAndWhatToDo) {
            return new ConfigException(where() + ": `" + path + "` " + whatIsWrongAndWhatToDo);
        }

        boolean isMapping() {
            return node == null || node instanceof MappingNode;
        }

        boolean isList() {
            return node instanceof SequenceNode;
        }

        /** A key of this mapping, absent when missing or null. */
        Optional<Entry> child(String key) {
            return Optional.ofNullable(children().get(key)).filter(c -> !c.isNull());
        }

        /** The keys and values of a mapping, in file order. */
        Map<String, Entry> children() {
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
                children.put(key.getValue(), new Entry(config, childPath, t.getValueNode(), key));
            }
            return children;
        }

        /** The items of a list; a single scalar counts as a list of one. */
        List<Entry> items() {
            if (node instanceof ScalarNode) {
                return List.of(this);
            }
            if (!(node instanceof SequenceNode seq)) {
                throw problem("must be a list ([a, b] or - lines)");
            }
            List<Entry> items = new ArrayList<>();
            for (int i = 0; i < seq.getValue().size(); i++) {
                items.add(new Entry(config, path + "[" + i + "]", seq.getValue().get(i), null));
            }
            return items;
        }

        /** The value as text. */
        String text() {
            if (!(node instanceof ScalarNode scalar)) {
                throw problem("must be a single value, not a " + (node instanceof SequenceNode ? "list" : "mapping"));
            }
            return scalar.getValue();
        }

        /** The items as texts. */
        List<String> texts() {
            return items().stream().map(Entry::text).toList();
        }

        /** The value as a whole number, at least {@code min}. */
        int integer(int min) {
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

        /** The value as a duration ({@link DurationSyntax}). */
        java.time.Duration duration() {
            try {
                return DurationSyntax.parse(text());
            } catch (IllegalArgumentException e) {
                throw problem("is '" + text().strip() + "', not a duration (" + e.getMessage() + "); " + DurationSyntax.FORMS);
            }
        }

        /** The value as a duration ({@link DurationSyntax}), at least {@code min}. */
        java.time.Duration duration(java.time.Duration min) {
            java.time.Duration value = duration();
            if (value.compareTo(min) < 0) {
                throw problem("is " + text().strip() + "; it must be at least " + min.toString().substring(2)
                        .toLowerCase(Locale.ROOT));
            }
            return value;
        }

        /** The value as a boolean ({@code true/false/yes/no/on/off}). */
        boolean bool() {
            return switch (text().strip().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on" -> true;
                case "false", "no", "off" -> false;
                default -> throw problem("is '" + text() + "'; it must be true or false");
            };
        }

        /** The value as one of the given choices, compared without case. */
        String choice(String... choices) {
            String t = text().strip();
            for (String c : choices) {
                if (c.equalsIgnoreCase(t)) {
                    return c;
                }
            }
            throw problem("is '" + t + "'; it must be one of " + String.join(", ", choices));
        }

        /**
         * Rejects keys other than the given ones: a typo must not pass silently. The message names
         * the key, where it is, the known key it most likely means, and the others.
         */
        Entry onlyKeys(String... allowed) {
            List<String> ok = List.of(allowed);
            for (Map.Entry<String, Entry> c : children().entrySet()) {
                if (!ok.contains(c.getKey())) {
                    String suggestion = closest(c.getKey(), ok).map(k -> "; did you mean `" + k + "`?").orElse(".")
                            + " Known here: " + String.join(", ", ok);
                    throw new ConfigException(c.getValue().keyWhere() + ": `" + c.getValue().path
                            + "` is not a known setting" + suggestion);
                }
            }
            return this;
        }

        /** {@code file:line:column} of the key this value stands under (of the value, for a list item). */
        String keyWhere() {
            return key == null ? where() : config.file + ":" + line(key) + ":" + column(key);
        }

        private boolean isNull() {
            return node instanceof ScalarNode s && s.getTag().getValue().endsWith(":null");
        }
    }

    /**
     * The known name a typo most likely meant: the one within two edits (a dropped, added, swapped
     * or changed letter, or the other of {@code -} and {@code _}), nearest first.
     */
    static Optional<String> closest(String typed, List<String> known) {
        String t = typed.toLowerCase(Locale.ROOT).replace('-', '_');
        return known.stream()
                .filter(k -> distance(t, k.toLowerCase(Locale.ROOT).replace('-', '_')) <= Math.max(1, Math.min(2,
                        k.length() / 3)))
                .min(Comparator.comparingInt(k -> distance(t, k.toLowerCase(Locale.ROOT).replace('-', '_'))));
    }

    /** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
