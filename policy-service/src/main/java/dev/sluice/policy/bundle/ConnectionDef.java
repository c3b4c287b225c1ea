package dev.sluice.policy.bundle;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A connection declared in the bundle ({@code connections:}): its protocol and tags, versioned with the rules
 * that match on them ({@code connectionTags}, {@code protocols}).
 *
 * @param name     the connection name as clients address it
 * @param protocol the protocol it must be reached over, or null when the bundle does not say
 * @param tags     tags such as {@code env: prod}; they override a proxy's tags of the same name
 * @param source   {@code file:line} of the declaration
 */
public record ConnectionDef(String name, String protocol, Map<String, String> tags, String source) {

    /** Protocols a connection may be declared with and rules may name. */
    public static final Set<String> PROTOCOLS = Set.of("postgres", "mysql", "ssh", "kubernetes", "http");

    public ConnectionDef {
        Objects.requireNonNull(name, "name");
        tags = Map.copyOf(tags);
        source = source == null ? "" : source;
    }
}
