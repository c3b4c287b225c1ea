package dev.sluice.recording.storage;

import java.util.List;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Sessions, newest first by start time (or first sighting for sessions whose start has not arrived). */
public interface SessionRepository extends JpaRepository<SessionEntity, String> {

    @Query("select s from SessionEntity s order by coalesce(s.startedAt, s.firstSeenAt) desc, s.id")
    List<SessionEntity> findNewest(Pageable page);
}
