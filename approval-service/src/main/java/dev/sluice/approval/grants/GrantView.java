package dev.sluice.approval.grants;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A grant as the API shows it (docs/approvals.md).
 *
 * @param id            grant id
 * @param state         PENDING, ACTIVE, DENIED, CANCELLED, EXPIRED or REVOKED
 * @param requester     who asked
 * @param requesterKind human or service
 * @param connection    the connection the grant is for
 * @param group         the group it confers there
 * @param duration      requested duration (ISO-8601)
 * @param justification why the requester needs it
 * @param reviewers     groups whose members decide
 * @param minApprovals  distinct approvals needed
 * @param approvals     approvals so far
 * @param votes         every reviewer's vote
 * @param createdAt     when it was requested
 * @param activatedAt   when it became active, or null
 * @param expiresAt     when an active grant ends, or null before approval
 * @param decidedBy     the reviewer whose vote decided it, or null
 * @param comment       the deciding comment
 * @param endedAt       when it was cancelled, revoked or expired, or null
 * @param endedBy       who cancelled or revoked it (empty for an expiry), or null
 * @param endComment    the revocation note
 */
public record GrantView(
        String id,
        String state,
        String requester,
        String requesterKind,
        String connection,
        String group,
        String duration,
        String justification,
        List<String> reviewers,
        int minApprovals,
        int approvals,
        List<VoteView> votes,
        Instant createdAt,
        Instant activatedAt,
        Instant expiresAt,
        String decidedBy,
        String comment,
        Instant endedAt,
        String endedBy,
        String endComment) {

    /** One reviewer's vote. */
    public record VoteView(String reviewer, String decision, String comment, Instant at) {}

    static GrantView of(AccessGrant grant, List<GrantVote> votes) {
        return new GrantView(grant.id().toString(), grant.state().name(), grant.requesterSubject(),
                grant.requesterKind(), grant.connection(), grant.group(), grant.duration().toString(),
                grant.justification(), grant.reviewers(), grant.minApprovals(), grant.approvals(),
                votes.stream().map(vote -> new VoteView(vote.reviewer(),
                        vote.decision().name().toLowerCase(Locale.ROOT), vote.comment(), vote.votedAt())).toList(),
                grant.createdAt(), grant.activatedAt(), grant.expiresAt(), grant.decidedBy(), grant.decisionComment(),
                grant.endedAt(), grant.endedBy(), grant.endComment());
    }
}
