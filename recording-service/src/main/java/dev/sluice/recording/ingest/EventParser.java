package dev.sluice.recording.ingest;

import dev.sluice.contracts.event.CommandExecuted;
import dev.sluice.contracts.event.SessionEnded;
import dev.sluice.contracts.event.SessionEvent;
import dev.sluice.contracts.event.SessionEventType;
import dev.sluice.contracts.event.SessionStarted;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the CloudEvents JSON envelope of a session event
 * (<a href="https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/formats/json-format.md">JSON format</a>).
 *
 * <p>Uses its own mapper with Jackson's defaults rather than the application's: the producer serialized
 * {@code data} with default settings, and the text re-serialized here must match it byte for byte for the
 * hash chain to verify. Rejection reasons never quote the payload (it may hold SQL with secrets in it);
 * they name fields and positions only.
 */
@Component
public final class EventParser {

    private static final int MAX_QUOTED_TYPE = 80;

    private final JsonMapper mapper = JsonMapper.builder()
            // newer producers may add payload fields; they are still recorded verbatim in data
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** Parses one record value; never throws for bad input. */
    public ParseResult parse(String value) {
        if (value == null || value.isBlank()) {
            return new ParseResult.Rejected("empty record value");
        }
        JsonNode root;
        try {
            root = mapper.readTree(value);
        } catch (JacksonException e) {
            return new ParseResult.Rejected("malformed JSON" + where(e.getLocation()));
        }
        if (root == null || !root.isObject()) {
            return new ParseResult.Rejected("not a JSON object");
        }
        try {
            return new ParseResult.Parsed(read(root));
        } catch (InvalidEvent e) {
            return new ParseResult.Rejected(e.getMessage());
        }
    }

    private IncomingEvent read(JsonNode root) {
        String specversion = requiredText(root, "specversion");
        if (!SessionEvent.SPEC_VERSION.equals(specversion)) {
            throw new InvalidEvent("unsupported specversion");
        }
        String typeName = requiredText(root, "type");
        SessionEventType type = SessionEventType.fromType(typeName)
                .orElseThrow(() -> new InvalidEvent("unknown type " + quote(typeName)));
        String id = requiredText(root, "id");
        String subject = requiredText(root, "subject");
        String time = requiredText(root, "time");
        String prevhash = requiredText(root, "prevhash");
        String hash = requiredText(root, "hash");
        JsonNode seqNode = root.path("seq");
        if (!seqNode.isIntegralNumber() || !seqNode.canConvertToLong() || seqNode.longValue() < 1) {
            throw new InvalidEvent("seq must be an integer >= 1");
        }
        JsonNode data = root.path("data");
        if (!data.isObject()) {
            throw new InvalidEvent("data must be a JSON object");
        }
        Instant eventTime = parseTime(time);
        String dataJson = mapper.writeValueAsString(data);
        return new IncomingEvent(id, type, subject, seqNode.longValue(), time, eventTime, prevhash, hash, dataJson,
                payload(type, data));
    }

    private EventPayload payload(SessionEventType type, JsonNode data) {
        try {
            return switch (type) {
                case SESSION_STARTED ->
                    new EventPayload.Started(started(mapper.treeToValue(data, SessionStarted.class)));
                case COMMAND -> new EventPayload.Command(mapper.treeToValue(data, CommandExecuted.class));
                case SESSION_ENDED -> new EventPayload.Ended(mapper.treeToValue(data, SessionEnded.class));
            };
        } catch (JacksonException | NullPointerException | IllegalArgumentException e) {
            String path = e instanceof JacksonException je ? je.getPathReference() : "";
            throw new InvalidEvent("data does not match " + type.dataClass().getSimpleName()
                    + (path == null || path.isEmpty() ? "" : " at " + path));
        }
    }

    private static SessionStarted started(SessionStarted data) {
        if (data.identity() == null || data.connection() == null) {
            throw new InvalidEvent("data of a started event needs identity and connection");
        }
        return data;
    }

    private static Instant parseTime(String time) {
        try {
            return OffsetDateTime.parse(time).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidEvent("time is not an RFC 3339 timestamp");
        }
    }

    private static String requiredText(JsonNode root, String field) {
        return Optional.ofNullable(root.get(field))
                .filter(JsonNode::isString)
                .map(JsonNode::stringValue)
                .filter(text -> !text.isBlank())
                .orElseThrow(() -> new InvalidEvent(field + " is missing or not a non-empty string"));
    }

    /** Event types are identifiers, but cap and sanitise them before they reach a log line. */
    private static String quote(String value) {
        String capped = value.length() > MAX_QUOTED_TYPE ? value.substring(0, MAX_QUOTED_TYPE) + "…" : value;
        return "'" + capped.replaceAll("[^A-Za-z0-9._:-]", "?") + "'";
    }

    private static String where(TokenStreamLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** Internal signal carrying a payload-free rejection reason. */
    private static final class InvalidEvent extends RuntimeException {
        InvalidEvent(String message) {
            super(message, null, false, false);
        }
    }
}
