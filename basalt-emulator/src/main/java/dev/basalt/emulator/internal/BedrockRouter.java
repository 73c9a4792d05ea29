package dev.basalt.emulator.internal;

/**
 * Finds the operation and model id a request addresses, from the raw path.
 *
 * <p>Routing happens on the path as sent, split at '/' before anything is decoded, and each segment
 * is percent-decoded on its own: an inference-profile ARN arrives as one segment with '/' sent as
 * %2F, and a model id's ':' arrives raw (Anthropic's SDK, Claude Code) or as %3A (the AWS SDKs).
 */
final class BedrockRouter {

    Route route(String method, String rawPath) {
        String[] segments = rawPath.split("/", -1);
        if (segments.length != 4 || !segments[0].isEmpty() || !segments[1].equals("model")) {
            return Route.NOWHERE;
        }
        return Operation.bySuffix(segments[3])
                .filter(op -> method.equals("POST"))
                .map(op -> new Route(op, PercentDecoder.decode(segments[2])))
                .orElse(Route.NOWHERE);
    }
}
