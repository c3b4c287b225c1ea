package dev.sluice.cli.command;

import dev.sluice.cli.CliContext;
import dev.sluice.cli.CliException;
import dev.sluice.cli.oauth.TokenClaims;
import dev.sluice.cli.store.StoredLogin;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sluice whoami}: the identity in the stored token. */
@Command(name = "whoami", mixinStandardHelpOptions = true,
        description = "Show subject, groups, kind, issuer and expiry of the stored token (decoded locally; the proxy and the "
                + "services verify its signature).")
public final class WhoamiCommand implements Callable<Integer> {

    private final CliContext context;

    @Spec
    CommandSpec spec;

    public WhoamiCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        StoredLogin login = context.store().load().orElseThrow(() -> new CliException(CliException.NOT_LOGGED_IN,
                "not logged in; run `sluice login`"));
        TokenClaims claims = TokenClaims.decode(login.accessToken());
        Instant now = context.clock().instant();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("subject  %s%n", claims.subject());
        out.printf("groups   %s%n", claims.groups().isEmpty() ? "-" : String.join(", ", claims.groups()));
        out.printf("kind     %s%n", claims.kind() == null ? "-" : claims.kind());
        if (claims.team() != null) {
            out.printf("team     %s%n", claims.team());
        }
        out.printf("issuer   %s%n", claims.issuer() == null ? login.issuer() : claims.issuer());
        if (login.upstream() != null) {
            out.printf("upstream %s (client %s)%n", login.upstream().issuer(), login.upstream().clientId());
        }
        out.printf("expires  %s (%s)%n", claims.expiresAt(), remaining(Duration.between(now, claims.expiresAt()),
                login.renewable()));
        out.println("(decoded from the stored token, signature not verified locally)");
        out.flush();
        return 0;
    }

    private static String remaining(Duration left, boolean refreshable) {
        if (left.isNegative() || left.isZero()) {
            return refreshable ? "expired; `sluice token` refreshes it" : "expired; run `sluice login`";
        }
        return "in " + (left.toMinutes() > 0 ? left.toMinutes() + " min" : left.toSeconds() + " s");
    }
}
