package dev.basalt.cli;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.basalt.core.StreamEvent;
import java.util.List;
import java.util.Map;

/**
 * Small JSON writer for the CLI's script output: a one-shot answer does not wait for Jackson's
 * ObjectMapper to be built, only for its string encoder (one small class of jackson-core).
 */
final class JsonLine {

    private JsonLine() {
    }

    static String event(StreamEvent event) {
        if (event instanceof StreamEvent.TextDelta d) {
            return object("type", "text_delta", "index", d.index(), "text", d.text());
        }
        if (event instanceof StreamEvent.ReasoningDelta d) {
            return object("type", "reasoning_delta", "index", d.index(), "text", d.text());
        }
        if (event instanceof StreamEvent.ToolUseStart s) {
            return object("type", "tool_use_start", "index", s.index(), "id", s.toolUseId(), "name", s.name());
        }
        if (event instanceof StreamEvent.ToolInputDelta d) {
            return object("type", "tool_input_delta", "index", d.index(), "json", d.partialJson());
        }
        if (event instanceof StreamEvent.BlockStop s) {
            return object("type", "block_stop", "index", s.index());
        }
        if (event instanceof StreamEvent.MessageStop s) {
            return object("type", "message_stop", "stop_reason", s.stopReason().wireName());
        }
        if (event instanceof StreamEvent.RedactedReasoningDelta d) {
            return object("type", "redacted_reasoning_delta", "index", d.index(), "bytes", d.data().length);
        }
        if (event instanceof StreamEvent.Metadata m) {
            if (m.guardrailTrace() != null) {
                return object("type", "metadata", "input_tokens", m.usage().inputTokens(), "output_tokens",
                        m.usage().outputTokens(), "latency_ms", m.latencyMs(), "guardrail_trace", new Raw(m.guardrailTrace()));
            }
            return object("type", "metadata", "input_tokens", m.usage().inputTokens(), "output_tokens", m.usage().outputTokens(),
                    "latency_ms", m.latencyMs());
        }
        return object("type", "message_start");
    }

    /** {@code object("a", 1, "b", "x")} -> {"a":1,"b":"x"}. */
    static String object(Object... keysAndValues) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (i > 0) {
                out.append(',');
            }
            string(String.valueOf(keysAndValues[i]), out);
            out.append(':');
            value(keysAndValues[i + 1], out);
        }
        return out.append('}').toString();
    }

    /** The map's entries, in its order, as one object. */
    static String object(Map<?, ?> fields) {
        Object[] flat = new Object[fields.size() * 2];
        int i = 0;
        for (Map.Entry<?, ?> e : fields.entrySet()) {
            flat[i++] = e.getKey();
            flat[i++] = e.getValue();
        }
        return object(flat);
    }

    /** JSON text written as it is (the provider's own JSON, such as a guardrail trace). */
    record Raw(String json) {}

    /**
     * {@code text} as JSON when it is one JSON value (a tool input the model sent), written compactly
     * so the line stays one line; else as a string: a model may send input that is not JSON.
     */
    static Object rawIfJson(String text) {
        com.fasterxml.jackson.core.JsonFactory factory = new com.fasterxml.jackson.core.JsonFactory();
        java.io.StringWriter compact = new java.io.StringWriter();
        try (com.fasterxml.jackson.core.JsonParser parser = factory.createParser(text);
             com.fasterxml.jackson.core.JsonGenerator generator = factory.createGenerator(compact)) {
            if (parser.nextToken() == null) {
                return text;
            }
            generator.copyCurrentStructure(parser);
            if (parser.nextToken() != null) {
                return text;
            }
        } catch (java.io.IOException e) {
            return text;
        }
        return new Raw(compact.toString());
    }

    private static void value(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Raw raw) {
            out.append(raw.json());
        } else if (value instanceof Double d) {
            // JSON has no exponent-free requirement, but scripts read 0.00003 more easily than 3.0E-5.
            out.append(java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString());
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            out.append(object(map));
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                value(list.get(i), out);
            }
            out.append(']');
        } else {
            string(value.toString(), out);
        }
    }

    private static void string(String text, StringBuilder out) {
        out.append('"');
        JsonStringEncoder.getInstance().quoteAsString(text, out);
        out.append('"');
    }
}
