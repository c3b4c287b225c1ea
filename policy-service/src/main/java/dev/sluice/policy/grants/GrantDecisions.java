package dev.sluice.policy.grants;

import dev.sluice.contracts.decision.CacheScope;
import dev.sluice.contracts.decision.Decision;
import dev.sluice.contracts.decision.DecisionRequest;
import dev.sluice.contracts.identity.Identity;
import dev.sluice.policy.bundle.PolicyBundle;
import dev.sluice.policy.bundle.PolicyRule;
import dev.sluice.policy.decision.PolicyEngine;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decisions with JIT access grants: for subject S on connection C the groups are the token's groups plus the
 * groups of S's grants on C in force now. A decision that the grants changed names the grant(s) in its reason and
 * is never cacheable, so that a proxy cannot keep using it after the grant ends; a decision the grants did not
 * change is the plain one. Either way it carries the {@link EffectiveVersion}, which changes with the grant set.
 */
public final class GrantDecisions {
    private GrantDecisions() {}

    /** The decision of {@code bundle} for {@code request} at {@code now} under {@code grants}. */
    public static Decision decide(PolicyBundle bundle, GrantBook.Snapshot grants, DecisionRequest request, Instant now) {
        String version = EffectiveVersion.of(bundle.version(), grants.digest());
        Decision plain = PolicyEngine.decide(bundle, request, now);
        List<ActiveGrant> extra = extraGroups(grants, request);
        if (extra.isEmpty()) {
            return withVersion(plain, version);
        }
        Decision granted = PolicyEngine.decide(bundle, withGroups(request, extra), now);
        if (sameOutcome(plain, granted)) {
            return withVersion(plain, version);
        }
        List<ActiveGrant> decisive = decisive(bundle, granted.ruleId(), extra);
        String via = decisive.stream()
                .map(grant -> "grant " + grant.id() + " (group " + grant.group() + " until " + grant.expiresAt() + ")")
                .collect(Collectors.joining(", "));
        return new Decision(granted.effect(), granted.reason() + " [via " + via + "]", granted.ruleId(), version,
                granted.masks(), granted.approval(), CacheScope.NONE);
    }

    /** {@code request} with the groups of the subject's grants on its connection added (for explanations). */
    public static DecisionRequest withGrantGroups(GrantBook.Snapshot grants, DecisionRequest request) {
        List<ActiveGrant> extra = extraGroups(grants, request);
        return extra.isEmpty() ? request : withGroups(request, extra);
    }

    /** The subject's grants on the connection that add a group the token does not already carry. */
    private static List<ActiveGrant> extraGroups(GrantBook.Snapshot grants, DecisionRequest request) {
        Identity identity = request.identity();
        List<ActiveGrant> held = grants.of(identity.subject(), request.connection().name());
        if (held.isEmpty()) {
            return List.of(); // nearly every decision: no stream machinery on the decision path
        }
        return held.stream()
                .filter(grant -> !identity.groups().contains(grant.group()))
                .toList();
    }

    private static DecisionRequest withGroups(DecisionRequest request, List<ActiveGrant> extra) {
        Identity identity = request.identity();
        Set<String> groups = new LinkedHashSet<>(identity.groups());
        extra.forEach(grant -> groups.add(grant.group()));
        return new DecisionRequest(request.sessionId(), new Identity(identity.subject(), List.copyOf(groups),
                identity.kind()), request.connection(), request.command(), request.clientAddress());
    }

    /** Same enforcement (another allowing rule is no difference): then the plain, possibly cacheable, one serves. */
    private static boolean sameOutcome(Decision a, Decision b) {
        return a.effect() == b.effect() && a.masks().equals(b.masks()) && Objects.equals(a.approval(), b.approval());
    }

    /** The grants whose group the deciding rule names; all of them when it names none (or no rule decided). */
    private static List<ActiveGrant> decisive(PolicyBundle bundle, String ruleId, List<ActiveGrant> extra) {
        Set<String> ruleGroups = bundle.rules().stream()
                .filter(rule -> rule.id().equals(ruleId))
                .findFirst()
                .map(PolicyRule::match)
                .map(match -> match.groups())
                .orElse(Set.of());
        List<ActiveGrant> named = extra.stream().filter(grant -> ruleGroups.contains(grant.group())).toList();
        return named.isEmpty() ? extra : named;
    }

    private static Decision withVersion(Decision decision, String version) {
        return version.equals(decision.policyVersion()) ? decision
                : new Decision(decision.effect(), decision.reason(), decision.ruleId(), version, decision.masks(),
                        decision.approval(), decision.cacheScope());
    }
}
