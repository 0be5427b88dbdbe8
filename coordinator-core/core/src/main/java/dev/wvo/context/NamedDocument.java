package dev.wvo.context;

import java.util.Objects;

/**
 * A context document and the name that conflict markers show for it (a file name, "current").
 */
public record NamedDocument(String name, String text) {

    public NamedDocument {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text");
    }
}
