package dev.basalt.cli;

import dev.basalt.core.Guardrail;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code --guardrail ID[:VERSION]} and the {@code chat.guardrail} setting: a Bedrock guardrail's id
 * (or ARN) and version, a number or DRAFT (the default, the working draft).
 */
final class GuardrailSpec {

    private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,7}|DRAFT");

    private GuardrailSpec() {
    }

    /**
     * Parses ID[:VERSION]. An ARN's own colons are part of the id; only a last part that is a number
     * or DRAFT is taken as the version.
     *
     * @param what the flag or setting it came from, named in the error
     */
    static Guardrail parse(String text, String what) {
        String value = text.strip();
        String id = value;
        String version = "DRAFT";
        int colon = value.lastIndexOf(':');
        if (colon >= 0) {
            String tail = value.substring(colon + 1).toUpperCase(Locale.ROOT);
            boolean arnPart = value.startsWith("arn:") && !VERSION.matcher(tail).matches();
            if (!arnPart) {
                id = value.substring(0, colon);
                version = tail;
            }
        }
        if (id.isEmpty() || id.chars().anyMatch(Character::isWhitespace)) {
            throw new UserError(ExitCode.USAGE, what + " takes a guardrail id or ARN and an optional version, not '" + value + "'",
                    example(what));
        }
        if (!VERSION.matcher(version).matches()) {
            throw new UserError(ExitCode.USAGE, "guardrail version '" + value.substring(colon + 1) + "' in " + what
                    + " is neither a version number nor DRAFT", example(what));
        }
        return Guardrail.of(id, version);
    }

    private static String example(String what) {
        return what.startsWith("--") ? "for example " + what + " gr6x4k2abc1d:3, the id and version from the Bedrock console"
                : "for example basalt config set " + what + " gr6x4k2abc1d:3";
    }

    /** How the guardrail is named in messages: {@code id (version 3)} or {@code id (DRAFT)}. */
    static String describe(Guardrail guardrail) {
        return guardrail.id() + (guardrail.version().equals("DRAFT") ? " (DRAFT)" : " (version " + guardrail.version() + ")");
    }
}
