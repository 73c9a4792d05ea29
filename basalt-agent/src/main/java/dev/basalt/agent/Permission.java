package dev.basalt.agent;

/** The approval policy's answer for one tool call. */
public sealed interface Permission {

    /** Run it. */
    record Allow() implements Permission {}

    /** Ask the user first; {@code why} says what makes it need consent. */
    record Ask(String why) implements Permission {}

    /** Refuse; the reason goes back to the model. */
    record Deny(String reason) implements Permission {}
}
