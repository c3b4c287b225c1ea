package dev.sluice.policy.bundle;

/** A policy bundle that cannot be used; the message names the file and line. */
public final class PolicyBundleException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PolicyBundleException(String file, int line, String message) {
        super(file + ":" + line + ": " + message);
    }

    public PolicyBundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
