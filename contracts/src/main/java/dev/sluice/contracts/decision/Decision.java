package dev.sluice.contracts.decision;

import java.util.List;
import java.util.Objects;

/**
 * Response of {@code POST /v1/decisions}.
 *
 * @param effect        what to do
 * @param reason        human-readable reason, shown to the client on DENY
 * @param ruleId        the rule that decided, or {@code default-deny}
 * @param policyVersion content hash of the policy bundle that decided
 * @param masks         masking instructions for MASK
 * @param approval      approval requirements for REQUIRE_APPROVAL
 * @param cacheScope    how a proxy may reuse this decision; NONE when absent
 * @param limits        for an ALLOW of a {@code connect} command: the session's limits; null (absent) means none
 */
public record Decision(
        Effect effect,
        String reason,
        String ruleId,
        String policyVersion,
        List<MaskSpec> masks,
        ApprovalSpec approval,
        CacheScope cacheScope,
        SessionLimits limits) {
    public Decision {
        Objects.requireNonNull(effect, "effect");
        reason = reason == null ? "" : reason;
        ruleId = ruleId == null ? "" : ruleId;
        policyVersion = policyVersion == null ? "" : policyVersion;
        masks = masks == null ? List.of() : List.copyOf(masks);
        cacheScope = cacheScope == null ? CacheScope.NONE : cacheScope;
    }

    /** A decision without session limits (every command but {@code connect}). */
    public Decision(Effect effect, String reason, String ruleId, String policyVersion, List<MaskSpec> masks,
            ApprovalSpec approval, CacheScope cacheScope) {
        this(effect, reason, ruleId, policyVersion, masks, approval, cacheScope, null);
    }

    /** This decision with the given session limits. */
    public Decision withLimits(SessionLimits sessionLimits) {
        return new Decision(effect, reason, ruleId, policyVersion, masks, approval, cacheScope, sessionLimits);
    }

    /** A deny produced by the gateway itself (fail closed), not by a policy rule. */
    public static Decision gatewayDeny(String ruleId, String reason) {
        return new Decision(Effect.DENY, reason, ruleId, "", List.of(), null, CacheScope.NONE);
    }
}
