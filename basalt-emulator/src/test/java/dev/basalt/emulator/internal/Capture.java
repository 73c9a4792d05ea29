package dev.basalt.emulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A request a real Bedrock client sent, from {@code shared/conformance/captures} (see its README):
 * rebuilt as an {@link IncomingRequest}.
 */
record Capture(String name, JsonNode json) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The captures directory: the copy kept in this module's test resources (so the tests run on a
     * machine without the shared folder), else found by walking up from the working directory.
     */
    static Optional<Path> directory() {
        Path bundled = Path.of(System.getProperty("user.dir")).resolve("src/test/resources/conformance/captures");
        if (Files.isDirectory(bundled)) {
            return Optional.of(bundled);
        }
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path captures = dir.resolve("shared/conformance/captures");
            if (Files.isDirectory(captures)) {
                return Optional.of(captures);
            }
        }
        return Optional.empty();
    }

    static List<Capture> all(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().map(Capture::load).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Capture load(Path file) {
        try {
            return new Capture(file.getFileName().toString(), JSON.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean signedAndVerified() {
        return json.path("sigv4").path("valid").asBoolean(false);
    }

    /** True when the recorder shortened client text, so body and signature no longer match. */
    boolean bodyElided() {
        return json.path("note").asText("").contains("elided");
    }

    boolean authorizationIntact() {
        String authorization = headers().getOrDefault("authorization", List.of("")).get(0);
        return authorization.startsWith("AWS4-HMAC-SHA256 ") && !authorization.contains("[elided");
    }

    /** The body re-serialised from {@code bodyJson}: byte-identical only when {@link #bodyMatches()}. */
    byte[] body() {
        JsonNode body = json.path("bodyJson");
        if (body.isMissingNode() || body.isNull()) {
            return new byte[0];
        }
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean bodyMatches() {
        return TestSigner.sha256Hex(body()).equals(json.path("bodySha256").asText());
    }

    String url() {
        return json.path("url").asText();
    }

    String rawPath() {
        String url = url();
        return url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
    }

    String rawQuery() {
        String url = url();
        return url.contains("?") ? url.substring(url.indexOf('?') + 1) : "";
    }

    String amzDate() {
        return headers().get("x-amz-date").get(0);
    }

    List<String> signedHeaders() {
        List<String> signed = new ArrayList<>();
        json.path("sigv4").path("signedHeaders").forEach(h -> signed.add(h.asText()));
        return signed;
    }

    /** The canonical URI the recorder matched the client's real signature with. */
    String matchedCanonicalUri() {
        JsonNode sigv4 = json.path("sigv4");
        return sigv4.path("canonicalUriCandidates").path(sigv4.path("matchedCanonicalUri").asText()).asText();
    }

    /** Headers in wire order, lower-cased, repeats kept. */
    Map<String, List<String>> headers() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        json.path("rawHeaders").forEach(pair -> headers
                .computeIfAbsent(pair.get(0).asText().toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                .add(pair.get(1).asText()));
        return headers;
    }

    IncomingRequest request(Map<String, List<String>> headers) {
        String protocol = json.path("httpVersion").asText().equals("2.0") ? "HTTP/2" : "HTTP/1.1";
        return new IncomingRequest(protocol, json.path("method").asText(), rawPath(), rawQuery(), headers, body());
    }

    String bodyText() {
        return new String(body(), StandardCharsets.UTF_8);
    }
}
