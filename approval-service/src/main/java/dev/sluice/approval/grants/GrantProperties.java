package dev.sluice.approval.grants;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * JIT access grants under {@code sluice.approval.grants}.
 *
 * @param requestable      what may be requested, by whom, for how long and reviewed by whom; empty (the default)
 *                         means no grant may be requested
 * @param feedKey          shared secret policy-service presents as {@code Authorization: SluiceService <key>} to
 *                         read the active grants ({@code GET /v1/grants/feed}); empty (the default) means nobody may
 * @param maxFeedWait      longest single long-poll of the feed; default 60 s
 * @param expirySweepInterval how often active grants past their expiry are marked EXPIRED; default 1 s
 */
@ConfigurationProperties("sluice.approval.grants")
public record GrantProperties(
        @DefaultValue List<Requestable> requestable,
        @DefaultValue("") String feedKey,
        @DefaultValue("60s") Duration maxFeedWait,
        @DefaultValue("1s") Duration expirySweepInterval) {

    public GrantProperties {
        requestable = requestable == null ? List.of() : List.copyOf(requestable);
        feedKey = feedKey == null ? "" : feedKey;
        Objects.requireNonNull(maxFeedWait, "maxFeedWait");
        Objects.requireNonNull(expirySweepInterval, "expirySweepInterval");
    }

    /**
     * One kind of grant that may be requested.
     *
     * @param group        the group the grant confers
     * @param connections  connection-name globs ({@code *} any characters) the grant may be for; default {@code *}
     * @param requesters   groups whose members may request it; empty (the default) means any authenticated human
     * @param maxDuration  longest duration that may be requested; default 1 h
     * @param reviewers    groups whose members approve or deny it (required)
     * @param minApprovals distinct approvals needed; default 1
     */
    public record Requestable(
            String group,
            @DefaultValue("*") List<String> connections,
            @DefaultValue List<String> requesters,
            @DefaultValue("1h") Duration maxDuration,
            List<String> reviewers,
            @DefaultValue("1") int minApprovals) {

        public Requestable {
            if (group == null || group.isBlank()) {
                throw new IllegalArgumentException("sluice.approval.grants.requestable[].group is required");
            }
            if (reviewers == null || reviewers.isEmpty()) {
                throw new IllegalArgumentException("sluice.approval.grants.requestable[].reviewers is required for group "
                        + group);
            }
            if (minApprovals < 1) {
                throw new IllegalArgumentException("sluice.approval.grants.requestable[].min-approvals must be at least 1");
            }
            connections = connections == null || connections.isEmpty() ? List.of("*") : List.copyOf(connections);
            requesters = requesters == null ? List.of() : List.copyOf(requesters);
            reviewers = List.copyOf(reviewers);
            Objects.requireNonNull(maxDuration, "maxDuration");
        }

        /** Whether {@code connection} matches one of the globs. */
        public boolean coversConnection(String connection) {
            return connections.stream().anyMatch(glob -> globMatches(glob, connection));
        }

        private static boolean globMatches(String glob, String value) {
            String regex = Arrays.stream(glob.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*"));
            return Pattern.matches(regex, value);
        }
    }
}
