package dev.basalt.emulator.internal;

import dev.basalt.emulator.Quota;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Counts requests and tokens per model id over a sliding minute, against the quotas in force, the
 * way bedrock-wire.md describes Bedrock doing it: a request reserves input + max_tokens when it
 * starts and settles to its real use once the reply is known.
 */
final class QuotaBook {

    /** A request admitted against the quotas; settle it once the reply is known. */
    interface Ticket {
        void settle(int tokens);
    }

    private static final Ticket FREE = tokens -> { };
    private static final long MINUTE_MS = 60_000;

    private final Clock clock;
    private volatile List<Quota> quotas;
    private final Map<String, Window> windows = new HashMap<>();

    QuotaBook(List<Quota> quotas, Clock clock) {
        this.quotas = List.copyOf(quotas);
        this.clock = clock;
    }

    List<Quota> quotas() {
        return quotas;
    }

    synchronized void replace(List<Quota> next) {
        quotas = List.copyOf(next);
        windows.clear();
    }

    /**
     * Admits a request reserving {@code tokens}, or answers the throttling message Bedrock would.
     *
     * @return the refusal message, or empty with the ticket stored in {@code admitted[0]}
     */
    synchronized Optional<String> admit(String modelId, int tokens, Ticket[] admitted) {
        Optional<Quota> quota = quotas.stream().filter(q -> q.matches(modelId)).findFirst();
        if (quota.isEmpty()) {
            admitted[0] = FREE;
            return Optional.empty();
        }
        Window window = windows.computeIfAbsent(modelId, id -> new Window());
        long now = clock.millis();
        window.expire(now);
        Quota q = quota.get();
        if (q.requestsPerMinute() > 0 && window.entries.size() >= q.requestsPerMinute()) {
            return Optional.of("Too many requests, please wait before trying again.");
        }
        if (q.tokensPerMinute() > 0 && window.tokens() + tokens > q.tokensPerMinute()) {
            return Optional.of("Too many tokens, please wait before trying again.");
        }
        long[] entry = {now, tokens};
        window.entries.addLast(entry);
        admitted[0] = used -> {
            synchronized (QuotaBook.this) {
                entry[1] = used;
            }
        };
        return Optional.empty();
    }

    /** One model id's requests in the last minute: each {time ms, tokens}. */
    private static final class Window {
        final Deque<long[]> entries = new ArrayDeque<>();

        void expire(long now) {
            while (!entries.isEmpty() && entries.peekFirst()[0] <= now - MINUTE_MS) {
                entries.removeFirst();
            }
        }

        long tokens() {
            long sum = 0;
            for (long[] e : entries) {
                sum += e[1];
            }
            return sum;
        }
    }
}
