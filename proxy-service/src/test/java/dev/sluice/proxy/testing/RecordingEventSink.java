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
    private final List<JsonNode> audits = new CopyOnWriteArrayList<>();
    private final List<String> auditJson = new CopyOnWriteArrayList<>();

    @Override
    public boolean publish(String sessionId, String eventJson) {
        events.add(JSON.readTree(eventJson));
        return true;
    }

    @Override
    public boolean audit(String subject, String eventJson) {
        auditJson.add(eventJson);
        audits.add(JSON.readTree(eventJson));
        return true;
    }

    public List<JsonNode> events() {
        return events;
    }

    /** The {@code sluice.audit} events handed over, parsed. */
    public List<JsonNode> audits() {
        return audits;
    }

    /** The {@code sluice.audit} events exactly as handed over, to search for what must never appear. */
    public List<String> auditJson() {
        return auditJson;
    }
}
