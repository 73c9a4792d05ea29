package dev.basalt.core;

import java.util.Arrays;

/**
 * One text's vector. The array is copied in and out, so the record stays immutable, and equality is
 * by value.
 */
public record Embedding(float[] vector) {

    public Embedding {
        if (vector == null || vector.length == 0) {
            throw new IllegalArgumentException("an embedding needs at least one dimension");
        }
        vector = vector.clone();
    }

    @Override
    public float[] vector() {
        return vector.clone();
    }

    public int dimensions() {
        return vector.length;
    }

    /** The Euclidean length: 1 (within float rounding) for a normalised vector. */
    public double norm() {
        double sum = 0;
        for (float v : vector) {
            sum += (double) v * v;
        }
        return Math.sqrt(sum);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Embedding e && Arrays.equals(vector, e.vector);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(vector);
    }

    @Override
    public String toString() {
        return "Embedding[" + vector.length + " dimensions]";
    }
}
