package dev.sluice.proxy.approval;

import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the proxy reaches approval-service ({@code sluice.proxy.approval.*}, docs/approvals.md).
 *
 * @param url            base URL of approval-service; default {@code http://127.0.0.1:8080}
 * @param proxyKey       the shared key presented as {@code Authorization: SluiceProxy <key>}; must equal
 *                       approval-service's {@code sluice.approval.proxy-key}. Empty (the default): approval-service
 *                       refuses the proxy, so every statement that needs an approval is denied. Never logged.
 * @param requestTimeout how long creating, cancelling or consuming a request may take; default 5 s. A create that
 *                       does not answer in time denies the statement (fail closed)
 * @param longPoll       how long one long-poll of {@code /wait} may last before it is repeated; default 25 s
 * @param maxBackoff     longest pause between attempts to re-attach to a pending request while approval-service is
 *                       unreachable (the pause doubles from 100 ms up to this); default 5 s
 */
@ConfigurationProperties("sluice.proxy.approval")
public record ApprovalProperties(
        @DefaultValue("http://127.0.0.1:8080") String url,
        @DefaultValue("") String proxyKey,
        @DefaultValue("5s") Duration requestTimeout,
        @DefaultValue("25s") Duration longPoll,
        @DefaultValue("5s") Duration maxBackoff) {

    public ApprovalProperties {
        Objects.requireNonNull(url, "url");
        proxyKey = proxyKey == null ? "" : proxyKey;
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(longPoll, "longPoll");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
    }

    /** Settings for {@code url} with {@code proxyKey} and every duration at its default. */
    public static ApprovalProperties of(String url, String proxyKey) {
        return new ApprovalProperties(url, proxyKey, Duration.ofSeconds(5), Duration.ofSeconds(25),
                Duration.ofSeconds(5));
    }

    @Override
    public String toString() {
        // Keep the key out of any accidental log line.
        return "ApprovalProperties[url=" + url + ", proxyKey=" + (proxyKey.isEmpty() ? "<empty>" : "<set>")
                + ", requestTimeout=" + requestTimeout + ", longPoll=" + longPoll + ", maxBackoff=" + maxBackoff + "]";
    }
}
