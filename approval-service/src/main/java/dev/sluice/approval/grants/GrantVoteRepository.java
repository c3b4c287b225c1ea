package dev.sluice.approval.grants;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

/** Reviewers' votes on grants. */
public interface GrantVoteRepository extends JpaRepository<GrantVote, GrantVote.Key> {
    List<GrantVote> findByGrantIdOrderByVotedAt(UUID grantId);
}
