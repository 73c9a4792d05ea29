package dev.basalt.agent;

import java.util.function.BooleanSupplier;

/** Asks the user about a call that needs consent. The terminal implements it; tests script it. */
@FunctionalInterface
public interface Approver {

    /** The user's answer. */
    sealed interface Answer {
        /** y: this call only. */
        record Once() implements Answer {}

        /** a: this tool for the rest of the session, inside the workspace. */
        record Always() implements Answer {}

        /** n: refuse, optionally saying why; the reason goes to the model. */
        record No(String reason) implements Answer {}

        /** Ctrl-C, or the turn was cancelled while the question waited: no to this call, and the turn stops. */
        record Cancel() implements Answer {}
    }

    /**
     * Asks, and waits for the answer.
     *
     * @param cancelled turns true when the turn is cancelled; an approver that waits for a person
     *     stops waiting then and answers {@link Answer.Cancel}
     */
    Answer ask(String toolName, String description, String why, BooleanSupplier cancelled);

    /** Asks about a call the policy said to ask about; what the policy knows beyond {@code why} is there for those that use it. */
    default Answer ask(String toolName, String description, Permission.Ask ask, BooleanSupplier cancelled) {
        return ask(toolName, description, ask.why(), cancelled);
    }

    /** Used when there is no terminal to ask: every call that needs consent is refused. */
    Approver REFUSE = new NoTerminal();

    /** Refuses, telling the model which flags would let the user allow the call. */
    final class NoTerminal implements Approver {

        private NoTerminal() {
        }

        @Override
        public Answer ask(String toolName, String description, String why, BooleanSupplier cancelled) {
            return new Answer.No(refusal(why));
        }

        @Override
        public Answer ask(String toolName, String description, Permission.Ask ask, BooleanSupplier cancelled) {
            return new Answer.No(refusal(ask.why()) + "; the user can allow it with " + ask.allowedBy());
        }

        private static String refusal(String why) {
            return "needs the user's consent (" + why + "), and there is no terminal to ask";
        }
    }
}
