package dev.sluice.identity.federation;

/** An external token that is not accepted; the message is safe to return to the caller (no token content). */
public final class FederationException extends Exception {

    private static final long serialVersionUID = 1L;

    public FederationException(String message) {
        super(message);
    }
}
