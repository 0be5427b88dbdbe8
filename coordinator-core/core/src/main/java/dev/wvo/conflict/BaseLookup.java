package dev.wvo.conflict;

import java.io.IOException;
import java.util.Optional;

/** Where the detector finds the common base of a path when the attempts did not say. */
@FunctionalInterface
public interface BaseLookup {

    /** No base is known for any path. */
    BaseLookup NONE = path -> Optional.empty();

    /**
     * The content {@code path} had where the attempts started: empty bytes if the file did not
     * exist there, {@link Optional#empty()} if that is not known.
     */
    Optional<byte[]> baseOf(String path) throws IOException;
}
