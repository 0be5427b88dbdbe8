package dev.wvo.fs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The JSON of the state's record files (worker and pool records, attempts, the merge queue, the
 * rate-limit board, announcements): indented, as they have always been written, since people
 * read them and keep them in git. One mapper for all of them, made on first use rather than when
 * a record's class is: {@code wvo status} looks into record directories that are empty on most
 * states, and a fresh JVM's first {@code ObjectMapper} costs tens of milliseconds (the JDK's date
 * and locale set-up that Jackson's default date format asks for).
 */
public final class RecordJson {

    private RecordJson() {
    }

    /** The shared mapper; configured once here and never after, so it is safe to share between threads. */
    public static ObjectMapper mapper() {
        return Made.MAPPER;
    }

    /** The holder idiom: the JVM initialises this class, and so makes the mapper, at the first {@link #mapper()}. */
    private static final class Made {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }
}
