package dev.basalt.emulator.internal;

import dev.basalt.emulator.Fault;
import dev.basalt.emulator.FaultRule;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** The fault rules in force; replaced whole (by the builder, the Java API or the admin API). */
final class FaultBoard {

    private volatile List<FaultRule> rules;
    /** How often each limited rule has struck, by position in {@link #rules}. */
    private volatile java.util.concurrent.atomic.AtomicIntegerArray strikes;

    FaultBoard(List<FaultRule> rules) {
        replace(rules);
    }

    List<FaultRule> rules() {
        return rules;
    }

    synchronized void replace(List<FaultRule> next) {
        strikes = new java.util.concurrent.atomic.AtomicIntegerArray(next.size());
        rules = List.copyOf(next);
    }

    /** The fault that strikes this request, if any: the first matching rule whose dice roll hits. */
    Optional<Fault> draw(String modelId, boolean streaming) {
        List<FaultRule> current = rules;
        java.util.concurrent.atomic.AtomicIntegerArray counts = strikes;
        for (int i = 0; i < current.size(); i++) {
            FaultRule rule = current.get(i);
            if (rule.fault().inStream() && !streaming) {
                continue;
            }
            if (rule.matches(modelId) && (rule.rate() >= 1 || ThreadLocalRandom.current().nextDouble() < rule.rate())) {
                if (rule.times() > 0 && (i >= counts.length() || counts.incrementAndGet(i) > rule.times())) {
                    continue;
                }
                return Optional.of(rule.fault());
            }
        }
        return Optional.empty();
    }
}
