package dev.sluice.approval.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Approval requests. */
public interface ApprovalRepository extends JpaRepository<ApprovalRequest, UUID> {

    @Query("select a.id from ApprovalRequest a where a.state = dev.sluice.approval.store.ApprovalState.PENDING"
            + " and a.expiresAt <= ?1")
    List<UUID> findExpiredPending(Instant now);

    long countByState(ApprovalState state);

    @Query("select a from ApprovalRequest a where (?1 is null or a.state = ?1) order by a.createdAt desc")
    List<ApprovalRequest> findRecent(ApprovalState state, Pageable page);
}
