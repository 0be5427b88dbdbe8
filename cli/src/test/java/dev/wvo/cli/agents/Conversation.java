package dev.wvo.cli.agents;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a scripted reply may depend on, read from one request: the user's text, how many tool
 * results came back so far (the turn), and where the agent works. A script that answers by turn
 * and prompt serves several agents at once, since each request carries its whole conversation.
 *
 * @param api              the API of the request
 * @param userText         every text the user side sent, joined by newlines (the prompt is in it)
 * @param turn             the number of tool results in the request: 0 for the first call of a run
 * @param toolResults      the text of each tool result, in order
 * @param workingDirectory the agent's working directory as it told the model, or null
 */
public record Conversation(Api api, String userText, int turn, List<String> toolResults, String workingDirectory) {

    private static final Pattern CLAUDE_CWD = Pattern.compile("Primary working directory: (\\S+)");
    private static final Pattern CODEX_CWD = Pattern.compile("<cwd>([^<]+)</cwd>");

    public Conversation {
        toolResults = List.copyOf(toolResults);
    }

    static Conversation of(Api api, JsonNode body) {
        StringBuilder user = new StringBuilder();
        List<String> results = new ArrayList<>();
        String cwd = null;
        if (api == Api.ANTHROPIC) {
            cwd = find(CLAUDE_CWD, textOf(body.path("system")));
            for (JsonNode message : body.path("messages")) {
                if (!"user".equals(message.path("role").asText())) {
                    continue;
                }
                JsonNode content = message.path("content");
                if (content.isTextual()) {
                    user.append(content.asText()).append('\n');
                }
                for (JsonNode block : content) {
                    switch (block.path("type").asText()) {
                        case "text" -> user.append(block.path("text").asText()).append('\n');
                        case "tool_result" -> results.add(textOf(block.path("content")));
                        default -> {
                            // images and documents are not scripted on
                        }
                    }
                }
            }
        } else if (api == Api.OPENAI) {
            for (JsonNode item : body.path("input")) {
                String type = item.path("type").asText();
                if (type.endsWith("_call_output")) {
                    results.add(textOf(item.path("output")));
                } else if ("message".equals(type) && "user".equals(item.path("role").asText())) {
                    String text = textOf(item.path("content"));
                    cwd = cwd == null ? find(CODEX_CWD, text) : cwd;
                    user.append(text).append('\n');
                }
            }
        }
        return new Conversation(api, user.toString(), results.size(), results, cwd);
    }

    /** The last tool result's text, or empty before the first. */
    public String lastToolResult() {
        return toolResults.isEmpty() ? "" : toolResults.get(toolResults.size() - 1);
    }

    private static String textOf(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            text.append(part.isTextual() ? part.asText() : part.path("text").asText());
        }
        return text.toString();
    }

    private static String find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(1).strip() : null;
    }
}
