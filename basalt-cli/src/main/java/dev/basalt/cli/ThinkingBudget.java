package dev.basalt.cli;

import dev.basalt.bedrock.CatalogModel;
import dev.basalt.bedrock.ModelCatalog;
import dev.basalt.bedrock.ModelRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Extended thinking for `chat`: {@code --thinking N|off}, the {@code chat.thinkingBudget} setting and
 * {@code /thinking}. The budget is checked against the model before anything is sent (the catalog says
 * which models reason), and the max tokens each call asks for is chosen to fit it.
 */
final class ThinkingBudget {

    /** Claude's smallest budget. */
    static final int MIN = 1024;
    /**
     * Room for the answer above the budget when the catalog does not know the model's output limit
     * (a custom ARN, a model newer than the catalog) and --max-tokens is not given.
     */
    static final int ANSWER_ROOM = 8192;

    private ThinkingBudget() {
    }

    /**
     * A budget as typed: a whole number of tokens, at least {@link #MIN}; {@code off} (or 0) is empty.
     *
     * @param what the flag or setting it came from, named in the error
     */
    static Optional<Integer> parse(String text, String what) {
        String value = text.strip().toLowerCase(Locale.ROOT).replace("_", "");
        if (value.equals("off") || value.equals("0") || value.equals("none")) {
            return Optional.empty();
        }
        int budget;
        try {
            budget = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UserError(ExitCode.USAGE, what + " takes a number of tokens or off, not " + text.strip(), example(what));
        }
        if (budget < MIN) {
            throw new UserError(ExitCode.USAGE, what + " must be at least " + MIN + " tokens (Claude's smallest thinking budget), not "
                    + text.strip(), example(what));
        }
        return Optional.of(budget);
    }

    private static String example(String what) {
        if (what.startsWith("--")) {
            return "for example " + what + " 4096, or " + what + " off";
        }
        if (what.startsWith("/")) {
            return "for example " + what + " 4096, or " + what + " off";
        }
        return "for example basalt config set " + what + " 4096";
    }

    /**
     * The max tokens each call asks for while thinking with {@code budget}: {@code --max-tokens} when
     * given (it must exceed the budget, which counts toward it), else the model's output limit from the
     * catalog (what Bedrock allows when none is sent), else the budget plus {@link #ANSWER_ROOM}.
     *
     * @param userMaxTokens --max-tokens, or null
     * @param what how the budget was given (--thinking, chat.thinkingBudget, /thinking), named in errors
     * @throws UserError when the model cannot think or the tokens leave no room for an answer
     */
    static int maxTokens(int budget, Integer userMaxTokens, ModelRef ref, String what) {
        Optional<CatalogModel> model = ref.model();
        if (model.isPresent() && !thinks(model.get())) {
            throw new UserError(ExitCode.USAGE, model.get().name() + " (" + ref.modelId() + ") has no extended thinking, so "
                    + what + " cannot be used with it",
                    "pick a model that thinks: " + String.join(", ", reasoningModels()) + "; or " + off(what));
        }
        if (userMaxTokens != null) {
            if (userMaxTokens <= budget) {
                throw new UserError(ExitCode.USAGE, "--max-tokens " + userMaxTokens + " must be above the thinking budget "
                        + budget + " (thinking counts toward the output tokens)",
                        "raise --max-tokens above " + budget + ", or lower the budget");
            }
            return userMaxTokens;
        }
        if (model.isPresent() && model.get().maxOutput() > 0) {
            int limit = model.get().maxOutput();
            if (budget >= limit) {
                throw new UserError(ExitCode.USAGE, "thinking budget " + budget + " leaves no room for an answer: "
                        + model.get().name() + " writes at most " + limit + " output tokens, thinking included",
                        "use a budget below " + limit + ", e.g. " + Math.max(MIN, limit / 2));
            }
            return limit;
        }
        return budget + ANSWER_ROOM;
    }

    /** How to turn thinking off where the budget came from. */
    private static String off(String what) {
        if (what.startsWith("/")) {
            return "turn thinking off: " + what + " off";
        }
        if (what.startsWith("--")) {
            return "drop " + what;
        }
        return "turn thinking off: --thinking off, or basalt config unset " + what;
    }

    /** Budgets are sent in Claude's format, so only Claude models with reasoning take them. */
    private static boolean thinks(CatalogModel model) {
        return model.supports("reasoning") && model.family().equals("claude");
    }

    /** The shortest name of each catalog model that thinks, in catalog order. */
    static List<String> reasoningModels() {
        List<String> names = new ArrayList<>();
        for (CatalogModel m : ModelCatalog.bundled().models()) {
            if (thinks(m)) {
                names.add(m.aliases().stream().min((a, b) -> Integer.compare(a.length(), b.length())).orElse(m.id()));
            }
        }
        return names;
    }
}
