package dev.sluice.approval.grants;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** JIT access grants. */
public interface GrantRepository extends JpaRepository<AccessGrant, UUID> {

    @Query("select g from AccessGrant g where g.state = dev.sluice.approval.grants.GrantState.ACTIVE"
            + " and g.expiresAt > ?1 order by g.id")
    List<AccessGrant> findActive(Instant now);

    @Query("select g.id from AccessGrant g where g.state = dev.sluice.approval.grants.GrantState.ACTIVE"
            + " and g.expiresAt <= ?1")
    List<UUID> findExpiredActive(Instant now);

    @Query("select count(g) > 0 from AccessGrant g where g.requesterSubject = ?1 and g.connection = ?2"
            + " and g.group = ?3 and (g.state = dev.sluice.approval.grants.GrantState.PENDING"
            + " or (g.state = dev.sluice.approval.grants.GrantState.ACTIVE and g.expiresAt > ?4))")
    boolean existsOpen(String subject, String connection, String group, Instant now);

    @Query("select g from AccessGrant g where (?1 is null or g.state = ?1) order by g.createdAt desc")
    List<AccessGrant> findRecent(GrantState state, Pageable page);
}
