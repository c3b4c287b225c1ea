package dev.sluice.recording.alerts;

import dev.sluice.contracts.audit.AlertTypes;
import dev.sluice.contracts.audit.AuditTypes;
import dev.sluice.recording.config.RecordingProperties;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The alert rules over audit events, as a state machine fed one event at a time (not thread-safe: one consumer
 * thread feeds it). Count rules use a sliding window over the events' own {@code time}, so replaying the feed
 * gives the same alerts; after an alert the identity's window for that rule starts empty again. Events already
 * seen (same {@code id}, the feed is at least once) are ignored.
 */
public final class AlertRules {
    private static final int REMEMBERED_IDS = 100_000;

    /**
     * An alert to publish.
     *
     * @param type    one of {@link AlertTypes}
     * @param subject the identity it is about
     * @param data    the alert's fields
     */
    public record Alert(String type, String subject, Map<String, Object> data) {}

    private record Seen(Instant time, String id) {}

    private final RecordingProperties.Alerts settings;
    private final Map<String, Deque<Seen>> windows = new HashMap<>();
    private final Map<String, Boolean> seenIds = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_IDS;
        }
    };

    public AlertRules(RecordingProperties.Alerts settings) {
        this.settings = settings;
    }

    /** Feeds one audit event; returns the alert it raises, if any. */
    public Optional<Alert> accept(JsonNode event) {
        String id = text(event, "id");
        if (id.isEmpty() || seenIds.put(id, Boolean.TRUE) != null) {
            return Optional.empty();
        }
        String type = text(event, "type");
        String subject = text(event, "subject");
        JsonNode data = event.path("data");
        Instant time = time(text(event, "time"));
        if (AuditTypes.DECISION.equals(type)) {
            String effect = text(data, "effect").toUpperCase(Locale.ROOT);
            return switch (effect) {
                case "DENY" -> count(AlertTypes.REPEATED_DENIALS, "repeated-denials", settings.denials(), subject,
                        time, id);
                case "MASK" -> count(AlertTypes.MASKED_BURST, "masked-burst", settings.masked(), subject, time, id);
                default -> Optional.empty();
            };
        }
        if (AuditTypes.APPROVAL.equals(type) && approvalDenied(data)) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("rule", "approval-denied");
            fields.put("count", 1);
            fields.put("threshold", 1);
            fields.put("windowSeconds", 0);
            fields.put("firstEventTime", time.toString());
            fields.put("lastEventTime", time.toString());
            fields.put("eventIds", List.of(id));
            copyIfPresent(data, fields, "approvalId", "sessionId", "connection", "decidedBy");
            return Optional.of(new Alert(AlertTypes.APPROVAL_DENIED, subject, fields));
        }
        return Optional.empty();
    }

    private Optional<Alert> count(String type, String rule, int threshold, String subject, Instant time, String id) {
        Deque<Seen> window = windows.computeIfAbsent(rule + '\0' + subject, key -> new ArrayDeque<>());
        window.addLast(new Seen(time, id));
        Instant horizon = time.minus(settings.window());
        while (!window.isEmpty() && window.peekFirst().time().isBefore(horizon)) {
            window.removeFirst();
        }
        if (window.size() < threshold) {
            return Optional.empty();
        }
        List<String> ids = new ArrayList<>();
        window.forEach(seen -> ids.add(seen.id()));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("rule", rule);
        fields.put("count", window.size());
        fields.put("threshold", threshold);
        fields.put("windowSeconds", settings.window().toSeconds());
        fields.put("firstEventTime", window.peekFirst().time().toString());
        fields.put("lastEventTime", window.peekLast().time().toString());
        fields.put("eventIds", ids);
        window.clear();
        return Optional.of(new Alert(type, subject, fields));
    }

    /** The approval service's layout may name the new state {@code state}, {@code status} or {@code transition}. */
    private static boolean approvalDenied(JsonNode data) {
        for (String field : List.of("state", "status", "transition")) {
            if ("denied".equalsIgnoreCase(text(data, field))) {
                return true;
            }
        }
        return false;
    }

    private static void copyIfPresent(JsonNode data, Map<String, Object> into, String... fields) {
        for (String field : fields) {
            if (data.hasNonNull(field)) {
                into.put(field, text(data, field));
            }
        }
    }

    private static Instant time(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return Instant.now();
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.stringValue() : value.isMissingNode() || value.isNull() ? "" : value.toString();
    }

    /** Window length, for tests and documentation. */
    Duration window() {
        return settings.window();
    }
}
