package dev.sluice.cli.command;

import dev.sluice.cli.CliContext;
import dev.sluice.cli.CliException;
import dev.sluice.cli.oauth.ClientAssertion;
import dev.sluice.cli.oauth.ClientAuthentication;
import dev.sluice.cli.oauth.ServiceTokens;
import dev.sluice.cli.oauth.SessionTokens;
import dev.sluice.cli.oauth.TokenSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Whose token a command uses: the stored login by default, or a service identity (client credentials with a secret
 * file or a private key, RFC 6749 section 4.4 and RFC 7523) when {@code --client-id} is given.
 */
public final class IdentityOptions {
    private static final long MAX_SECRET_FILE_SIZE = 64 * 1024;

    @Option(names = "--issuer", paramLabel = "URL", defaultValue = "${env:SLUICE_ISSUER:-http://127.0.0.1:8083}",
            description = "Issuer of service tokens (default: $SLUICE_ISSUER or ${DEFAULT-VALUE}); a stored login remembers its own.")
    String issuer;

    @Option(names = "--client-id", paramLabel = "ID", description = "A service identity (e.g. ci-bot) instead of the stored login.")
    String clientId;

    @Option(names = "--client-secret-file", paramLabel = "FILE", description = "File holding the service's client secret.")
    Path clientSecretFile;

    @Option(names = "--private-key", paramLabel = "FILE",
            description = "PKCS#8 PEM RSA key of the service (private_key_jwt, RFC 7523) instead of a secret.")
    Path privateKey;

    @Option(names = "--key-id", paramLabel = "KID", description = "kid of --private-key in the service's JWK set.")
    String keyId;

    /** Whether a service identity was asked for. */
    boolean service() {
        return clientId != null || clientSecretFile != null || privateKey != null;
    }

    /** The token source these options select. */
    TokenSource tokens(CliContext context) {
        if (!service()) {
            return new SessionTokens(context.store(), context.oauth(), context.clock());
        }
        if (clientId == null) {
            throw new CliException(CliException.FAILURE, "--client-secret-file and --private-key need --client-id");
        }
        ClientAuthentication client;
        if (clientSecretFile != null && privateKey != null) {
            throw new CliException(CliException.FAILURE, "give either --client-secret-file or --private-key, not both");
        } else if (clientSecretFile != null) {
            client = new ClientAuthentication.ClientSecret(clientId, readSecret(clientSecretFile));
        } else if (privateKey != null) {
            client = new ClientAuthentication.PrivateKeyJwt(clientId, ClientAssertion.readPrivateKey(privateKey), keyId);
        } else {
            throw new CliException(CliException.FAILURE, "--client-id " + clientId + " needs --client-secret-file or --private-key");
        }
        var oauth = context.oauth();
        return new ServiceTokens(oauth, oauth.discover(issuer), client, context.clock());
    }

    private static String readSecret(Path file) {
        try {
            if (Files.size(file) > MAX_SECRET_FILE_SIZE) {
                throw new CliException(CliException.FAILURE, file + " is too large to be a client secret");
            }
            // Files written with echo end in a newline that is not part of the secret.
            String secret = Files.readString(file, StandardCharsets.UTF_8).stripTrailing();
            if (secret.isEmpty()) {
                throw new CliException(CliException.FAILURE, file + " is empty");
            }
            return secret;
        } catch (IOException e) {
            throw new CliException(CliException.FAILURE, "cannot read the client secret file " + file + ": " + e.getMessage(), e);
        }
    }
}
