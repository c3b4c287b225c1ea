package dev.sluice.contracts.decision;

import java.util.Map;
import java.util.Objects;

/**
 * The command under decision.
 *
 * @param type       command kind
 * @param text       the exact text the client sent (SQL, shell line, request line); empty for connect
 * @param attributes protocol facts, e.g. {@code message: Parse}, {@code statementName: s1}
 */
public record Command(CommandType type, String text, Map<String, String> attributes) {
    public Command {
        Objects.requireNonNull(type, "type");
        text = text == null ? "" : text;
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
