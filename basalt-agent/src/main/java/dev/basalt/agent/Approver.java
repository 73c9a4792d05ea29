package dev.basalt.agent;

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
    }

    Answer ask(String toolName, String description, String why);

    /** Asks about a call the policy said to ask about; what the policy knows beyond {@code why} is there for those that use it. */
    default Answer ask(String toolName, String description, Permission.Ask ask) {
        return ask(toolName, description, ask.why());
    }

    /** Used when there is no terminal to ask: every call that needs consent is refused. */
    Approver REFUSE = new NoTerminal();

    /** Refuses, telling the model which flags would let the user allow the call. */
    final class NoTerminal implements Approver {

        private NoTerminal() {
        }

        @Override
        public Answer ask(String toolName, String description, String why) {
            return new Answer.No(refusal(why));
        }

        @Override
        public Answer ask(String toolName, String description, Permission.Ask ask) {
            return new Answer.No(refusal(ask.why()) + "; the user can allow it with " + ask.allowedBy());
        }

        private static String refusal(String why) {
            return "needs the user's consent (" + why + "), and there is no terminal to ask";
        }
    }
}
