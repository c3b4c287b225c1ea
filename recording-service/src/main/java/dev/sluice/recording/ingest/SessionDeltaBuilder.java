package dev.sluice.recording.ingest;

import dev.sluice.contracts.event.SessionStarted;
import dev.sluice.recording.storage.SessionDelta;

/**
 * Folds a session's events of one batch, in the order they were consumed, into a {@link SessionDelta}: the
 * same result as applying them one by one to {@link dev.sluice.recording.storage.SessionEntity}.
 */
final class SessionDeltaBuilder {

    private final String sessionId;
    private SessionDelta.Start start;
    private SessionDelta.End end;
    private long commandCount;
    private long lastSeq;

    SessionDeltaBuilder(String sessionId) {
        this.sessionId = sessionId;
    }

    void apply(IncomingEvent event) {
        lastSeq = Math.max(lastSeq, event.seq());
        switch (event.payload()) {
            case EventPayload.Started(SessionStarted data) -> start = new SessionDelta.Start(event.eventTime(),
                    data.identity().subject(), data.identity().kind().name(), data.identity().groups(),
                    data.connection().name(), data.connection().protocol(), data.clientAddress(),
                    data.clientApplication());
            case EventPayload.Command command -> commandCount++;
            case EventPayload.Ended(var data) -> end = new SessionDelta.End(event.eventTime(), data.reason());
        }
    }

    SessionDelta build() {
        return new SessionDelta(sessionId, start, end, commandCount, lastSeq);
    }
}
