package dev.sluice.contracts.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The per-session SHA-256 hash chain over session events.
 *
 * <p>{@code hash = hex(SHA-256(prevhash LF id LF type LF subject LF seq LF time LF data))}, where
 * {@code data} is the compact JSON text of the payload exactly as published and {@code prevhash} of the
 * first event is {@link #GENESIS}. Anyone holding the events can recompute the chain; an edited, missing or
 * reordered event breaks it from that point on.
 */
public final class EventChain {

    /** The {@code prevhash} of a session's first event: 64 zeros. */
    public static final String GENESIS = "0".repeat(64);

    private EventChain() {}

    /** Computes an event's hash from its attributes and the exact JSON text of its data. */
    public static String hash(String prevhash, String id, String type, String subject, long seq, String time,
            String dataJson) {
        MessageDigest digest = sha256();
        String canonical = String.join("\n", prevhash, id, type, subject, Long.toString(seq), time, dataJson);
        return HexFormat.of().formatHex(digest.digest(canonical.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
