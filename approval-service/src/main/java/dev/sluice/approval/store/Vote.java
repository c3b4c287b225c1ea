package dev.sluice.approval.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** One reviewer's approve or deny on a request; the primary key makes a reviewer count once. */
@Entity
@Table(schema = "approval", name = "approval_votes")
@IdClass(Vote.Key.class)
public class Vote {

    /** Approve or deny. */
    public enum Choice {
        APPROVE, DENY
    }

    /** Composite key: (approval, reviewer). */
    public record Key(UUID approvalId, String reviewer) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    @Id
    @Column(name = "approval_id")
    private UUID approvalId;
    @Id
    private String reviewer;
    @Enumerated(EnumType.STRING)
    private Choice decision;
    private String comment;
    @Column(name = "voted_at")
    private Instant votedAt;

    protected Vote() {
        // for JPA
    }

    public Vote(UUID approvalId, String reviewer, Choice decision, String comment, Instant votedAt) {
        this.approvalId = approvalId;
        this.reviewer = reviewer;
        this.decision = decision;
        this.comment = comment;
        this.votedAt = votedAt;
    }

    public UUID approvalId() {
        return approvalId;
    }

    public String reviewer() {
        return reviewer;
    }

    public Choice decision() {
        return decision;
    }

    public String comment() {
        return comment;
    }

    public Instant votedAt() {
        return votedAt;
    }
}
