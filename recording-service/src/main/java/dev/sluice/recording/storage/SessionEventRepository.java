package dev.sluice.recording.storage;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

/** Stored session events. */
public interface SessionEventRepository extends JpaRepository<SessionEventEntity, Long> {

    boolean existsByEventId(String eventId);

    long countByEventId(String eventId);

    Optional<SessionEventEntity> findBySessionIdAndSeq(String sessionId, long seq);

    List<SessionEventEntity> findBySessionIdOrderBySeq(String sessionId);
}
