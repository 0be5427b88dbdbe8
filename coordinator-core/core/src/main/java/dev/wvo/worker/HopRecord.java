package dev.wvo.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wvo.accounts.Account;
import dev.wvo.accounts.UsageFields;
import dev.wvo.spi.AgentOutcome;
import dev.wvo.spi.Usage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One agent run within an attempt, as {@code attempt.json} lists it under {@code hops}: an
 * attempt whose backend hits a usage or rate limit goes on with the next backend of the chain,
 * and each such hop keeps its own record and its own artifacts folder ({@code prompt.txt},
 * {@code output.log}): the attempt's folder for the first, {@code hop-N-BACKEND/} for the others.
 *
 * @param number     which hop, from 1
 * @param stage      the pipeline stage it ran, or null
 * @param backend    the backend that ran it
 * @param account    the account it ran on ({@code claude:work}, or the backend's name for its default account)
 * @param profile    the configuration profile of the worker, or null
 * @param startedAt  when it started
 * @param finishedAt when it ended
 * @param outcome    how it ended ({@code success}, {@code rate_limited}, {@code refused}, ...)
 * @param summary    its summary, masked like its output
 * @param sessionId  the agent's session, or null
 * @param usage      tokens and cost as the CLI reported them
 * @param refusals   what the agent's permissions or sandbox refused
 * @param argv       the command line that ran, the prompt as {@code <prompt>}
 * @param artifacts  its folder, relative to the attempt's
 */
record HopRecord(int number, String stage, String backend, String account, String profile, Instant startedAt, Instant finishedAt,
                 String outcome, String summary, String sessionId, Usage usage, List<String> refusals, List<String> argv,
                 String artifacts) {

    HopRecord {
        refusals = List.copyOf(refusals);
        argv = List.copyOf(argv);
    }

    static HopRecord of(int number, String stage, Account account, String profile, Instant startedAt, Instant finishedAt,
                        AgentOutcome outcome, String summary, String artifacts) {
        return new HopRecord(number, stage, account.backend(), account.id(), profile, startedAt, finishedAt, outcomeName(outcome.status()), summary,
                outcome.sessionId(), outcome.usage(), outcome.refusals(), outcome.argv(), artifacts);
    }

    /** The name an outcome goes by in records and events: {@code rate_limited}, {@code no_changes}, ... */
    static String outcomeName(AgentOutcome.Status status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    void writeTo(ObjectNode n) {
        n.put("hop", number);
        if (stage != null) {
            n.put("stage", stage);
        }
        n.put("backend", backend);
        n.put("account", account);
        n.put("model", usage.model());
        n.put("profile", profile);
        n.put("started_at", startedAt.toString());
        n.put("finished_at", finishedAt.toString());
        n.put("outcome", outcome);
        n.put("summary", summary);
        n.put("session_id", sessionId);
        UsageFields.put(n.putObject("usage"), usage);
        refusals.forEach(n.putArray("refusals")::add);
        argv.forEach(n.putArray("argv")::add);
        n.put("artifacts", artifacts);
    }

    static HopRecord readFrom(JsonNode n) {
        Usage usage = UsageFields.read(n.path("usage"), text(n, "model"));
        String backend = n.path("backend").asText();
        return new HopRecord(n.path("hop").asInt(), text(n, "stage"), backend,
                n.hasNonNull("account") ? n.get("account").asText() : backend, text(n, "profile"),
                Instant.parse(n.path("started_at").asText()), Instant.parse(n.path("finished_at").asText()),
                n.path("outcome").asText(), text(n, "summary"), text(n, "session_id"), usage, strings(n.path("refusals")),
                strings(n.path("argv")), text(n, "artifacts"));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }
}
