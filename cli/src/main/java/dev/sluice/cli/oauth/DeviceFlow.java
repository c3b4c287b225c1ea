package dev.sluice.cli.oauth;

import dev.sluice.cli.CliException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The device authorization grant from the device's side (RFC 8628): request a user code, show it, then poll the
 * token endpoint no faster than the issuer's {@code interval}, 5 s slower after each {@code slow_down}, until the
 * user approves, denies, or the code expires.
 */
public final class DeviceFlow {
    private static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);

    private final OAuthClient oauth;
    private final Clock clock;
    private final Sleeper sleeper;

    public DeviceFlow(OAuthClient oauth, Clock clock, Sleeper sleeper) {
        this.oauth = Objects.requireNonNull(oauth, "oauth");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /**
     * Runs the login.
     *
     * @param prompt shown the device authorization (user code and verification URI) before polling starts
     */
    public TokenResponse login(IssuerMetadata issuer, String clientId, String scope, Consumer<DeviceAuthorization> prompt) {
        DeviceAuthorization device = oauth.deviceAuthorization(issuer, clientId, scope);
        prompt.accept(device);
        Instant deadline = clock.instant().plus(device.expiresIn());
        Duration interval = device.interval();
        while (true) {
            pause(interval);
            switch (oauth.pollDeviceToken(issuer, clientId, device)) {
                case OAuthClient.Poll.Granted granted -> {
                    return granted.tokens();
                }
                case OAuthClient.Poll.Pending pending -> { }
                case OAuthClient.Poll.SlowDown slowDown -> interval = interval.plus(SLOW_DOWN_STEP);
            }
            if (!clock.instant().isBefore(deadline)) {
                throw new CliException(CliException.DENIED, "the login code expired before it was confirmed; run `sluice login` again");
            }
        }
    }

    private void pause(Duration interval) {
        try {
            sleeper.sleep(interval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(CliException.FAILURE, "login interrupted", e);
        }
    }
}
