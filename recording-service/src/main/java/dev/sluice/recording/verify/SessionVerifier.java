package dev.sluice.recording.verify;

import dev.sluice.recording.storage.RejectedEventEntity;
import dev.sluice.recording.storage.RejectedEventRepository;
import dev.sluice.recording.storage.SessionEventRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/** Loads a session's stored events and parked sequence conflicts and hands them to {@link ChainVerifier}. */
@Service
public final class SessionVerifier {

    /** The reason {@code EventIngestor} gives a parked sequence conflict; the number is the contested seq. */
    private static final Pattern SEQ_CONFLICT = Pattern.compile("^seq (\\d+) of session already taken");

    private final SessionEventRepository events;
    private final RejectedEventRepository rejected;

    public SessionVerifier(SessionEventRepository events, RejectedEventRepository rejected) {
        this.events = events;
        this.rejected = rejected;
    }

    /** Re-verifies the session's chain from what is stored now. */
    public ChainVerification verify(String sessionId) {
        List<ChainVerifier.StoredEvent> stored = events.findBySessionIdOrderBySeq(sessionId).stream()
                .map(event -> new ChainVerifier.StoredEvent(event.getId(), event.getEventId(), event.getSessionId(),
                        event.getSeq(), event.getType(), event.getEventTimeText(), event.getPrevhash(),
                        event.getHash(), event.getData()))
                .toList();
        List<Long> conflicts = new ArrayList<>();
        for (RejectedEventEntity parked : rejected.findByRecordKeyOrderByIdAsc(sessionId)) {
            Matcher matcher = SEQ_CONFLICT.matcher(parked.getReason());
            if (matcher.find()) {
                conflicts.add(Long.parseLong(matcher.group(1)));
            }
        }
        return ChainVerifier.verify(sessionId, stored, conflicts);
    }
}
