package dev.basalt.emulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.emulator.RecordedCall;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The JSONL request log: one line per call, what came in (method, path, operation, model, auth,
 * headers, body) and what went out (status, request id, latency, error and its message, fault,
 * usage, answer; for a stream the events sent and the fault that cut it). A stream's line is
 * written when the stream ends. Appended and flushed per line,
 * so a log is complete up to the last answered request even if the emulator is killed.
 * Authorization and security-token header values are never written: the log must be safe to share.
 */
final class RequestLog implements AutoCloseable {

    private final ObjectMapper json;
    private final OutputStream out;

    private RequestLog(ObjectMapper json, OutputStream out) {
        this.json = json;
        this.out = out;
    }

    static RequestLog open(ObjectMapper json, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new RequestLog(json, Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the request log " + file + ": " + e.getMessage(), e);
        }
    }

    synchronized void write(RecordedCall call, Outcome outcome) {
        ObjectNode line = json.createObjectNode();
        line.put("at", call.at().toString());
        line.put("http", call.httpVersion()).put("method", call.method()).put("path", call.rawPath());
        line.put("operation", call.operation()).put("modelId", call.modelId()).put("auth", call.auth());
        ObjectNode headers = line.putObject("headers");
        call.headers().forEach((name, value) -> headers.put(name, secret(name) ? "[redacted]" : value));
        line.set("request", body(call.requestBody()));
        ObjectNode response = line.putObject("response");
        response.put("status", call.status()).put("requestId", outcome.requestId()).put("latencyMs", outcome.latencyMs());
        if (call.errorType() != null) {
            response.put("error", call.errorType()).put("message", outcome.errorMessage());
        }
        if (call.fault() != null) {
            response.put("fault", call.fault());
        }
        if (outcome.usage() != null) {
            response.putObject("usage").put("inputTokens", outcome.usage().inputTokens())
                    .put("outputTokens", outcome.usage().outputTokens())
                    .put("cacheReadInputTokens", outcome.usage().cacheReadInputTokens())
                    .put("cacheWriteInputTokens", outcome.usage().cacheWriteInputTokens());
        }
        if (outcome.eventsSent() != null) {
            response.put("events", outcome.eventsSent());
        }
        if (outcome.cutBy() != null) {
            response.put("cutBy", outcome.cutBy());
        } else if (call.replyText() != null) {
            response.put("text", call.replyText());   // a cut stream never delivered the whole text
        }
        try {
            out.write(json.writeValueAsBytes(line));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode body(String text) {
        if (text.isEmpty()) {
            return json.nullNode();
        }
        try {
            return json.readTree(text);
        } catch (IOException e) {
            return json.getNodeFactory().textNode(text);
        }
    }

    private static boolean secret(String header) {
        return header.equals("authorization") || header.equals("x-amz-security-token");
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException ignored) {
            // closing at shutdown; every line was already flushed
        }
    }
}
