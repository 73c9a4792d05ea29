package dev.basalt.emulator.internal;

/**
 * Finds the operation and model id a request addresses, from the raw path.
 *
 * <p>Routing happens on the path as sent, split at '/' before anything is decoded, and each segment
 * is percent-decoded on its own: an inference-profile ARN arrives as one segment with '/' sent as
 * %2F, and a model id's ':' arrives raw (Anthropic's SDK, Claude Code) or as %3A (the AWS SDKs).
 * The control plane's paths ({@code /foundation-models}, {@code /inference-profiles}) share the
 * base URL, as clients such as Claude Code expect.
 */
final class BedrockRouter {

    Route route(String method, String rawPath) {
        String[] s = rawPath.split("/", -1);
        if (s.length < 2 || !s[0].isEmpty()) {
            return Route.NOWHERE;
        }
        if (s[1].equals("model") && s.length == 4 && method.equals("POST")) {
            return Operation.bySuffix(s[3]).map(op -> new Route(op, PercentDecoder.decode(s[2]))).orElse(Route.NOWHERE);
        }
        if (s[1].equals("guardrail") && s.length == 6 && s[3].equals("version") && s[5].equals("apply")
                && method.equals("POST")) {
            return new Route(Operation.APPLY_GUARDRAIL, PercentDecoder.decode(s[2]), PercentDecoder.decode(s[4]));
        }
        if (rawPath.equals("/") && method.equals("POST")) {
            return new Route(Operation.GET_CALLER_IDENTITY, null);   // STS's query protocol; the action is in the body
        }
        if (!method.equals("GET")) {
            return Route.NOWHERE;
        }
        boolean collection = s.length == 2 || (s.length == 3 && s[2].isEmpty());
        if (s[1].equals("foundation-models")) {
            return collection ? new Route(Operation.LIST_FOUNDATION_MODELS, null)
                    : s.length == 3 ? new Route(Operation.GET_FOUNDATION_MODEL, PercentDecoder.decode(s[2])) : Route.NOWHERE;
        }
        if (s[1].equals("inference-profiles")) {
            return collection ? new Route(Operation.LIST_INFERENCE_PROFILES, null)
                    : s.length == 3 ? new Route(Operation.GET_INFERENCE_PROFILE, PercentDecoder.decode(s[2])) : Route.NOWHERE;
        }
        return Route.NOWHERE;
    }
}
