package dev.sluice.cli;

import dev.sluice.cli.oauth.OAuthClient;
import dev.sluice.cli.oauth.Sleeper;
import dev.sluice.cli.store.ConfigDirectory;
import dev.sluice.cli.store.TokenStore;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What the commands run against: where the login is stored, the HTTP client, the clock and how to wait between
 * polls. Tests give their own directory and sleeper.
 *
 * @param configDirectory the CLI's config directory (see {@link ConfigDirectory})
 * @param http            for the issuer
 * @param clock           for expiry decisions
 * @param sleeper         between device-flow polls
 */
public record CliContext(Path configDirectory, HttpClient http, Clock clock, Sleeper sleeper) {

    public CliContext {
        Objects.requireNonNull(configDirectory, "configDirectory");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sleeper, "sleeper");
    }

    /** The real environment of a command-line run. */
    public static CliContext system() {
        return new CliContext(ConfigDirectory.resolve(System.getenv(), System.getProperty("os.name"), System.getProperty("user.home")),
                newHttpClient(), Clock.systemUTC(), Sleeper.system());
    }

    /** An HTTP client that does not follow redirects (an issuer's endpoints answer directly). */
    public static HttpClient newHttpClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The token file. */
    public TokenStore store() {
        return new TokenStore(configDirectory);
    }

    /** OAuth against the issuers. */
    public OAuthClient oauth() {
        return new OAuthClient(http, clock);
    }
}
