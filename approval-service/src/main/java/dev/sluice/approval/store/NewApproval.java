package dev.sluice.approval.store;

import java.time.Duration;
import java.util.List;

/**
 * A validated request to hold a command for review.
 *
 * @param requesterSubject who ran the statement
 * @param requesterKind    {@code human} or {@code service}
 * @param requesterGroups  the requester's groups at the time
 * @param connection       the gateway connection name
 * @param sessionId        the gateway session
 * @param statement        the exact statement text
 * @param statementKind    the protocol message that carried it ({@code Query}, {@code Parse})
 * @param bindingHash      hash over (normalized statement, bind parameters, connection, requester, session)
 * @param reason           the policy's reason
 * @param ruleId           the deciding rule
 * @param policyVersion    the deciding bundle's version
 * @param reviewers        groups whose members may decide
 * @param minApprovals     distinct approving reviewers needed
 * @param timeout          how long the request waits before it expires
 */
public record NewApproval(
        String requesterSubject,
        String requesterKind,
        List<String> requesterGroups,
        String connection,
        String sessionId,
        String statement,
        String statementKind,
        String bindingHash,
        String reason,
        String ruleId,
        String policyVersion,
        List<String> reviewers,
        int minApprovals,
        Duration timeout) {

    public NewApproval {
        requesterGroups = List.copyOf(requesterGroups);
        reviewers = List.copyOf(reviewers);
    }
}
