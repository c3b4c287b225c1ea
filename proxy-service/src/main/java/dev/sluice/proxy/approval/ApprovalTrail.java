package dev.sluice.proxy.approval;

import java.util.List;

/**
 * What a held statement's transcript and audit event say about its approval.
 *
 * @param id        the approval request; empty when none could be created
 * @param state     {@code USED}, {@code APPROVED} (approved but not released), {@code DENIED}, {@code EXPIRED},
 *                  {@code CANCELLED}, or {@code UNAVAILABLE} when approval-service could not be asked
 * @param approvers reviewers who approved, in voting order
 * @param decidedBy who made the request final; empty for an expiry
 */
public record ApprovalTrail(String id, String state, List<String> approvers, String decidedBy) {
    /** The trail of a statement that needed no approval. */
    public static final ApprovalTrail NONE = new ApprovalTrail("", "", List.of(), "");

    public ApprovalTrail {
        approvers = approvers == null ? List.of() : List.copyOf(approvers);
        decidedBy = decidedBy == null ? "" : decidedBy;
    }

    static ApprovalTrail of(ApprovalStatus status, String state) {
        return new ApprovalTrail(status.id(), state, status.approvers(), status.decidedBy());
    }

    /** Whether the statement was released to the target. */
    public boolean released() {
        return "USED".equals(state);
    }
}
