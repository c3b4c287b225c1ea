package dev.sluice.proxy.approval;

/**
 * A call to approval-service that did not succeed: either it could not be reached (or answered with a server
 * error or garbage), or it refused the call with a 4xx status and its JSON error.
 */
public final class ApprovalCallException extends Exception {
    private final int status;

    private ApprovalCallException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** approval-service could not be asked, or did not answer sensibly. */
    static ApprovalCallException unreachable(String message, Throwable cause) {
        return new ApprovalCallException(0, message, cause);
    }

    /** approval-service answered with an HTTP error status. */
    static ApprovalCallException refused(int status, String message) {
        return new ApprovalCallException(status, message, null);
    }

    /** Whether approval-service could not be reached; retrying later may succeed. */
    public boolean unreachable() {
        return status == 0 || status >= 500;
    }

    /** Whether approval-service no longer knows the request. */
    public boolean gone() {
        return status == 404;
    }

    /** The HTTP status, 0 when there was no answer. */
    public int status() {
        return status;
    }
}
