package dev.wvo.context;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The context file as a preamble and {@code ## } sections with distinct headings, in canonical
 * form: sections that repeat a heading are merged into one at the place of the first, update
 * logs are de-duplicated, sorted and capped, blank lines at the edges of sections are dropped.
 * Rendering a parsed document and parsing it again gives the same document.
 *
 * @param preamble the lines before the first heading, without blank lines at the edges
 * @param sections the sections in file order, each heading once
 */
public record ContextDocument(List<String> preamble, List<Section> sections) {

    private static final String HEADING_PREFIX = "## ";

    public ContextDocument {
        preamble = ContextText.stripBlankEdges(preamble);
        sections = List.copyOf(sections);
    }

    /**
     * Parses text into canonical form. A heading is a line starting with {@code "## "}; deeper
     * headings ({@code ### }) are body lines. Repeated non-log sections keep each distinct body
     * once, in order, separated by a blank line; repeated update logs merge their entries.
     */
    public static ContextDocument parse(String text, ContextMergeConfig config) {
        Objects.requireNonNull(text, "text");
        List<String> preamble = new ArrayList<>();
        Map<String, List<List<String>>> occurrences = new LinkedHashMap<>();
        List<String> current = preamble;
        for (String line : ContextText.lines(text)) {
            if (line.startsWith(HEADING_PREFIX)) {
                current = new ArrayList<>();
                occurrences.computeIfAbsent(line.substring(HEADING_PREFIX.length()).strip(),
                        heading -> new ArrayList<>()).add(current);
            } else {
                current.add(line);
            }
        }
        List<Section> sections = new ArrayList<>(occurrences.size());
        occurrences.forEach((heading, bodies) -> sections.add(new Section(heading,
                config.isLogSection(heading) ? mergeLogBodies(bodies, config) : joinDistinct(bodies))));
        return new ContextDocument(preamble, sections);
    }

    /** The section with this heading (exact text after {@code "## "}, surrounding spaces ignored). */
    public Optional<Section> section(String heading) {
        String wanted = heading.strip();
        return sections.stream().filter(s -> s.heading().equals(wanted)).findFirst();
    }

    public List<String> headings() {
        return sections.stream().map(Section::heading).toList();
    }

    /** The canonical text: sections separated by one blank line, ending in a newline. */
    public String render() {
        StringBuilder out = new StringBuilder();
        for (String line : preamble) {
            out.append(line).append('\n');
        }
        for (Section section : sections) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(HEADING_PREFIX).append(section.heading()).append('\n');
            for (String line : section.body()) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    private static List<String> mergeLogBodies(List<List<String>> bodies, ContextMergeConfig config) {
        List<List<LogItem>> sources = bodies.stream().map(UpdateLog::parse).toList();
        return UpdateLog.render(UpdateLog.merge(sources, Set.of(), config.maxEntries()));
    }

    private static List<String> joinDistinct(List<List<String>> bodies) {
        List<List<String>> distinct = new ArrayList<>();
        for (List<String> body : bodies) {
            List<String> stripped = ContextText.stripBlankEdges(body);
            if (!stripped.isEmpty() && !distinct.contains(stripped)) {
                distinct.add(stripped);
            }
        }
        List<String> joined = new ArrayList<>();
        for (List<String> body : distinct) {
            if (!joined.isEmpty()) {
                joined.add("");
            }
            joined.addAll(body);
        }
        return joined;
    }
}
