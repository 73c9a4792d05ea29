package dev.basalt.bedrock.internal;

import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;

/**
 * An SDK model object as JSON text, with the member names Bedrock uses on the wire (the SDK's
 * {@code toString()} is not JSON). For what core keeps as JSON text: a guardrail's trace.
 * Members that are unset are left out; blobs are base64, as on the wire.
 */
public final class PojoJson {

    private PojoJson() {
    }

    /** The object as JSON text; null for null. */
    public static String write(SdkPojo pojo) {
        if (pojo == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        value(pojo, out);
        return out.toString();
    }

    private static void value(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof SdkPojo pojo) {
            out.append('{');
            boolean first = true;
            for (SdkField<?> field : pojo.sdkFields()) {
                Object member = field.getValueOrDefault(pojo);
                if (member == null || member instanceof SdkAutoConstructList || member instanceof SdkAutoConstructMap) {
                    continue;
                }
                if (!first) {
                    out.append(',');
                }
                first = false;
                JsonDocuments.writeString(field.locationName(), out);
                out.append(':');
                value(member, out);
            }
            out.append('}');
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                JsonDocuments.writeString(String.valueOf(entry.getKey()), out);
                out.append(':');
                value(entry.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof Collection<?> items) {
            out.append('[');
            boolean first = true;
            for (Object item : items) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                value(item, out);
            }
            out.append(']');
        } else if (value instanceof SdkBytes bytes) {
            JsonDocuments.writeString(Base64.getEncoder().encodeToString(bytes.asByteArrayUnsafe()), out);
        } else if (value instanceof Document document) {
            out.append(JsonDocuments.write(document));
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            out.append(value);
        } else if (value instanceof Number number) {
            double d = number.doubleValue();
            out.append(Double.isFinite(d) ? number.toString() : "null");
        } else if (value instanceof Instant instant) {
            JsonDocuments.writeString(instant.toString(), out);
        } else {
            JsonDocuments.writeString(value.toString(), out);   // strings and the SDK's enum values
        }
    }
}
