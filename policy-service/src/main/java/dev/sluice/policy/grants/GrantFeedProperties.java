package dev.sluice.policy.grants;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where policy-service reads JIT access grants ({@code sluice.policy.grants.*}).
 *
 * @param approvalUrl approval-service's base URL; unset (the default) means no grants are read and none apply
 * @param feedKey     the key approval-service expects as {@code Authorization: SluiceService <key>}
 *                    ({@code sluice.approval.grants.feed-key}); never logged
 * @param longPoll    how long one long-poll waits for a change; its end is also the periodic full resync
 *                    (default 25 s)
 * @param retry       pause after a failed read before the next attempt (default 1 s); known grants keep applying
 *                    until they expire, and no new ones appear, while approval-service is unreachable
 */
@ConfigurationProperties("sluice.policy.grants")
public record GrantFeedProperties(
        URI approvalUrl,
        @DefaultValue("") String feedKey,
        @DefaultValue("25s") Duration longPoll,
        @DefaultValue("1s") Duration retry) {}
