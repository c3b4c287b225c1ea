package dev.sluice.contracts.identity;

import java.util.Locale;
import java.util.Optional;

/** Whether an identity is a person or a non-human caller (AI agent, CI job, bot). */
public enum IdentityKind {
    HUMAN,
    SERVICE;

    /** The lower-case form used in token claims ({@code kind: human|service}). */
    public String claimValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a claim value case-insensitively; empty for anything else. */
    public static Optional<IdentityKind> fromClaim(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "human" -> Optional.of(HUMAN);
            case "service" -> Optional.of(SERVICE);
            default -> Optional.empty();
        };
    }
}
