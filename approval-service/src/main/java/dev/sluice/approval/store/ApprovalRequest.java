package dev.sluice.approval.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * One held command waiting for reviewers. Every transition changes the row and so its {@link Version}: of two
 * racing transitions only one commits, the other is retried against the new state.
 */
@Entity
@Table(schema = "approval", name = "approval_requests")
public class ApprovalRequest {
    @Id
    private UUID id;
    @Version
    private long version;
    @Enumerated(EnumType.STRING)
    private ApprovalState state;
    @Column(name = "requester_subject")
    private String requesterSubject;
    @Column(name = "requester_kind")
    private String requesterKind;
    @Column(name = "requester_groups")
    private String requesterGroups;
    @Column(name = "connection_name")
    private String connection;
    @Column(name = "session_id")
    private String sessionId;
    private String statement;
    @Column(name = "statement_kind")
    private String statementKind;
    @Column(name = "binding_hash")
    private String bindingHash;
    private String reason;
    @Column(name = "rule_id")
    private String ruleId;
    @Column(name = "policy_version")
    private String policyVersion;
    @Column(name = "reviewer_groups")
    private String reviewerGroups;
    @Column(name = "min_approvals")
    private int minApprovals;
    private int approvals;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "expires_at")
    private Instant expiresAt;
    @Column(name = "decided_at")
    private Instant decidedAt;
    @Column(name = "decided_by")
    private String decidedBy;
    @Column(name = "decision_comment")
    private String decisionComment;
    @Column(name = "used_at")
    private Instant usedAt;

    protected ApprovalRequest() {
        // for JPA
    }

    /** A new pending request. */
    public ApprovalRequest(UUID id, NewApproval request, Instant now) {
        this.id = id;
        this.state = ApprovalState.PENDING;
        this.requesterSubject = request.requesterSubject();
        this.requesterKind = request.requesterKind();
        this.requesterGroups = join(request.requesterGroups());
        this.connection = request.connection();
        this.sessionId = request.sessionId();
        this.statement = request.statement();
        this.statementKind = request.statementKind();
        this.bindingHash = request.bindingHash();
        this.reason = request.reason();
        this.ruleId = request.ruleId();
        this.policyVersion = request.policyVersion();
        this.reviewerGroups = join(request.reviewers());
        this.minApprovals = request.minApprovals();
        this.createdAt = now;
        this.expiresAt = now.plus(request.timeout());
    }

    /** Records an approving vote; approved once enough distinct reviewers agreed. */
    public void approve(String reviewer, String comment, Instant now) {
        approvals++;
        if (approvals >= minApprovals) {
            decide(ApprovalState.APPROVED, reviewer, comment, now);
        }
    }

    /** Moves to a final state. */
    public void decide(ApprovalState finalState, String by, String comment, Instant now) {
        state = finalState;
        decidedAt = now;
        decidedBy = by;
        decisionComment = comment;
    }

    /** The approved statement was released. */
    public void use(Instant now) {
        state = ApprovalState.USED;
        usedAt = now;
    }

    public UUID id() {
        return id;
    }

    public ApprovalState state() {
        return state;
    }

    public String requesterSubject() {
        return requesterSubject;
    }

    public String requesterKind() {
        return requesterKind;
    }

    public List<String> requesterGroups() {
        return split(requesterGroups);
    }

    public String connection() {
        return connection;
    }

    public String sessionId() {
        return sessionId;
    }

    public String statement() {
        return statement;
    }

    public String statementKind() {
        return statementKind;
    }

    public String bindingHash() {
        return bindingHash;
    }

    public String reason() {
        return reason;
    }

    public String ruleId() {
        return ruleId;
    }

    public String policyVersion() {
        return policyVersion;
    }

    public List<String> reviewers() {
        return split(reviewerGroups);
    }

    public int minApprovals() {
        return minApprovals;
    }

    public int approvals() {
        return approvals;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public Instant decidedAt() {
        return decidedAt;
    }

    public String decidedBy() {
        return decidedBy;
    }

    public String decisionComment() {
        return decisionComment;
    }

    public Instant usedAt() {
        return usedAt;
    }

    // Group names never contain line breaks (they are validated on the way in), so one per line is unambiguous.
    private static String join(List<String> values) {
        return String.join("\n", values);
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split("\n"));
    }
}
