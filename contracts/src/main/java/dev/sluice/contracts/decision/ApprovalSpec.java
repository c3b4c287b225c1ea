package dev.sluice.contracts.decision;

import java.time.Duration;
import java.util.List;

/**
 * Who must approve a REQUIRE_APPROVAL decision, and for how long the request may wait.
 *
 * @param reviewers    reviewer groups
 * @param minApprovals approvals needed
 * @param timeout      how long the command may wait for a decision
 */
public record ApprovalSpec(List<String> reviewers, int minApprovals, Duration timeout) {
    public ApprovalSpec {
        reviewers = reviewers == null ? List.of() : List.copyOf(reviewers);
    }
}
