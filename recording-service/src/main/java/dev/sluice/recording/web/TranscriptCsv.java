package dev.sluice.recording.web;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A transcript as CSV (<a href="https://www.rfc-editor.org/rfc/rfc4180">RFC 4180</a>): one row per event, CRLF line
 * ends, fields quoted when needed. A field that a spreadsheet would run as a formula (starting with {@code =},
 * {@code +}, {@code -}, {@code @}, tab or CR) is prefixed with {@code '}: statement text is user input, and an
 * exported transcript is often opened in one.
 */
final class TranscriptCsv {

    static final List<String> COLUMNS = List.of("seq", "time", "type", "message", "text", "effect", "rule_id",
            "reason", "policy_version", "duration_micros", "command_tag", "rows_affected", "error_code",
            "error_message", "prevhash", "hash");

    private TranscriptCsv() {}

    static String write(SessionDetail session) {
        StringBuilder csv = new StringBuilder();
        row(csv, COLUMNS);
        for (SessionDetail.Event event : session.events()) {
            JsonNode data = event.data();
            row(csv, List.of(Long.toString(event.seq()), event.time(), event.type(), text(data, "message"),
                    text(data, "text"), text(data, "effect"), text(data, "ruleId"), text(data, "reason"),
                    text(data, "policyVersion"), text(data, "durationMicros"), text(data, "commandTag"),
                    text(data, "rowsAffected"), text(data, "errorCode"), text(data, "errorMessage"),
                    event.prevhash(), event.hash()));
        }
        return csv.toString();
    }

    private static void row(StringBuilder csv, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(field(fields.get(i)));
        }
        csv.append("\r\n");
    }

    static String field(String value) {
        String safe = value;
        if (!safe.isEmpty() && "=+-@\t\r".indexOf(safe.charAt(0)) >= 0) {
            safe = "'" + safe;
        }
        if (safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0
                || safe.indexOf('\r') >= 0) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }

    private static String text(JsonNode data, String field) {
        JsonNode value = data.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return "";
        }
        return value.isString() ? value.stringValue() : value.toString();
    }
}
