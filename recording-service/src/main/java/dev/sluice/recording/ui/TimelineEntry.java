package dev.sluice.recording.ui;

import dev.sluice.recording.web.SessionDetail;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One line of a replayed session, flattened from an event for the template. Statement text and result samples
 * are user data: the template prints them with {@code th:text}, which escapes them.
 *
 * @param sample masked result rows when the event carries them ({@code data.sample} or {@code data.resultSample}:
 *               rows as arrays or objects), else empty
 */
public record TimelineEntry(long seq, String time, String kind, String message, String statement, String effect,
        String ruleId, String reason, String approval, long durationMicros, long rows, String commandTag,
        String error, boolean chainOk, List<String> sample) {

    static TimelineEntry of(SessionDetail.Event event) {
        JsonNode data = event.data();
        String kind = switch (event.type()) {
            case "sluice.session.started" -> "started";
            case "sluice.session.ended" -> "ended";
            case "sluice.session.command" -> "command";
            default -> event.type();
        };
        String error = text(data, "errorCode").isEmpty() ? ""
                : text(data, "errorCode") + " " + text(data, "errorMessage");
        String statement = switch (kind) {
            case "started" -> "session started by " + text(data.path("identity"), "subject") + " from "
                    + text(data, "clientAddress") + " (" + text(data, "clientApplication") + ")";
            case "ended" -> "session ended: " + text(data, "reason");
            default -> text(data, "text");
        };
        return new TimelineEntry(event.seq(), event.time(), kind, text(data, "message"), statement,
                text(data, "effect"), text(data, "ruleId"), text(data, "reason"), text(data, "approvalId"),
                data.path("durationMicros").asLong(0), data.path("rowsAffected").asLong(-1),
                text(data, "commandTag"), error.trim(), event.chainOk(), sample(data));
    }

    private static List<String> sample(JsonNode data) {
        JsonNode rows = data.has("sample") ? data.get("sample") : data.path("resultSample");
        List<String> lines = new ArrayList<>();
        if (rows.isArray()) {
            rows.forEach(row -> lines.add(row.isString() ? row.stringValue() : row.toString()));
        }
        return lines;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return "";
        }
        return value.isString() ? value.stringValue() : value.toString();
    }
}
