package dev.sluice.approval.grants;

import java.time.Instant;
import java.util.List;

/** Request and response bodies of the grants API that are not a {@link GrantView}. */
final class GrantBodies {
    private GrantBodies() {}

    /**
     * Body of {@code POST /v1/grants}.
     *
     * @param connection    the gateway connection
     * @param group         the group wanted there
     * @param duration      ISO-8601 ({@code PT1H}) or simple ({@code 1h}) duration
     * @param justification why (required; shown to reviewers and kept in the audit trail)
     */
    record CreateGrant(String connection, String group, String duration, String justification) {}

    /** Body of {@code POST /v1/grants/{id}/decision}: {@code approve} or {@code deny}, and an optional comment. */
    record Decision(String decision, String comment) {}

    /** Body of {@code POST /v1/grants/{id}/revoke}. */
    record Revoke(String comment) {}

    /**
     * Answer of {@code GET /v1/grants/feed}: every grant in force and the epoch the set belongs to.
     *
     * @param epoch  opaque; pass it as {@code after} to wait for the next change
     * @param grants the active grants
     */
    record Feed(String epoch, List<ActiveGrant> grants) {}

    /** One active grant as policy-service needs it. */
    record ActiveGrant(String id, String subject, String connection, String group, Instant expiresAt) {}
}
