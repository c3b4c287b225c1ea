package dev.sluice.approval.ui;

import dev.sluice.approval.service.Caller;
import dev.sluice.approval.store.ApprovalRequest;
import dev.sluice.approval.store.ApprovalState;
import dev.sluice.approval.store.Vote;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * An approval request as a reviewer sees it: everything needed to decide without leaving the page.
 *
 * @param id             request id
 * @param state          PENDING, APPROVED, DENIED, EXPIRED, CANCELLED or USED
 * @param agent          whether the requester is a non-human identity (service, agent, CI job)
 * @param requester      subject of the identity whose statement is held
 * @param requesterGroups the requester's groups at the time of the request
 * @param connection     gateway connection
 * @param sessionId      gateway session
 * @param statementKind  protocol message that carried the statement
 * @param sql            the statement, highlighted
 * @param reason         the policy's reason
 * @param ruleId         the rule that required approval
 * @param policyVersion  version of the deciding bundle
 * @param reviewers      groups whose members may decide
 * @param approvals      approvals so far
 * @param minApprovals   approvals needed
 * @param votes          votes cast, oldest first
 * @param createdAt      when the statement was held
 * @param age            how long it has waited (until its decision, once decided), e.g. {@code 3m 12s}
 * @param expiresAt      when it expires
 * @param remaining      time left before expiry, empty once decided or past
 * @param decidedBy      who decided, if anyone
 * @param comment        the deciding comment
 * @param canDecide      whether the signed-in reviewer may approve or deny it now
 * @param whyNot         why the signed-in user may not decide a pending request, or empty
 */
public record ApprovalCard(
        String id,
        String state,
        boolean agent,
        String requester,
        List<String> requesterGroups,
        String connection,
        String sessionId,
        String statementKind,
        List<SqlHighlighter.Span> sql,
        String reason,
        String ruleId,
        String policyVersion,
        List<String> reviewers,
        int approvals,
        int minApprovals,
        List<Vote> votes,
        Instant createdAt,
        String age,
        Instant expiresAt,
        String remaining,
        String decidedBy,
        String comment,
        boolean canDecide,
        String whyNot) {

    static ApprovalCard of(ApprovalRequest request, List<Vote> votes, Caller viewer, Instant now) {
        boolean pending = request.state() == ApprovalState.PENDING && now.isBefore(request.expiresAt());
        boolean voted = votes.stream().anyMatch(vote -> vote.reviewer().equals(viewer.subject()));
        String whyNot = !pending ? ""
                : viewer.subject().equals(request.requesterSubject()) ? "This is your own request: another reviewer must decide it."
                : !viewer.inAny(request.reviewers()) ? "Only members of " + String.join(", ", request.reviewers()) + " may decide."
                : !"human".equals(viewer.kind()) ? "Only people may review requests."
                : voted ? "You have already voted; another reviewer must decide."
                : "";
        return new ApprovalCard(request.id().toString(), request.state().name(),
                !"human".equals(request.requesterKind()), request.requesterSubject(), request.requesterGroups(),
                request.connection(), request.sessionId(), request.statementKind(),
                SqlHighlighter.highlight(request.statement()), request.reason(), request.ruleId(),
                request.policyVersion(), request.reviewers(), request.approvals(), request.minApprovals(), votes,
                request.createdAt(), human(Duration.between(request.createdAt(),
                        request.decidedAt() == null ? now : request.decidedAt())), request.expiresAt(),
                pending ? human(Duration.between(now, request.expiresAt())) : "",
                request.decidedBy() == null ? "" : request.decidedBy(),
                request.decisionComment() == null ? "" : request.decisionComment(), pending && whyNot.isEmpty(),
                whyNot);
    }

    /** The state in lower case, for CSS classes. */
    public String stateClass() {
        return "state-" + state.toLowerCase(Locale.ROOT);
    }

    /** {@code 1h 4m}, {@code 3m 12s}, {@code 40s}: precise enough to judge urgency. */
    static String human(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds >= 86_400) {
            return seconds / 86_400 + "d " + seconds % 86_400 / 3600 + "h";
        }
        if (seconds >= 3600) {
            return seconds / 3600 + "h " + seconds % 3600 / 60 + "m";
        }
        if (seconds >= 60) {
            return seconds / 60 + "m " + seconds % 60 + "s";
        }
        return seconds + "s";
    }
}
