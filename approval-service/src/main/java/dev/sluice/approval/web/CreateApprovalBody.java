package dev.sluice.approval.web;

import java.util.List;

/**
 * Body of {@code POST /v1/approvals}, sent by the gateway when a decision is REQUIRE_APPROVAL.
 *
 * @param requester     the identity whose statement is held
 * @param connection    gateway connection name
 * @param sessionId     gateway session id
 * @param statement     exact statement text
 * @param statementKind {@code Query} or {@code Parse}
 * @param bindingHash   hex SHA-256 the gateway computed over (normalized statement, bind parameters, connection,
 *                      requester, session); consuming the approval requires the same hash
 * @param reason        the policy's reason
 * @param ruleId        the deciding rule
 * @param policyVersion the deciding bundle's version
 * @param approval      the policy's requirements
 */
public record CreateApprovalBody(
        ApprovalView.Requester requester,
        String connection,
        String sessionId,
        String statement,
        String statementKind,
        String bindingHash,
        String reason,
        String ruleId,
        String policyVersion,
        Spec approval) {

    /**
     * What the policy requires.
     *
     * @param reviewers      reviewer groups
     * @param minApprovals   distinct approvals needed (at least 1)
     * @param timeoutSeconds how long the statement may wait
     */
    public record Spec(List<String> reviewers, int minApprovals, long timeoutSeconds) {}
}
