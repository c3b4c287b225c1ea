package dev.sluice.cli.command;

import dev.sluice.cli.CliContext;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sluice token}: a fresh access token on stdout, for scripts. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Print a fresh access token for scripts.",
            "The stored login's token is refreshed when it expires within a minute. For example:",
            "  PGPASSWORD=$(sluice token) psql \"host=127.0.0.1 port=15432 dbname=demo user=alice sslmode=require\"",
            "With --client-id and --client-secret-file or --private-key: a service token (client credentials)."})
public final class TokenCommand implements Callable<Integer> {

    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Mixin
    IdentityOptions identity;

    public TokenCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String token = identity.tokens(context).accessToken();
        PrintWriter out = spec.commandLine().getOut();
        out.println(token);
        out.flush();
        return 0;
    }
}
