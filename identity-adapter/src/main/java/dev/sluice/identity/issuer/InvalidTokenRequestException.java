package dev.sluice.identity.issuer;

/** A token request the issuer refuses, e.g. a lifetime above the kind's maximum. The message is safe to show. */
public final class InvalidTokenRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidTokenRequestException(String message) {
        super(message);
    }
}
