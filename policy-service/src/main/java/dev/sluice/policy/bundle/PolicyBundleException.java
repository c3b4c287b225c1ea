package dev.sluice.policy.bundle;

/**
 * A policy bundle that cannot be used; the message names the file and line ({@code file:line: problem}).
 * {@link #file()} is null for problems of the bundle as a whole (directory missing, no files).
 */
public final class PolicyBundleException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String problem;

    public PolicyBundleException(String file, int line, String message) {
        super(file + ":" + line + ": " + message);
        this.file = file;
        this.line = line;
        this.problem = message;
    }

    public PolicyBundleException(String message, Throwable cause) {
        super(message, cause);
        this.file = null;
        this.line = 0;
        this.problem = message;
    }

    /** The file the problem is in, or null when it concerns the bundle as a whole. */
    public String file() {
        return file;
    }

    /** The 1-based line of the problem, or 0 when there is none. */
    public int line() {
        return line;
    }

    /** The problem without the {@code file:line:} prefix. */
    public String problem() {
        return problem;
    }
}
