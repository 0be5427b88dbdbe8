package dev.wvo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wvo.accounts.CostLedger;
import dev.wvo.accounts.UsageRecord;
import dev.wvo.events.EventLog;
import dev.wvo.spi.Usage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After {@code wvo task reset}, a task's budget counts only the runs of its later attempts, as
 * the worker counts them: {@code wvo cost} and {@code wvo status} compare the same runs with the
 * budget, while their cost columns still sum every run of the task.
 */
class TaskBudgetAfterResetTest {

    @TempDir
    Path dir;

    @Test
    void costAndStatus_compareTheBudgetWithTheRunsSinceTheReset() throws IOException {
        Path state = dir.resolve("state");
        Path roadmap = dir.resolve("roadmap.yaml");
        Files.writeString(roadmap, """
                version: 2
                tasks:
                  - id: T-1
                    title: Spent its budget, then reset
                    status: pending
                    attempts: 2
                    budget: $1.00
                    budget_from_attempt: 3
                """);
        assertThat(Cli.inState(state, "init", "--from", roadmap.toString()).exitCode()).isZero();
        CostLedger ledger = new CostLedger(new EventLog(state.resolve("events.jsonl")));
        run(ledger, 1, 0.80);
        run(ledger, 2, 0.70); // $1.50 before the reset: the budget was reached then

        assertBudget(state, false, "$0.00 of $1.00 since the reset", 1.50);

        run(ledger, 3, 0.30);
        assertBudget(state, false, "$0.30 of $1.00 since the reset", 1.80);

        run(ledger, 3, 0.75);
        assertBudget(state, true, "$1.05 of $1.00 since the reset reached", 2.55);
    }

    private static void assertBudget(Path state, boolean reached, String text, double total) throws IOException {
        JsonNode cost = Cli.json(state, "cost", "--json").get("groups").get(0);
        assertThat(cost.get("budget").asText()).isEqualTo("$1.00");
        assertThat(cost.get("budget_reached").asBoolean()).isEqualTo(reached);
        assertThat(cost.get("cost_usd").asDouble()).isEqualTo(total, org.assertj.core.data.Offset.offset(1e-9));
        JsonNode status = Cli.json(state, "status", "--json").get("cost").get("by_task").get(0);
        assertThat(status.get("budget_reached").asBoolean()).isEqualTo(reached);
        Cli.Result table = Cli.inState(state, "--no-color", "cost");
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).contains(text);
    }

    private static void run(CostLedger ledger, int attempt, double usd) {
        ledger.record(new UsageRecord(Instant.parse("2026-12-06T04:00:00Z"), "worker1", "T-1", attempt, 1, "claude",
                null, null, "success", new Usage("sonnet", 1000, 100, 0, 0, usd)));
    }
}
