package dev.basalt.emulator;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * When a {@link Fault} strikes: on a share of the requests for the models whose id matches a glob.
 *
 * @param fault what goes wrong
 * @param rate the share of matching requests it strikes, 0..1 (1 = every one)
 * @param model a glob over the model id as sent ({@code *} matches anything), e.g.
 *     {@code *claude*} or {@code us.anthropic.claude-sonnet-4-5*}
 * @param times how many requests it strikes at most; 0 for no limit ("fail the first call only"
 *     is {@code times = 1})
 */
public record FaultRule(Fault fault, double rate, String model, int times) {

    public FaultRule(Fault fault, double rate, String model) {
        this(fault, rate, model, 0);
    }

    /** Strikes the first {@code times} matching requests, then never again. */
    public static FaultRule first(int times, Fault fault) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1");
        }
        return new FaultRule(fault, 1, "*", times);
    }

    public FaultRule {
        if (times < 0) {
            throw new IllegalArgumentException("times must not be negative");
        }
        Objects.requireNonNull(fault, "fault");
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("rate must be between 0 and 1: " + rate);
        }
        model = model == null || model.isBlank() ? "*" : model;
    }

    public static FaultRule always(Fault fault) {
        return new FaultRule(fault, 1, "*");
    }

    /** Whether the rule's glob matches {@code modelId}. */
    public boolean matches(String modelId) {
        return Glob.matches(model, modelId);
    }

    /** Globs with {@code *} only: model ids hold '.', ':' and '/', which must stay literal. */
    static final class Glob {
        private Glob() {
        }

        static boolean matches(String glob, String text) {
            StringBuilder regex = new StringBuilder();
            String[] parts = glob.split("\\*", -1);
            for (int i = 0; i < parts.length; i++) {
                if (i > 0) {
                    regex.append(".*");
                }
                regex.append(Pattern.quote(parts[i]));
            }
            return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(text).matches();
        }
    }
}
