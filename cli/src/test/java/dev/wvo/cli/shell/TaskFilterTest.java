package dev.wvo.cli.shell;

import dev.wvo.status.StatusSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The tasks panel's filter, as typed after {@code /}. */
class TaskFilterTest {

    @Test
    void filter_matchesFieldsExactly_andWordsAnywhere_andRefusesUnknownKeys() {
        var task = new StatusSnapshot.TaskLine("api-login", "Write the login API", "pending", null, 0, 3,
                List.of(), List.of(), "auth", "api", "waits for db-schema (pending)");

        assertThat(TaskFilter.parse("status:pending domain:API").matches(task)).isTrue();
        assertThat(TaskFilter.parse("epic:auth db-schema").matches(task)).isTrue();
        assertThat(TaskFilter.parse("status:pend").matches(task)).isFalse();
        assertThat(TaskFilter.parse("LOGIN").matches(task)).isTrue();
        assertThat(TaskFilter.parse("").isEmpty()).isTrue();
        assertThatThrownBy(() -> TaskFilter.parse("owner:me"))
                .hasMessage("unknown filter key 'owner'; use status:, epic:, domain:, worker: or free words");
    }
}
