package dev.sluice.cli;

/**
 * A failure the user must see as one clear line, with the process exit code that scripts can test. Messages never
 * contain a token, a refresh token, a device code or a client secret.
 */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Something went wrong talking to the issuer or the proxy (network, unexpected answer). */
    public static final int FAILURE = 1;
    /** No usable login: never logged in, logged out, or the refresh token no longer works. */
    public static final int NOT_LOGGED_IN = 3;
    /** The user or the issuer refused: the login was denied, expired, or the client credentials were wrong. */
    public static final int DENIED = 4;

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The process exit code for this failure. */
    public int exitCode() {
        return exitCode;
    }
}
