package dev.sluice.proxy.approval;

/** How waiting for an approval ended; each protocol answers its client in its own terms. */
public sealed interface ApprovalOutcome {

    /** The trail for the transcript. */
    ApprovalTrail trail();

    /** Approved and consumed: the statement may run, exactly once. */
    record Approved(ApprovalTrail trail) implements ApprovalOutcome {}

    /** Not approved (denied, expired, cancelled elsewhere, unusable or unavailable): refuse with {@code reason}. */
    record Refused(String reason, ApprovalTrail trail) implements ApprovalOutcome {}

    /** The client cancelled (or left) while the statement waited; the request was cancelled too. */
    record Cancelled(ApprovalTrail trail) implements ApprovalOutcome {}
}
