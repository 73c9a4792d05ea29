package dev.basalt.emulator;

import java.time.Instant;

/**
 * One request the emulator answered, for tests to assert on afterwards.
 *
 * @param operation  Bedrock's operation name (Converse, ConverseStream, ...), or "Unknown"
 * @param modelId    the model id decoded from the path, or null when the path has none
 * @param httpVersion "HTTP/1.1" or "HTTP/2"
 * @param auth       "sigv4", "bearer" or "none"
 */
public record RecordedCall(Instant at, String method, String rawPath, String operation, String modelId,
        String httpVersion, String auth, int status, String requestBody) {}
