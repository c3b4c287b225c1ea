package dev.sluice.recording.storage;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** Records parked because they could not be stored as session events. */
public interface RejectedEventRepository extends JpaRepository<RejectedEventEntity, Long> {

    List<RejectedEventEntity> findByTopicOrderByKafkaPartitionAscKafkaOffsetAsc(String topic);

    /** Parked records of one session (records are keyed by session id). */
    List<RejectedEventEntity> findByRecordKeyOrderByIdAsc(String recordKey);
}
