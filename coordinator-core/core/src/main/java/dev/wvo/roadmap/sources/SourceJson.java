package dev.wvo.roadmap.sources;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.wvo.fs.TextFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the formats share: one Jackson mapper that binds a record to its format's model without
 * coercing ({@code "priority": "2"} is a mistake to report, not a number), the text of a source
 * file, and Jackson's complaints put in the words of the file's author.
 */
final class SourceJson {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** Tracker exports are data, not settings: far bigger than a configuration, still read whole. */
    private static final int MAX_BYTES = 256 * 1024 * 1024;
    /** Where Jackson says an unclosed object or array began, with the source it read (REDACTED by default). */
    private static final Pattern START_MARKER = Pattern.compile(
            "\\s*\\(start marker at \\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]\\)");
    private static final Pattern SOURCE = Pattern.compile("\\s*(at )?\\[Source: [^\\]]*\\]");

    private SourceJson() {
    }

    /** The file's text; a problem with the file as a whole (missing, binary, not UTF-8) is its first problem. */
    static String text(Path file) {
        try {
            return TextFile.read(file, MAX_BYTES).orElseThrow(() -> new SourceFileException(List.of(
                    new SourceProblem(file, 1, "no such file; give the path of the export to import"))));
        } catch (TextFile.Unreadable e) {
            throw new SourceFileException(List.of(new SourceProblem(file, e.problem().line(), e.problem().problem())));
        }
    }

    /**
     * The record bound to its model, or null with its problem added: a field of the wrong type said
     * as what it must be.
     *
     * @param what how the message starts, naming the kind of record ({@code "a user story: "}), or empty
     */
    static <T> T bind(Path file, int line, JsonNode record, Class<T> model, String what, List<SourceProblem> problems) {
        try {
            return MAPPER.treeToValue(record, model);
        } catch (JsonMappingException e) {
            problems.add(new SourceProblem(file, line, what + wrongType(e) + "; fix the record"));
        } catch (JsonProcessingException e) {
            problems.add(malformed(file, e));
        }
        return null;
    }

    /** A record that does not fit its model, said as what the field must be. */
    private static String wrongType(JsonMappingException e) {
        String field = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining()).replaceFirst("^\\.", "");
        if (!(e instanceof MismatchedInputException m) || m.getTargetType() == null) {
            return (field.isEmpty() ? "the record" : field) + ": " + e.getOriginalMessage();
        }
        Class<?> type = m.getTargetType();
        String wanted = type == Integer.class || type == int.class ? "a whole number"
                : type == Boolean.class || type == boolean.class ? "true or false"
                : type == String.class ? "a string"
                : Collection.class.isAssignableFrom(type) || type.isArray() ? "a list"
                : "an object";
        return (field.isEmpty() ? "the record" : field) + " must be " + wanted;
    }

    /** Malformed JSON, said with its line and column and the parser's reason without its source description. */
    static SourceProblem malformed(Path file, JsonProcessingException e) {
        int line = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNr());
        int column = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getColumnNr());
        return new SourceProblem(file, line, column, "not valid JSON: " + shortReason(e.getOriginalMessage())
                + "; fix the file, or export it again from its tracker");
    }

    /**
     * Jackson's reason with its location noise made plain: a start marker's {@code [Source: ...; line:
     * L, column: C]} becomes {@code line L, column C}, and nothing past the first line is kept.
     */
    static String shortReason(String original) {
        String reason = original == null ? "unreadable" : original.lines().findFirst().orElse("unreadable");
        reason = START_MARKER.matcher(reason).replaceAll(" (opened at line $1, column $2)");
        return SOURCE.matcher(reason).replaceAll("").strip();
    }

    /** A record's element of the array the parser stands on ({@code START_ARRAY}), with the line it starts on. */
    interface Element {
        void accept(int line, JsonNode record);
    }

    /** Reads the array the parser stands on element by element, each with the line where it starts. */
    static void eachElement(JsonParser parser, Element element) throws IOException {
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            int line = parser.currentTokenLocation().getLineNr();
            element.accept(line, parser.readValueAsTree());
        }
    }

    /**
     * The problem with an id, if any: ids become task ids and file names, typed by people and shown
     * on terminals.
     */
    static String idProblem(String what, String id) {
        if (id == null || id.isBlank()) {
            return what + " is missing or blank; give every record an id";
        }
        if (!id.strip().equals(id)) {
            return what + " '" + id + "' starts or ends with spaces; remove them";
        }
        if (id.chars().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
            return what + " has a control character, which nobody can type; leave it out";
        }
        return null;
    }
}
