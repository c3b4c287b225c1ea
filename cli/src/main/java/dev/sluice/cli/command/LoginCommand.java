package dev.sluice.cli.command;

import dev.sluice.cli.CliContext;
import dev.sluice.cli.oauth.DeviceAuthorization;
import dev.sluice.cli.oauth.DeviceFlow;
import dev.sluice.cli.oauth.FederatedLogin;
import dev.sluice.cli.oauth.IssuerMetadata;
import dev.sluice.cli.oauth.OAuthClient;
import dev.sluice.cli.oauth.SessionTokens;
import dev.sluice.cli.oauth.TokenClaims;
import dev.sluice.cli.oauth.TokenResponse;
import dev.sluice.cli.store.StoredLogin;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sluice login}: the device authorization grant (RFC 8628), then the tokens go to the token file. */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Log in with the device flow: open the printed page in any browser, sign in and confirm the code.",
            "With --upstream-issuer the device flow runs at that external identity provider, and its token is exchanged "
                + "(RFC 8693) for a Sluice token at --issuer, which must trust the provider.",
            "The token is stored in the config directory ($XDG_CONFIG_HOME/sluice, ~/.config/sluice or %APPDATA%\\sluice) "
                + "readable by you only; it is never printed."})
public final class LoginCommand implements Callable<Integer> {

    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Option(names = "--issuer", paramLabel = "URL", defaultValue = "${env:SLUICE_ISSUER:-http://127.0.0.1:8083}",
            description = "The Sluice issuer (identity-adapter), default $SLUICE_ISSUER or ${DEFAULT-VALUE} (standalone).")
    String issuer;

    @Option(names = "--client-id", paramLabel = "ID", defaultValue = "sluice-cli",
            description = "The public OAuth client to log in with (default ${DEFAULT-VALUE}).")
    String clientId;

    @Option(names = "--scope", paramLabel = "SCOPE", defaultValue = "profile", description = "Scope to ask for (default ${DEFAULT-VALUE}).")
    String scope;

    @Option(names = "--upstream-issuer", paramLabel = "URL", defaultValue = "${env:SLUICE_UPSTREAM_ISSUER}",
            description = "An external OpenID Provider to log in at (default $SLUICE_UPSTREAM_ISSUER; none: log in at --issuer).")
    String upstreamIssuer;

    @Option(names = "--upstream-client-id", paramLabel = "ID", defaultValue = "${env:SLUICE_UPSTREAM_CLIENT_ID}",
            description = "The public device-flow client registered at the upstream (default $SLUICE_UPSTREAM_CLIENT_ID).")
    String upstreamClientId;

    @Option(names = "--upstream-scope", paramLabel = "SCOPE", defaultValue = "${env:SLUICE_UPSTREAM_SCOPE:-openid profile}",
            description = "Scope to ask the upstream for (default $SLUICE_UPSTREAM_SCOPE or \"${DEFAULT-VALUE}\"; add "
                    + "offline_access if the upstream needs it for a refresh token).")
    String upstreamScope;

    public LoginCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        OAuthClient oauth = context.oauth();
        boolean federated = upstreamIssuer != null && !upstreamIssuer.isBlank();
        if (!federated && upstreamClientId != null && !upstreamClientId.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--upstream-client-id needs --upstream-issuer");
        }
        if (federated && (upstreamClientId == null || upstreamClientId.isBlank())) {
            throw new ParameterException(spec.commandLine(), "--upstream-issuer needs --upstream-client-id (or $SLUICE_UPSTREAM_CLIENT_ID)");
        }
        IssuerMetadata metadata = oauth.discover(issuer);
        StoredLogin login;
        if (federated) {
            IssuerMetadata upstream = oauth.discover(upstreamIssuer);
            login = new FederatedLogin(oauth, context.clock(), context.sleeper())
                    .login(metadata, upstream, upstreamClientId, upstreamScope, device -> prompt(out, device));
        } else {
            TokenResponse tokens = new DeviceFlow(oauth, context.clock(), context.sleeper())
                    .login(metadata, clientId, scope, device -> prompt(out, device));
            login = SessionTokens.stored(metadata.issuer(), clientId, metadata.tokenEndpoint().toString(), tokens, null,
                    context.clock());
        }
        context.store().save(login);
        TokenClaims claims = TokenClaims.decode(login.accessToken());
        out.printf("Logged in to %s%s as %s%s; token stored in %s (valid until %s%s).%n", metadata.issuer(),
                federated ? " through " + login.upstream().issuer() : "", claims.subject(),
                claims.groups().isEmpty() ? "" : " (" + String.join(", ", claims.groups()) + ")", context.store().file(),
                login.expiresAt(), login.renewable() ? ", refreshed automatically" : "");
        out.flush();
        return 0;
    }

    private static void prompt(PrintWriter out, DeviceAuthorization device) {
        out.println("To log in, open " + device.verificationUri() + " in a browser (on any device), sign in and enter the code");
        out.println();
        out.println("    " + device.userCode());
        out.println();
        if (device.verificationUriComplete() != null) {
            out.println("(direct link: " + device.verificationUriComplete() + ")");
        }
        out.println("Waiting for the confirmation...");
        out.flush();
    }
}
