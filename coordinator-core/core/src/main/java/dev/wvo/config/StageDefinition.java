package dev.wvo.config;

/**
 * One stage as {@code state/config.yaml} defines it under {@code stages:}.
 *
 * @param name    the stage's name, as tasks and pipelines list it
 * @param prompt  its prompt template, or null for wvo's usual prompt with the stage named in it
 * @param agent   the backend that runs it, or null for the worker's own
 * @param command a shell command run by the {@code shell} backend instead of an agent, or null
 * @param where   {@code config.yaml:line:column} of the definition, for messages
 */
public record StageDefinition(String name, PromptTemplate prompt, String agent, String command, String where) {

    /** The backend that runs this stage: {@code shell} for a command, the stage's agent, else the worker's. */
    public String backendOr(String workerAgent) {
        if (command != null) {
            return "shell";
        }
        return agent != null ? agent : workerAgent;
    }
}
