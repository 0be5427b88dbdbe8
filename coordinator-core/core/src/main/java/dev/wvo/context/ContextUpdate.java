package dev.wvo.context;

import java.util.Objects;

/**
 * An agent's change to the context file: the text it started from and the text it wants.
 *
 * @param base   the context file as the agent read it (empty if there was none)
 * @param edited the agent's edited copy
 */
public record ContextUpdate(String base, String edited) {

    public ContextUpdate {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(edited, "edited");
    }
}
