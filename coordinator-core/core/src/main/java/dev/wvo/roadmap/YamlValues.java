package dev.wvo.roadmap;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Turns YAML nodes into plain values (strings, numbers, booleans, lists, ordered maps) and back into YAML text. */
final class YamlValues {

    /**
     * What may stay a plain scalar, before the checks for what YAML would read otherwise. Compiled
     * once: {@code String.matches} compiled it at every scalar a roadmap edit writes (~600 in a
     * 12-task run).
     */
    private static final Pattern PLAIN_SAFE = Pattern.compile("[A-Za-z_][A-Za-z0-9_ .:/@()+-]*");

    private YamlValues() {
    }

    static Object valueOf(Node node) {
        if (node instanceof ScalarNode s) {
            Tag tag = s.getTag();
            String text = s.getValue();
            try {
                if (Tag.NULL.equals(tag)) {
                    return null;
                }
                if (Tag.BOOL.equals(tag)) {
                    return Boolean.parseBoolean(text.toLowerCase(java.util.Locale.ROOT));
                }
                if (Tag.INT.equals(tag)) {
                    return Long.parseLong(text.replace("_", ""));
                }
                if (Tag.FLOAT.equals(tag)) {
                    return Double.parseDouble(text.replace("_", ""));
                }
            } catch (NumberFormatException e) {
                return text; // 0x1F, 0o17, sexagesimal: keep the text as written
            }
            return text;
        }
        if (node instanceof SequenceNode seq) {
            List<Object> list = new ArrayList<>();
            seq.getValue().forEach(n -> list.add(valueOf(n)));
            return list;
        }
        if (node instanceof MappingNode map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (NodeTuple t : map.getValue()) {
                out.put(keyOf(t), valueOf(t.getValueNode()));
            }
            return out;
        }
        return null;
    }

    /**
     * A mapping's key as text. Scalar keys are interned: the parser makes a string per key it meets,
     * and a 10,000-task roadmap kept 80,000 copies of its eight field names (~4 MB) for as long as
     * a worker kept it; {@link TaskMarks} interns them too, so both hold the one copy.
     */
    static String keyOf(NodeTuple tuple) {
        return tuple.getKeyNode() instanceof ScalarNode s ? s.getValue().intern() : String.valueOf(valueOf(tuple.getKeyNode()));
    }

    /** A scalar as YAML text: plain when that reads back as the same string, else double-quoted. */
    static String scalar(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Boolean || value instanceof Integer || value instanceof Long || value instanceof Double) {
            return value.toString();
        }
        String s = value.toString();
        return isPlainSafe(s) ? s : quoted(s);
    }

    private static boolean isPlainSafe(String s) {
        if (s.isEmpty() || !PLAIN_SAFE.matcher(s).matches() || s.endsWith(" ") || s.endsWith(":")
                || s.contains(": ") || s.contains(" #")) {
            return false;
        }
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        return !List.of("true", "false", "yes", "no", "on", "off", "null", "y", "n", "~").contains(lower);
    }

    static String quoted(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    // escaped: what YAML does not allow as it is (controls, C1 included) and what it reads
                    // as a line break and folds into a blank (U+0085, U+2028, U+2029): a result's summary
                    // with a NEL read back otherwise than written
                    if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else if (c == '\u2028' || c == '\u2029' || c == '\uFFFE' || c == '\uFFFF') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /**
     * A value as the text that follows {@code key:} at the given indentation: a scalar on the same
     * line ({@code " done"}), or a block on the following lines for non-empty lists and maps.
     */
    static String afterKey(Object value, int indent) {
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            return "\n" + block(map, indent + 2);
        }
        if (value instanceof List<?> list && !list.isEmpty()) {
            return "\n" + block(list, indent + 2);
        }
        if (value instanceof Map<?, ?>) {
            return " {}";
        }
        if (value instanceof List<?>) {
            return " []";
        }
        return " " + scalar(value);
    }

    /** Block YAML for a map or list, every line indented by {@code indent}, no trailing newline. */
    static String block(Object value, int indent) {
        String pad = " ".repeat(indent);
        List<String> lines = new ArrayList<>();
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                lines.add(pad + scalar(e.getKey()) + ":" + afterKey(e.getValue(), indent));
            }
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> m && !m.isEmpty()) {
                    // "- " then the map's first line; its other lines line up under the first key
                    String inner = block(m, indent + 2);
                    lines.add(pad + "- " + inner.substring(indent + 2));
                } else {
                    lines.add(pad + "-" + afterKey(item, indent));
                }
            }
        }
        return String.join("\n", lines);
    }
}
