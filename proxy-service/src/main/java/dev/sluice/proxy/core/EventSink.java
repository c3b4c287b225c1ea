package dev.sluice.proxy.core;

/** Where serialized session and audit events go. Implementations never block the data path for long. */
public interface EventSink extends AutoCloseable {

    /**
     * Hands one session event over for publication, keyed by session id so that a session's events stay in order.
     *
     * @return false when the event cannot be accepted (the caller must then refuse to run unrecorded commands)
     */
    boolean publish(String sessionId, String eventJson);

    /**
     * Hands one {@code sluice.audit} event over, keyed by the identity subject it is about.
     *
     * @return false when the event cannot be accepted
     */
    default boolean audit(String subject, String eventJson) {
        return true;
    }

    /**
     * Whether sessions may run new commands: false when events could not be kept should more arrive (or, in
     * strict mode, as soon as they cannot be acknowledged). May change back to true. Cheap: read per command.
     */
    default boolean accepting() {
        return true;
    }

    /** Publishes what is still pending and releases resources. */
    @Override
    default void close() {}
}
