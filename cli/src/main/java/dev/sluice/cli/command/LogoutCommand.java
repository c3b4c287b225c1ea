package dev.sluice.cli.command;

import dev.sluice.cli.CliContext;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sluice logout}: deletes the token file (tokens already handed out stay valid until they expire). */
@Command(name = "logout", mixinStandardHelpOptions = true,
        description = "Delete the stored login. Tokens already handed out stay valid until they expire (at most 1 h).")
public final class LogoutCommand implements Callable<Integer> {

    private final CliContext context;

    @Spec
    CommandSpec spec;

    public LogoutCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println(context.store().delete() ? "Logged out: deleted " + context.store().file() : "Not logged in.");
        out.flush();
        return 0;
    }
}
