package dev.sluice.identity.keys;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The RSA key pairs the adapter signs tokens with (RS256, RFC 7518 section 3.3).
 *
 * <p>A list rather than a single key so that rotation can publish the next key (or keep the previous one)
 * in the JWKS while only the first key signs: verifiers that cached the old set keep working until their
 * tokens expire.
 */
public final class SigningKeys {

    /** The only signing algorithm issued; verifiers should allow exactly this one. */
    public static final JWSAlgorithm ALGORITHM = JWSAlgorithm.RS256;

    /** Below this modulus size RS256 is considered broken (RFC 7518 section 3.3 requires 2048 bits). */
    static final int MIN_KEY_BITS = 2048;

    private volatile List<RSAKey> keys;
    private volatile JWKSet publicSet;

    /**
     * @param keys private RSA keys, each with a distinct {@code kid}; the first one signs
     */
    public SigningKeys(List<RSAKey> keys) {
        install(keys);
    }

    private synchronized void install(List<RSAKey> keys) {
        Objects.requireNonNull(keys, "keys");
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one signing key is required");
        }
        Set<String> kids = new HashSet<>();
        for (RSAKey key : keys) {
            if (!key.isPrivate()) {
                throw new IllegalArgumentException("signing key " + key.getKeyID() + " has no private part");
            }
            if (key.getKeyID() == null || !kids.add(key.getKeyID())) {
                throw new IllegalArgumentException("every signing key needs a distinct kid, got " + key.getKeyID());
            }
            if (key.size() < MIN_KEY_BITS) {
                throw new IllegalArgumentException("signing key " + key.getKeyID() + " has " + key.size()
                        + " bits, at least " + MIN_KEY_BITS + " are required");
            }
        }
        this.keys = List.copyOf(keys);
        this.publicSet = new JWKSet(this.keys.stream().map(k -> (JWK) k.toPublicJWK()).toList());
    }

    /**
     * Rotation with overlap: {@code next} signs from now on, the previous keys stay published so that tokens they
     * signed keep verifying until they expire (then {@link #retire(String)} them).
     */
    public synchronized void rotate(RSAKey next) {
        List<RSAKey> rotated = new java.util.ArrayList<>();
        rotated.add(next);
        rotated.addAll(keys);
        install(rotated);
    }

    /**
     * Stops publishing a previous key.
     *
     * @return false if no such key is published
     * @throws IllegalArgumentException for the current signing key
     */
    public synchronized boolean retire(String kid) {
        if (current().getKeyID().equals(kid)) {
            throw new IllegalArgumentException("the current signing key cannot be retired; rotate first");
        }
        List<RSAKey> remaining = keys.stream().filter(key -> !key.getKeyID().equals(kid)).toList();
        if (remaining.size() == keys.size()) {
            return false;
        }
        install(remaining);
        return true;
    }

    /** The key that signs new tokens. */
    public RSAKey current() {
        return keys.getFirst();
    }

    /** Every key, private parts included, the signing one first. */
    public List<RSAKey> all() {
        return keys;
    }

    /** Every key, public parts only (RFC 7517 section 5), as served at the JWKS endpoint. */
    public JWKSet publicJwkSet() {
        return publicSet;
    }

    /** The public JWK set as a JSON object, ready to serialise. */
    public Map<String, Object> publicJwkSetJson() {
        return publicSet.toJSONObject(true);
    }
}
