package dev.basalt.cli.mcp;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${VAR}} and {@code ${VAR:-default}} in a server's settings, as Claude Code's
 * {@code .mcp.json} writes them: a token can live in the environment instead of a settings file
 * that may be committed with the project.
 */
final class EnvironmentReferences {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");

    private final UnaryOperator<String> environment;

    /** @param environment a variable's value by name, null when it is not set */
    EnvironmentReferences(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    /**
     * {@code value} with each reference replaced; throws IllegalArgumentException naming a variable
     * that is not set and has no default.
     */
    String expand(String value) {
        Matcher reference = REFERENCE.matcher(value);
        StringBuilder expanded = new StringBuilder();
        while (reference.find()) {
            String set = environment.apply(reference.group(1));
            if (set == null && reference.group(2) == null) {
                throw new IllegalArgumentException("the environment variable " + reference.group(1)
                        + " is not set (its settings use ${" + reference.group(1) + "})");
            }
            reference.appendReplacement(expanded, Matcher.quoteReplacement(set != null ? set : reference.group(3)));
        }
        reference.appendTail(expanded);
        return expanded.toString();
    }
}
