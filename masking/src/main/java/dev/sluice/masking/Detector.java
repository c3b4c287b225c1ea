package dev.sluice.masking;

import java.util.List;

/**
 * Finds one kind of sensitive data by content, anywhere inside a text value (not only whole values).
 * Implementations are immutable and thread-safe.
 */
public interface Detector {

    /** The detector's name as rules refer to it, e.g. {@code card} or {@code custom:employee-id}. */
    String name();

    /** False if the value certainly holds no match; must be cheap (no regular expression). */
    boolean mayMatch(TextProfile profile);

    /** Appends every match in {@code text}, in order, to {@code hits}. */
    void find(CharSequence text, List<Hit> hits);
}
