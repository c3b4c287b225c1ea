package dev.sluice.proxy.approval;

import java.time.Instant;
import java.util.List;

/**
 * An approval request as approval-service reports it: the part of its JSON view the gateway acts on.
 *
 * @param id        request id
 * @param state     {@code PENDING}, {@code APPROVED}, {@code DENIED}, {@code EXPIRED}, {@code CANCELLED} or
 *                  {@code USED}
 * @param url       where reviewers open it
 * @param expiresAt when it expires unless decided
 * @param decidedBy who made it final; empty for an expiry or while pending
 * @param comment   the deciding comment or cancel reason
 * @param approvers reviewers who voted to approve, in voting order
 */
public record ApprovalStatus(String id, String state, String url, Instant expiresAt, String decidedBy,
        String comment, List<String> approvers) {

    public ApprovalStatus {
        decidedBy = decidedBy == null ? "" : decidedBy;
        comment = comment == null ? "" : comment;
        approvers = approvers == null ? List.of() : List.copyOf(approvers);
    }

    /** Whether reviewers may still decide. */
    public boolean pending() {
        return "PENDING".equals(state);
    }
}
