package dev.basalt.emulator.internal;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request as the Bedrock layer sees it, whichever HTTP version carried it.
 *
 * @param protocol {@code HTTP/1.1} or {@code HTTP/2}
 * @param rawPath the path as sent, still percent-encoded
 * @param rawQuery the query as sent, without '?' ("" when none)
 * @param headers lower-cased names to values in arrival order; over HTTP/2 the {@code :authority}
 *     pseudo-header is present
 * @param body the body bytes (empty when none)
 */
record IncomingRequest(String protocol, String method, String rawPath, String rawQuery,
                              Map<String, List<String>> headers, byte[] body) {

    IncomingRequest {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawPath, "rawPath");
        Objects.requireNonNull(rawQuery, "rawQuery");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((name, values) -> copy.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        headers = Collections.unmodifiableMap(copy);
        Objects.requireNonNull(body, "body");
    }

    /** The first value of the header (name in any case), or null. */
    String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** All values of the header (name in any case); empty when absent. */
    List<String> headerValues(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
