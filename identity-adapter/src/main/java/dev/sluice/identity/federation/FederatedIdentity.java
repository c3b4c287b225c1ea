package dev.sluice.identity.federation;

import dev.sluice.contracts.identity.IdentityKind;
import java.util.List;

/**
 * Who an external token proves, already mapped to Sluice terms.
 *
 * @param issuerName the local name of the issuer that signed it
 * @param subject    the Sluice subject
 * @param groups     the Sluice groups
 * @param kind       human or service
 * @param team       the team claim, or null
 */
public record FederatedIdentity(String issuerName, String subject, List<String> groups, IdentityKind kind, String team) {
    public FederatedIdentity {
        groups = List.copyOf(groups);
    }
}
