package dev.sluice.approval.grants;

import dev.sluice.approval.store.Vote;
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

/** One reviewer's approve or deny on a grant; the primary key makes a reviewer count once. */
@Entity
@Table(schema = "approval", name = "access_grant_votes")
@IdClass(GrantVote.Key.class)
public class GrantVote {

    /** Composite key: (grant, reviewer). */
    public record Key(UUID grantId, String reviewer) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    @Id
    @Column(name = "grant_id")
    private UUID grantId;
    @Id
    private String reviewer;
    @Enumerated(EnumType.STRING)
    private Vote.Choice decision;
    private String comment;
    @Column(name = "voted_at")
    private Instant votedAt;

    protected GrantVote() {
        // for JPA
    }

    GrantVote(UUID grantId, String reviewer, Vote.Choice decision, String comment, Instant votedAt) {
        this.grantId = grantId;
        this.reviewer = reviewer;
        this.decision = decision;
        this.comment = comment;
        this.votedAt = votedAt;
    }

    public String reviewer() {
        return reviewer;
    }

    public Vote.Choice decision() {
        return decision;
    }

    public String comment() {
        return comment;
    }

    public Instant votedAt() {
        return votedAt;
    }
}
