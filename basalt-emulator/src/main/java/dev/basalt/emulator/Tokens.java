package dev.basalt.emulator;

/**
 * The emulator's token count: one token per four characters, rounded up, at least one for any
 * non-empty text. Every number the emulator reports (usage, metadata, headers) comes from here, so
 * they agree with each other.
 */
public final class Tokens {

    private Tokens() {
    }

    public static int estimate(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        return Math.max(1, (text.length() + 3) / 4);
    }
}
