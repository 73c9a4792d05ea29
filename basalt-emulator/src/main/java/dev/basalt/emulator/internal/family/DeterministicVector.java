package dev.basalt.emulator.internal.family;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;

/**
 * Deterministic embedding vectors: seeded from a SHA-256 of the text, so the same text always gets
 * the same vector and different texts different ones (and tests can compare them).
 */
final class DeterministicVector {

    private DeterministicVector() {
    }

    static float[] of(String text, int dimensions, boolean normalize) {
        SplittableRandom random = new SplittableRandom(seed(text));
        float[] vector = new float[dimensions];
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            vector[i] = (float) (random.nextDouble() * 2 - 1);
            norm += vector[i] * vector[i];
        }
        if (normalize && norm > 0) {
            float scale = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < dimensions; i++) {
                vector[i] *= scale;
            }
        }
        return vector;
    }

    private static long seed(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            long seed = 0;
            for (int i = 0; i < 8; i++) {
                seed = (seed << 8) | (digest[i] & 0xff);
            }
            return seed;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
