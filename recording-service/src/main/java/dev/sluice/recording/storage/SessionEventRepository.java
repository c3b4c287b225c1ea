package dev.sluice.recording.storage;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** Stored session events. */
public interface SessionEventRepository extends JpaRepository<SessionEventEntity, Long> {

    long countByEventId(String eventId);

    List<SessionEventEntity> findBySessionIdOrderBySeq(String sessionId);
}
