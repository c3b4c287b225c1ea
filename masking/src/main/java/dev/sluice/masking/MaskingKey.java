package dev.sluice.masking;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret behind {@code hash} and {@code format} (HMAC-SHA-256, RFC 2104 / FIPS 198-1). Keyed so that a
 * masked value cannot be reversed by hashing guesses without the key. Never printed.
 */
public final class MaskingKey {
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    private MaskingKey(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("a masking key needs at least 16 bytes");
        }
        this.key = new SecretKeySpec(secret, ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** A key from configured secret bytes (at least 16). */
    public static MaskingKey of(byte[] secret) {
        return new MaskingKey(secret.clone());
    }

    /** A random key, for when none is configured: hashes then join only within one process lifetime. */
    public static MaskingKey random() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new MaskingKey(secret);
    }

    /** HMAC-SHA-256 of {@code data}. */
    public byte[] hmac(byte[] data) {
        return macs.get().doFinal(data);
    }

    /** At least {@code length} pseudo-random bytes derived from {@code data}: HMAC(data || counter) blocks. */
    byte[] stream(byte[] data, int length) {
        Mac mac = macs.get();
        byte[] out = new byte[Math.max(length, 1)];
        int filled = 0;
        for (int counter = 0; filled < length; counter++) {
            mac.update(data);
            mac.update(ByteBuffer.allocate(4).putInt(counter).array());
            byte[] block = mac.doFinal();
            int n = Math.min(block.length, length - filled);
            System.arraycopy(block, 0, out, filled, n);
            filled += n;
        }
        return Arrays.copyOf(out, Math.max(length, 0));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "MaskingKey[****]";
    }
}
