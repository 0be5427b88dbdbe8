package dev.wvo.cli.agents;

import java.util.List;

/**
 * How the scripted API answers an agent's main-loop requests of one API. It sees each request's
 * conversation and its number among that API's main-loop requests (from 0).
 */
@FunctionalInterface
public interface Script {

    Reply replyTo(Conversation conversation, int requestNumber);

    /**
     * One reply per turn of the conversation (the number of tool results it holds), the last one
     * repeated: {@code steps(writeFile(...), text("Done"))} edits, then ends. Each agent's
     * conversation goes through the steps on its own, so several agents can share the script.
     */
    static Script steps(Reply... replies) {
        List<Reply> all = List.of(replies);
        return (conversation, number) -> all.get(Math.min(conversation.turn(), all.size() - 1));
    }

    /** One reply per request in arrival order, the last one repeated: {@code sequence(rateLimited(..), text(..))}. */
    static Script sequence(Reply... replies) {
        List<Reply> all = List.of(replies);
        return (conversation, number) -> all.get(Math.min(number, all.size() - 1));
    }

    /** The same reply to every request. */
    static Script always(Reply reply) {
        return (conversation, number) -> reply;
    }
}
