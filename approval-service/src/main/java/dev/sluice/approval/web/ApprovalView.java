package dev.sluice.approval.web;

import dev.sluice.approval.store.ApprovalRequest;
import dev.sluice.approval.store.Vote;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * An approval request as the API shows it (see docs/openapi/approvals.yaml).
 *
 * @param id            request id
 * @param state         PENDING, APPROVED, DENIED, EXPIRED, CANCELLED or USED
 * @param decided       whether the state is final for the waiting statement (anything but PENDING)
 * @param url           where reviewers open it
 * @param requester     who ran the statement
 * @param connection    gateway connection name
 * @param sessionId     gateway session id
 * @param statement     the exact statement text
 * @param statementKind protocol message that carried it ({@code Query}, {@code Parse})
 * @param reason        the policy's reason
 * @param ruleId        the rule that required the approval
 * @param policyVersion version of the deciding bundle
 * @param reviewers     groups whose members may decide
 * @param minApprovals  distinct approvals needed
 * @param approvals     approvals so far
 * @param votes         every reviewer's vote
 * @param createdAt     when the statement was held
 * @param expiresAt     when it expires unless decided
 * @param decidedAt     when it reached its final state, or null
 * @param decidedBy     the reviewer (or requester, for a cancel) who decided; empty for an expiry
 * @param comment       the deciding comment or cancel reason
 * @param usedAt        when the approved statement was released, or null
 */
public record ApprovalView(
        String id,
        String state,
        boolean decided,
        String url,
        Requester requester,
        String connection,
        String sessionId,
        String statement,
        String statementKind,
        String reason,
        String ruleId,
        String policyVersion,
        List<String> reviewers,
        int minApprovals,
        int approvals,
        List<VoteView> votes,
        Instant createdAt,
        Instant expiresAt,
        Instant decidedAt,
        String decidedBy,
        String comment,
        Instant usedAt) {

    /** The requester's identity at the time of the request. */
    public record Requester(String subject, String kind, List<String> groups) {}

    /** One reviewer's vote. */
    public record VoteView(String reviewer, String decision, String comment, Instant at) {}

    static ApprovalView of(ApprovalRequest request, List<Vote> votes, String publicUrl) {
        return new ApprovalView(request.id().toString(), request.state().name(), request.state().decided(),
                publicUrl + "/approvals/" + request.id(),
                new Requester(request.requesterSubject(), request.requesterKind(), request.requesterGroups()),
                request.connection(), request.sessionId(), request.statement(), request.statementKind(),
                request.reason(), request.ruleId(), request.policyVersion(), request.reviewers(),
                request.minApprovals(), request.approvals(),
                votes.stream().map(vote -> new VoteView(vote.reviewer(),
                        vote.decision().name().toLowerCase(Locale.ROOT), vote.comment(), vote.votedAt())).toList(),
                request.createdAt(), request.expiresAt(), request.decidedAt(),
                request.decidedBy() == null ? null : request.decidedBy(), request.decisionComment(), request.usedAt());
    }
}
