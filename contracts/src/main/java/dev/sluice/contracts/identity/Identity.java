package dev.sluice.contracts.identity;

import java.util.List;
import java.util.Objects;

/**
 * Who is calling, as established from a verified Sluice token.
 *
 * @param subject the token subject ({@code sub}), e.g. {@code alice} or {@code ci-bot}
 * @param groups  groups the identity belongs to, e.g. {@code dba}, {@code analysts}
 * @param kind    human or service (agent, CI job)
 */
public record Identity(String subject, List<String> groups, IdentityKind kind) {
    public Identity {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(kind, "kind");
        groups = groups == null ? List.of() : List.copyOf(groups);
    }
}
