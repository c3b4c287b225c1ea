package dev.sluice.approval.service;

/**
 * A refused API operation, carried to the client as an HTTP status and a JSON {@code {"error","message"}} body.
 */
public final class ApprovalException extends RuntimeException {
    private final int status;
    private final String code;

    public ApprovalException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public static ApprovalException notFound() {
        return new ApprovalException(404, "not_found", "no such approval request");
    }

    public static ApprovalException forbidden(String code, String message) {
        return new ApprovalException(403, code, message);
    }

    public static ApprovalException conflict(String code, String message) {
        return new ApprovalException(409, code, message);
    }

    public static ApprovalException badRequest(String message) {
        return new ApprovalException(400, "bad_request", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
