package dev.wvo.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.PrintWriter;

/** The JSON of every command's {@code --json}: one mapper, indented, one document per print. */
final class Json {

    /** Indented output; thread-safe once configured, as Jackson's mappers are. */
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    /** Prints {@code value} as one JSON document and a line end. */
    static void print(PrintWriter out, Object value) {
        try {
            out.println(MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON of " + value.getClass().getSimpleName() + ": "
                    + e.getMessage(), e);
        }
        out.flush();
    }
}
