package dev.sluice.contracts.decision;

import java.util.Map;
import java.util.Objects;

/**
 * The target a command is aimed at.
 *
 * @param name     connection name as the client addressed it (for PostgreSQL, the startup {@code database})
 * @param protocol wire protocol: {@code postgres}, {@code ssh}, {@code kubernetes}, {@code http}
 * @param tags     connection tags from configuration, e.g. {@code env: prod}
 */
public record ConnectionRef(String name, String protocol, Map<String, String> tags) {
    public ConnectionRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(protocol, "protocol");
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
