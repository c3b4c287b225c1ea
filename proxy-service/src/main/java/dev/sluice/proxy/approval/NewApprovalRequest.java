package dev.sluice.proxy.approval;

import java.util.List;

/**
 * Body of {@code POST /v1/approvals}: a statement the gateway holds, as approval-service's API expects it.
 *
 * @param requester     who sent the statement
 * @param connection    gateway connection name
 * @param sessionId     gateway session id
 * @param statement     exact statement text
 * @param statementKind the protocol message that carried it (PostgreSQL: {@code Query}, {@code Parse})
 * @param bindingHash   see {@link BindingHash}
 * @param reason        the policy's reason
 * @param ruleId        the deciding rule
 * @param policyVersion the deciding bundle's version
 * @param approval      what the policy requires
 */
public record NewApprovalRequest(Requester requester, String connection, String sessionId, String statement,
        String statementKind, String bindingHash, String reason, String ruleId, String policyVersion, Spec approval) {

    /** The requester's identity: subject, {@code human} or {@code service}, groups. */
    public record Requester(String subject, String kind, List<String> groups) {}

    /** Reviewer groups, distinct approvals needed, and how long the statement may wait. */
    public record Spec(List<String> reviewers, int minApprovals, long timeoutSeconds) {}
}
