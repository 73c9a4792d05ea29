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

    /** Used when there is no terminal to ask: every call that needs consent is refused. */
    Approver REFUSE = (tool, description, why) ->
            new Answer.No("needs the user's consent (" + why + "), and there is no terminal to ask; "
                    + "the user can allow it with --trust-tools " + tool);
}
