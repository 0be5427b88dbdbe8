package dev.wvo.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stage's prompt with {@code {{placeholders}}}: {@code {{task.id}}}, {@code {{task.title}}},
 * {@code {{task.description}}}, {@code {{task.exit_criteria}}} (one {@code - } line each),
 * {@code {{task.prompt}}}, {@code {{stage.name}}}, {@code {{stage.number}}}, {@code {{stage.count}}},
 * {@code {{previous}}} (what earlier stages reported), {@code {{worker}}}, {@code {{attempt}}} and
 * {@code {{context}}} (the shared notes). Names are checked when the template is read, so a typo
 * is a configuration error, not a prompt with a hole in it.
 */
public final class PromptTemplate {

    /** Every placeholder a template may use. */
    public static final Set<String> PLACEHOLDERS = Set.of("task.id", "task.title", "task.description",
            "task.exit_criteria", "task.prompt", "stage.name", "stage.number", "stage.count", "previous", "worker",
            "attempt", "context");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_.]+)\\s*}}");

    private final String text;

    private PromptTemplate(String text) {
        this.text = text;
    }

    /**
     * @throws IllegalArgumentException naming the unknown placeholders and the known ones
     */
    public static PromptTemplate parse(String text) {
        Set<String> unknown = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            if (!PLACEHOLDERS.contains(m.group(1))) {
                unknown.add("{{" + m.group(1) + "}}");
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("uses unknown placeholder" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + "; known: "
                    + String.join(", ", new TreeSet<>(PLACEHOLDERS).stream().map(p -> "{{" + p + "}}").toList()));
        }
        return new PromptTemplate(text);
    }

    /** The template as written. */
    public String text() {
        return text;
    }

    /** Whether the template places this placeholder somewhere. */
    public boolean uses(String placeholder) {
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(placeholder)) {
                return true;
            }
        }
        return false;
    }

    /** The text with every placeholder replaced by its value; a missing value is empty. */
    public String render(Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(m.group(1), "")));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Lines as a Markdown list, one {@code - } line each: how lists fill a placeholder. */
    public static String bullets(List<String> lines) {
        List<String> out = new ArrayList<>();
        lines.forEach(l -> out.add("- " + l.strip()));
        return String.join("\n", out);
    }
}
