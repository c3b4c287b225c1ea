package dev.sluice.recording.ingest;

import java.util.Objects;

/** Outcome of reading one Kafka record value as a session event. */
public sealed interface ParseResult {

    /** A well-formed event of a known type. */
    record Parsed(IncomingEvent event) implements ParseResult {
        public Parsed {
            Objects.requireNonNull(event, "event");
        }
    }

    /**
     * A record that is not a usable session event.
     *
     * @param reason why, free of payload content so that it may be logged
     */
    record Rejected(String reason) implements ParseResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
