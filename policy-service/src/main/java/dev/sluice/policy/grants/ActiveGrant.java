package dev.sluice.policy.grants;

import java.time.Instant;
import java.util.Objects;

/**
 * A JIT access grant approved in approval-service: until {@code expiresAt}, {@code subject} counts as a member of
 * {@code group} on {@code connection}.
 *
 * @param id         grant id (named in decision reasons)
 * @param subject    the identity subject it was granted to
 * @param connection the one connection it applies to
 * @param group      the group it confers there
 * @param expiresAt  when it stops applying, whatever approval-service says later
 */
public record ActiveGrant(String id, String subject, String connection, String group, Instant expiresAt) {
    public ActiveGrant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Whether it applies at {@code now}. */
    public boolean activeAt(Instant now) {
        return now.isBefore(expiresAt);
    }
}
