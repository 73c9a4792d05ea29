package dev.basalt.bedrock;

import dev.basalt.core.ChatResponse;
import dev.basalt.core.StopReason;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/**
 * The answer to a request with an {@link dev.basalt.core.OutputSchema}, parsed. Core hands the answer
 * over as JSON text ({@link ChatResponse#text()}), since it has no JSON library; this reads it with
 * the SDK's parser, which the provider loads anyway, into plain Java values: {@code Map<String, Object>}
 * (members in order), {@code List<Object>}, {@code String}, {@link BigDecimal}, {@code Boolean} and
 * {@code null}. Callers with a JSON library of their own can just parse {@link #json()}.
 *
 * <pre>{@code
 * JsonAnswer answer = JsonAnswer.of(model.chat(request));
 * String city = answer.string("city");
 * BigDecimal first = answer.number("temperatures", "0");
 * }</pre>
 *
 * Paths name object members and list indexes in turn. Accessors throw {@link IllegalArgumentException}
 * naming the path when it is missing or holds another type.
 */
public final class JsonAnswer {

    private static final JsonNodeParser PARSER = JsonNodeParser.create();

    private final String json;
    private final Object value;

    private JsonAnswer(String json, Object value) {
        this.json = json;
        this.value = value;
    }

    /**
     * The parsed answer of {@code response}.
     *
     * @throws IllegalStateException when the answer is not JSON, e.g. cut off at maxTokens or replaced by
     *     a guardrail's message; the message says which
     */
    public static JsonAnswer of(ChatResponse response) {
        if (response.stopReason() == StopReason.MAX_TOKENS) {
            throw new IllegalStateException("the JSON answer was cut off at maxTokens (raise maxTokens)");
        }
        try {
            return parse(response.text());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the answer is not JSON (stop reason " + response.stopReason().wireName()
                    + "): " + e.getMessage(), e);
        }
    }

    /** Parses JSON text. */
    public static JsonAnswer parse(String json) {
        Objects.requireNonNull(json, "json");
        JsonNode root;
        try {
            root = PARSER.parse(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not valid JSON: " + abbreviate(json), e);
        }
        return new JsonAnswer(json, toJava(root));
    }

    /** The JSON text as the model wrote it. */
    public String json() {
        return json;
    }

    /** The whole answer as a plain Java value. */
    public Object value() {
        return value;
    }

    /** True when {@code path} leads to a value (which may be JSON null). */
    public boolean has(String... path) {
        try {
            get(path);
            return true;
        } catch (IllegalArgumentException missing) {
            return false;
        }
    }

    /** The value at {@code path}; null for JSON null. */
    public Object get(String... path) {
        Object at = value;
        for (int i = 0; i < path.length; i++) {
            String step = path[i];
            if (at instanceof Map<?, ?> map && map.containsKey(step)) {
                at = map.get(step);
            } else if (at instanceof List<?> list && index(step, list.size()) >= 0) {
                at = list.get(index(step, list.size()));
            } else {
                throw new IllegalArgumentException("the answer has no " + String.join(".", List.of(path).subList(0, i + 1)));
            }
        }
        return at;
    }

    public String string(String... path) {
        return typed(String.class, "a string", path);
    }

    public BigDecimal number(String... path) {
        return typed(BigDecimal.class, "a number", path);
    }

    public boolean bool(String... path) {
        return typed(Boolean.class, "true or false", path);
    }

    @SuppressWarnings("unchecked")
    public List<Object> list(String... path) {
        return typed(List.class, "a list", path);
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> object(String... path) {
        return typed(Map.class, "an object", path);
    }

    @Override
    public String toString() {
        return json;
    }

    private <T> T typed(Class<T> type, String what, String... path) {
        Object at = get(path);
        if (!type.isInstance(at)) {
            String where = path.length == 0 ? "the answer" : String.join(".", path);
            throw new IllegalArgumentException(where + " is " + describe(at) + ", not " + what);
        }
        return type.cast(at);
    }

    private static int index(String step, int size) {
        try {
            int i = Integer.parseInt(step);
            return i >= 0 && i < size ? i : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Object toJava(JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isNumber()) {
            return new BigDecimal(node.asNumber());
        }
        if (node.isString()) {
            return node.asString();
        }
        if (node.isArray()) {
            List<Object> items = new ArrayList<>();
            node.asArray().forEach(item -> items.add(toJava(item)));
            return Collections.unmodifiableList(items);
        }
        Map<String, Object> members = new LinkedHashMap<>();
        node.asObject().forEach((key, member) -> members.put(key, toJava(member)));
        return Collections.unmodifiableMap(members);
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "a list";
        }
        if (value instanceof String) {
            return "a string";
        }
        return value instanceof BigDecimal ? "a number" : "true or false";
    }

    private static String abbreviate(String text) {
        String flat = text.replaceAll("\\s+", " ");
        return flat.length() > 80 ? flat.substring(0, 77) + "..." : flat;
    }
}
