package dev.sluice.approval.store;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

/** Reviewers' votes. */
public interface VoteRepository extends JpaRepository<Vote, Vote.Key> {

    List<Vote> findByApprovalIdOrderByVotedAt(UUID approvalId);
}
