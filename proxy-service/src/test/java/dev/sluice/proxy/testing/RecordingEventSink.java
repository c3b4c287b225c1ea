package dev.sluice.proxy.testing;

import dev.sluice.proxy.core.EventSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Keeps published events in memory; Kafka delivery itself is tested end to end in standalone. */
public final class RecordingEventSink implements EventSink {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();

    @Override
    public boolean publish(String sessionId, String eventJson) {
        events.add(JSON.readTree(eventJson));
        return true;
    }

    public List<JsonNode> events() {
        return events;
    }
}
