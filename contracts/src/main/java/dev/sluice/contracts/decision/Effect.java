package dev.sluice.contracts.decision;

import java.util.Optional;

/**
 * What the gateway does with a command. Ordered from least to most restrictive: when several
 * effects apply to one message (a multi-statement query), the strictest wins.
 */
public enum Effect {
    ALLOW,
    MASK,
    REQUIRE_APPROVAL,
    DENY;

    /** The stricter of two effects. */
    public Effect strictest(Effect other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    /**
     * Parses a wire value exactly. Anything unknown is empty so that callers can fail closed
     * rather than guess.
     */
    public static Optional<Effect> fromWire(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (Effect effect : values()) {
            if (effect.name().equals(value)) {
                return Optional.of(effect);
            }
        }
        return Optional.empty();
    }
}
