package dev.wvo.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CompletionTest {

    @ParameterizedTest
    @ValueSource(strings = {"bash", "zsh"})
    void completion_printsAScriptThatKnowsEveryCommand(String shell) {
        Cli.Result r = Cli.run(Map.of(), "completion", shell);
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("#!/usr/bin/env bash")
                .contains("complete -F _complete_wvo")
                .contains("bashcompinit")
                .contains("exec").contains("list").contains("break").contains("--timeout");
    }

    @Test
    void completion_unknownShell_isAUsageError() {
        Cli.Result r = Cli.run(Map.of(), "completion", "fish");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("expected one of [bash, zsh]");
    }
}
