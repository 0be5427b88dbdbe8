package dev.wvo.roadmap;

/**
 * A change of the roadmap that the store refused because the text it would write does not read,
 * or reads otherwise than the change meant: nothing was written, and the file as it is reads well. Not a {@link RoadmapException}, which
 * says the file itself cannot be used (and which a worker waits on, for a person mid-edit): this
 * one is the change's, and waiting does not help.
 */
public final class RoadmapChangeRefused extends RuntimeException {

    /** @param unreadable why the new text does not read; null when it reads, otherwise than meant */
    RoadmapChangeRefused(String message, RoadmapException unreadable) {
        super(message, unreadable);
    }
}
