package dev.sluice.recording.ingest;

import dev.sluice.contracts.event.CommandExecuted;
import dev.sluice.contracts.event.SessionEnded;
import dev.sluice.contracts.event.SessionStarted;
import java.util.Objects;

/** The typed {@code data} of a session event, one case per {@link dev.sluice.contracts.event.SessionEventType}. */
public sealed interface EventPayload {

    /** {@code sluice.session.started}. */
    record Started(SessionStarted data) implements EventPayload {
        public Started {
            Objects.requireNonNull(data, "data");
        }
    }

    /** {@code sluice.session.command}. */
    record Command(CommandExecuted data) implements EventPayload {
        public Command {
            Objects.requireNonNull(data, "data");
        }
    }

    /** {@code sluice.session.ended}. */
    record Ended(SessionEnded data) implements EventPayload {
        public Ended {
            Objects.requireNonNull(data, "data");
        }
    }
}
