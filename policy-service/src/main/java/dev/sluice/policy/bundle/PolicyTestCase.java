package dev.sluice.policy.bundle;

import dev.sluice.contracts.decision.Effect;
import dev.sluice.contracts.identity.Identity;
import java.time.Instant;
import java.util.Objects;

/**
 * A policy test written in the bundle ({@code tests:} key): who runs what where, and the expected effect.
 * Run by {@code PolicyTestRunner} (CLI: {@code java -jar policy-service-exec.jar test <bundle-dir>}).
 *
 * @param name       what the case shows, unique enough to find it in the output
 * @param identity   the caller
 * @param connection the connection name
 * @param command    statement text, or {@link #CONNECT} for a connect
 * @param expect     the expected effect
 * @param rule       the rule expected to decide, or null when any rule will do
 * @param at         the moment the command is decided at (for time windows), or null for the time of the run
 * @param source     {@code file:line} of the case
 * @param limits     for a connect: the limits entry expected to apply ({@link #NO_LIMITS} for none), or null when
 *                   not checked
 */
public record PolicyTestCase(String name, Identity identity, String connection, String command, Effect expect, String rule,
        Instant at, String source, String limits) {

    /** The {@code limits} value that expects no limits entry to apply. */
    public static final String NO_LIMITS = "none";

    /** A case that does not check limits. */
    public PolicyTestCase(String name, Identity identity, String connection, String command, Effect expect, String rule,
            Instant at, String source) {
        this(name, identity, connection, command, expect, rule, at, source, null);
    }

    /** The command value that means "open a session" rather than a statement. */
    public static final String CONNECT = "connect";

    public PolicyTestCase {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(expect, "expect");
        source = source == null ? "" : source;
    }

    /** Whether the case is a connect rather than a query. */
    public boolean isConnect() {
        return CONNECT.equals(command.strip());
    }
}
