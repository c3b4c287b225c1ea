package dev.sluice.contracts.event;

import java.util.Optional;

/** The CloudEvents {@code type} values of session events and the payload class of each. */
public enum SessionEventType {
    SESSION_STARTED("sluice.session.started", SessionStarted.class),
    COMMAND("sluice.session.command", CommandExecuted.class),
    SESSION_ENDED("sluice.session.ended", SessionEnded.class);

    private final String type;
    private final Class<?> dataClass;

    SessionEventType(String type, Class<?> dataClass) {
        this.type = type;
        this.dataClass = dataClass;
    }

    /** The CloudEvents {@code type} attribute. */
    public String type() {
        return type;
    }

    /** The record class of the {@code data} attribute. */
    public Class<?> dataClass() {
        return dataClass;
    }

    /** Looks up a CloudEvents type; empty for types this version does not know. */
    public static Optional<SessionEventType> fromType(String type) {
        for (SessionEventType value : values()) {
            if (value.type.equals(type)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
