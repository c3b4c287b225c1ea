package dev.sluice.proxy.core;

/** Accepts and drops every event; for deployments that switch recording off explicitly. */
public final class DiscardingEventSink implements EventSink {
    @Override
    public boolean publish(String sessionId, String eventJson) {
        return true;
    }
}
