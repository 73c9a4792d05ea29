package dev.basalt.core;

/**
 * The input tokens of a request.
 *
 * @param estimated true when the model could not count them and the number is {@link #estimate}'s
 */
public record TokenCount(int tokens, boolean estimated) {

    /** Characters per token of the estimate: the usual rule of thumb for English text and code. */
    public static final int CHARS_PER_TOKEN = 4;

    public TokenCount {
        if (tokens < 0) {
            throw new IllegalArgumentException("tokens cannot be negative");
        }
    }

    public static TokenCount exact(int tokens) {
        return new TokenCount(tokens, false);
    }

    /**
     * An estimate for a model that cannot count: the characters of the system prompt, every message's
     * text, reasoning, tool inputs and tool results, and the tools' names, descriptions and schemas,
     * divided by {@value #CHARS_PER_TOKEN} and rounded up, at least 1. Images and documents are not
     * counted, so it runs low for requests that carry them; a model's real count differs by its
     * tokenizer, typically by tens of percent.
     */
    public static TokenCount estimate(ChatRequest request) {
        long chars = 0;
        for (String text : request.system()) {
            chars += text.length();
        }
        for (Message message : request.messages()) {
            for (Content content : message.content()) {
                chars += characters(content);
            }
        }
        for (ToolSpec tool : request.tools()) {
            chars += tool.name().length() + tool.description().length() + tool.inputSchemaJson().length();
        }
        long tokens = Math.max(1, (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN);
        return new TokenCount((int) Math.min(Integer.MAX_VALUE, tokens), true);
    }

    private static long characters(Content content) {
        if (content instanceof Content.Text text) {
            return text.text().length();
        }
        if (content instanceof Content.ToolResult result) {
            long chars = 0;
            for (Content inner : result.content()) {
                chars += characters(inner);
            }
            return chars;
        }
        if (content instanceof Content.ToolUse use) {
            return use.name().length() + use.inputJson().length();
        }
        if (content instanceof Content.Reasoning reasoning) {
            return reasoning.text().length();
        }
        return 0;   // images and documents: see estimate()
    }
}
