package dev.sluice.approval.service;

import java.util.List;

/**
 * Who calls the API: a person or agent with a verified Sluice token, or a proxy with the shared proxy key.
 *
 * @param subject the token subject, or {@code proxy}
 * @param groups  the token's groups
 * @param kind    {@code human}, {@code service} or {@code proxy}
 */
public record Caller(String subject, List<String> groups, String kind) {
    /** The {@link #kind()} of a proxy. */
    public static final String PROXY = "proxy";

    public Caller {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    /** A proxy authenticated by the shared key. */
    public static Caller proxy() {
        return new Caller(PROXY, List.of(), PROXY);
    }

    public boolean isProxy() {
        return PROXY.equals(kind);
    }

    /** Whether the caller belongs to any of these groups. */
    public boolean inAny(List<String> reviewerGroups) {
        return groups.stream().anyMatch(reviewerGroups::contains);
    }
}
