package dev.basalt.agent;

/** The approval policy's answer for one tool call. */
public sealed interface Permission {

    /** Run it. */
    record Allow() implements Permission {}

    /**
     * Ask the user first; {@code why} says what makes it need consent, {@code allowedBy} the flags
     * that would let it run without asking (e.g. "--add-dir /srv/data --trust-tools write_file").
     */
    record Ask(String why, String allowedBy) implements Permission {}

    /** Refuse; the reason goes back to the model. */
    record Deny(String reason) implements Permission {}
}
