package dev.wvo.cli.agents;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test that runs the real {@code claude} and {@code codex}: skipped, with what is missing and
 * what to do, when they are not installed; failed instead where {@code WVO_REQUIRE_AGENT_CLIS} is
 * set (CI), so that a broken install cannot pass for a green build.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresAgentClis.Condition.class)
public @interface RequiresAgentClis {

    /** Decides before each test class or method. */
    final class Condition implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return AgentClis.whyMissing()
                    .map(why -> AgentClis.required()
                            ? ConditionEvaluationResult.enabled("required by " + AgentClis.REQUIRED_ENV + ": " + why)
                            : ConditionEvaluationResult.disabled("skipped: " + why))
                    .orElseGet(() -> ConditionEvaluationResult.enabled("the agent CLIs are installed"));
        }
    }
}
