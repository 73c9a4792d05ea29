package dev.basalt.bedrock.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkNumber;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/**
 * JSON text to the SDK's {@link Document} and back. Core keeps tool inputs and schemas as JSON text;
 * the SDK wants Documents, and {@code Document.toString()} is not JSON, so both directions are here.
 * The native InvokeModel bodies are read as the SDK's {@link JsonNode}s; the readers below treat a
 * JSON null member as an absent one, since Bedrock's stream chunks send null for what they lack.
 */
public final class JsonDocuments {

    private static final JsonNodeParser PARSER = JsonNodeParser.create();

    private JsonDocuments() {
    }

    public static Document parse(String json) {
        try {
            return toDocument(PARSER.parse(json));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not valid JSON: " + abbreviate(json), e);
        }
    }

    /** Parses a body Bedrock sent; null when it is not JSON. */
    static JsonNode node(byte[] json) {
        try {
            return PARSER.parse(json);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The member, or empty when it is absent or JSON null. */
    static Optional<JsonNode> member(JsonNode node, String name) {
        return node == null ? Optional.empty() : node.field(name).filter(value -> !value.isNull());
    }

    /** A string member, or null when it is absent, null or not a string. */
    static String string(JsonNode node, String name) {
        return member(node, name).filter(JsonNode::isString).map(JsonNode::asString).orElse(null);
    }

    /** A whole-number member, or null when it is absent, null or not a number. */
    static Integer integer(JsonNode node, String name) {
        return member(node, name).filter(JsonNode::isNumber).map(n -> new BigDecimal(n.asNumber()).intValue()).orElse(null);
    }

    /** The node as JSON text (a tool input as the model wrote it). */
    static String write(JsonNode node) {
        return write(toDocument(node));
    }

    static Document toDocument(JsonNode node) {
        if (node.isNull()) {
            return Document.fromNull();
        }
        if (node.isBoolean()) {
            return Document.fromBoolean(node.asBoolean());
        }
        if (node.isNumber()) {
            return Document.fromNumber(SdkNumber.fromString(node.asNumber()));
        }
        if (node.isString()) {
            return Document.fromString(node.asString());
        }
        if (node.isArray()) {
            List<Document> items = new ArrayList<>();
            node.asArray().forEach(item -> items.add(toDocument(item)));
            return Document.fromList(items);
        }
        Map<String, Document> members = new LinkedHashMap<>();
        node.asObject().forEach((key, value) -> members.put(key, toDocument(value)));
        return Document.fromMap(members);
    }

    public static String write(Document document) {
        StringBuilder out = new StringBuilder();
        write(document, out);
        return out.toString();
    }

    private static void write(Document document, StringBuilder out) {
        if (document == null || document.isNull()) {
            out.append("null");
        } else if (document.isBoolean()) {
            out.append(document.asBoolean());
        } else if (document.isNumber()) {
            out.append(document.asNumber().stringValue());
        } else if (document.isString()) {
            writeString(document.asString(), out);
        } else if (document.isList()) {
            out.append('[');
            List<Document> items = document.asList();
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(items.get(i), out);
            }
            out.append(']');
        } else {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, Document> member : document.asMap().entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeString(member.getKey(), out);
                out.append(':');
                write(member.getValue(), out);
            }
            out.append('}');
        }
    }

    static void writeString(String value, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static String abbreviate(String text) {
        return text == null ? "null" : text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }
}
