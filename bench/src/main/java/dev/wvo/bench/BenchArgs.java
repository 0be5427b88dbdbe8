package dev.wvo.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} options of the harness mains, each with a default. */
final class BenchArgs {

    private final Map<String, String> values = new HashMap<>();

    BenchArgs(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("expected '--name value' pairs, got '" + args[i] + "'");
            }
            values.put(args[i].substring(2), args[++i]);
        }
    }

    int integer(String name, int defaultValue) {
        return values.containsKey(name) ? Integer.parseInt(values.get(name)) : defaultValue;
    }

    String text(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    /** A range {@code min-max}, e.g. {@code --hold-ms 2-12}. */
    long[] range(String name, long defaultMin, long defaultMax) {
        if (!values.containsKey(name)) {
            return new long[] {defaultMin, defaultMax};
        }
        String[] parts = values.get(name).split("-", 2);
        return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[parts.length - 1])};
    }
}
