package dev.wvo.doctor;

import dev.wvo.config.BackendSettings;
import dev.wvo.config.Config;

import dev.wvo.spi.AgentBackend;
import dev.wvo.spi.AgentOutcome;
import dev.wvo.spi.AgentRun;
import dev.wvo.spi.OutputSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AgentCheckTest {

    @TempDir
    Path dir;

    /** A backend that cannot edit under {@code mode: look}, and whose CLI starts. */
    private static final AgentBackend PICKY = new AgentBackend() {
        @Override
        public String name() {
            return "picky";
        }

        @Override
        public Availability availability() {
            return Availability.yes("/bin/picky");
        }

        @Override
        public Diagnosis diagnose(Map<String, String> settings, Map<String, String> environment) {
            List<String> cannot = "look".equals(settings.get("mode")) ? List.of("mode `look` only looks") : List.of();
            return new Diagnosis(true, "picky 1.2.3", cannot, List.of("PICKY_API_KEY is set"));
        }

        @Override
        public AgentOutcome run(AgentRun run, OutputSink output) {
            throw new AssertionError("doctor never runs an agent");
        }
    };

    @Test
    void everySettingThatCannotEdit_isNamed_perBackendAndProfile_withTheVersionAndCredentials() throws Exception {
        Path config = Files.writeString(dir.resolve("config.yaml"), """
                backends:
                  picky: {mode: write}
                profiles:
                  review:
                    picky: {mode: look}
                """);
        List<Finding> findings = new AgentCheck(List.of(PICKY), Config.read(config).backends()).run();
        assertThat(findings).extracting(Finding::check, Finding::status, Finding::detail).containsExactly(
                org.assertj.core.groups.Tuple.tuple("picky cli", Verdict.OK, "picky 1.2.3"),
                org.assertj.core.groups.Tuple.tuple("picky credentials", Verdict.OK, "PICKY_API_KEY is set"),
                org.assertj.core.groups.Tuple.tuple("picky can edit (settings)", Verdict.OK,
                        "an unattended agent can edit the work tree"),
                org.assertj.core.groups.Tuple.tuple("picky can edit (profile review)", Verdict.WARN, "mode `look` only looks"));
        assertThat(findings.get(3).fix()).contains("backends.picky under profiles.review");
    }

    @Test
    void aCliThatDoesNotStart_isAWarning_andNothingMoreIsAskedOfIt() {
        AgentBackend missing = new AgentBackend() {
            @Override
            public String name() {
                return "gone";
            }

            @Override
            public Availability availability() {
                return Availability.no("`gone` is not on the PATH");
            }

            @Override
            public AgentOutcome run(AgentRun run, OutputSink output) {
                throw new AssertionError();
            }
        };
        List<Finding> findings = new AgentCheck(List.of(missing), BackendSettings.NONE).run();
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(Verdict.WARN);
            assertThat(f.detail()).isEqualTo("`gone` is not on the PATH");
        });
    }
}
