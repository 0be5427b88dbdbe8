package dev.wvo.cli.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.PrintWriter;

/** The JSON of every command's {@code --json}: one mapper, indented, one document per print. */
public final class Json {

    /** Indented output; thread-safe once configured, as Jackson's mappers are. */
    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** The same mapper writing on one line, for JSON inside a line of text. */
    public static final ObjectWriter COMPACT = MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    /** Prints {@code value} as one JSON document and a line end. */
    public static void print(PrintWriter out, Object value) {
        try {
            out.println(MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON of " + value.getClass().getSimpleName() + ": "
                    + e.getMessage(), e);
        }
        out.flush();
    }
}
