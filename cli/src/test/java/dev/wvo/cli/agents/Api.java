package dev.wvo.cli.agents;

/** The two model APIs the scripted server speaks. */
public enum Api {
    /** Anthropic's Messages API, as Claude Code calls it ({@code POST /v1/messages}). */
    ANTHROPIC,
    /** OpenAI's Responses API, as Codex calls it ({@code POST /v1/responses}). */
    OPENAI
}
