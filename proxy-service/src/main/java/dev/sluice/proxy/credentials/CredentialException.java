package dev.sluice.proxy.credentials;

/** A target credential that cannot be resolved. The message names the source, never a secret. */
public final class CredentialException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CredentialException(String message) {
        super(message);
    }
}
