package dev.wvo.roadmap;

/**
 * A change of the roadmap that the store refused because the text it would write does not read:
 * nothing was written, and the file as it is reads well. Not a {@link RoadmapException}, which
 * says the file itself cannot be used (and which a worker waits on, for a person mid-edit): this
 * one is the change's, and waiting does not help.
 */
public final class RoadmapChangeRefused extends RuntimeException {

    RoadmapChangeRefused(String message, RoadmapException unreadable) {
        super(message, unreadable);
    }
}
