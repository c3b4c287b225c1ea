package dev.sluice.proxy.core;

/** Where serialized session events go. Implementations never block the data path for long. */
public interface EventSink extends AutoCloseable {

    /**
     * Hands one event over for publication, keyed by session id so that a session's events stay in order.
     *
     * @return false when the event cannot be accepted (the caller must then refuse to run unrecorded commands)
     */
    boolean publish(String sessionId, String eventJson);

    /** Publishes what is still pending and releases resources. */
    @Override
    default void close() {}
}
