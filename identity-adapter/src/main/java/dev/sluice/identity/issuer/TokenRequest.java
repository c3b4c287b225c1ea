package dev.sluice.identity.issuer;

import dev.sluice.contracts.identity.IdentityKind;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a token should say about its holder.
 *
 * @param subject the {@code sub}
 * @param groups  the {@code groups} claim (may be empty)
 * @param kind    human or service; decides the default and maximum lifetime
 * @param team    optional {@code team} claim, null when absent
 * @param ttl     requested lifetime, null for the kind's default
 */
public record TokenRequest(String subject, List<String> groups, IdentityKind kind, String team, Duration ttl) {

    public TokenRequest {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("subject must not be blank");
        }
        Objects.requireNonNull(kind, "kind");
        groups = groups == null ? List.of() : List.copyOf(groups);
        team = team == null || team.isBlank() ? null : team;
    }

    /** A request with the kind's default lifetime and no team. */
    public static TokenRequest of(String subject, List<String> groups, IdentityKind kind) {
        return new TokenRequest(subject, groups, kind, null, null);
    }

    /** The same request with another lifetime. */
    public TokenRequest withTtl(Duration newTtl) {
        return new TokenRequest(subject, groups, kind, team, newTtl);
    }

    /** The team claim, if any. */
    public Optional<String> teamClaim() {
        return Optional.ofNullable(team);
    }
}
