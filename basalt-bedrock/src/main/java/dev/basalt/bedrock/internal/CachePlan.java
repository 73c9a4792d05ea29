package dev.basalt.bedrock.internal;

import dev.basalt.bedrock.CatalogModel;
import dev.basalt.core.ChatRequest;
import dev.basalt.core.Role;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a request's cache points go. Bedrock caches the prefix up to each point, allows four per
 * request, and silently does not cache a prefix shorter than the model's minimum, so marking is
 * never harmful: after the system prompt, after the tools (Claude only: Nova cannot cache tools), and
 * at the end of the last two user turns. The newest one writes the conversation so far; the one
 * before it sits where the previous call wrote, so that call's cache is read.
 *
 * @param userTurns indexes into the request's messages that end with a cache point
 */
record CachePlan(boolean system, boolean tools, Set<Integer> userTurns) {

    static final CachePlan NONE = new CachePlan(false, false, Set.of());
    private static final int CACHED_USER_TURNS = 2;

    CachePlan {
        userTurns = Set.copyOf(userTurns);
    }

    /** @param model the catalog entry, or null for a model the catalog does not know (not cached) */
    static CachePlan of(ChatRequest request, CatalogModel model) {
        if (!request.promptCaching() || model == null || !model.supports("caching")) {
            return NONE;
        }
        Set<Integer> turns = new HashSet<>();
        List<dev.basalt.core.Message> messages = request.messages();
        for (int i = messages.size() - 1; i >= 0 && turns.size() < CACHED_USER_TURNS; i--) {
            if (messages.get(i).role() == Role.USER && !messages.get(i).content().isEmpty()) {
                turns.add(i);
            }
        }
        boolean tools = model.family().equals("claude") && (!request.tools().isEmpty() || request.outputSchema() != null);
        return new CachePlan(!request.system().isEmpty(), tools, turns);
    }

    boolean any() {
        return system || tools || !userTurns.isEmpty();
    }
}
