package dev.sluice.cli;

import dev.sluice.cli.command.ConnectCommand;
import dev.sluice.cli.command.LoginCommand;
import dev.sluice.cli.command.LogoutCommand;
import dev.sluice.cli.command.TokenCommand;
import dev.sluice.cli.command.WhoamiCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code sluice}: log in to Sluice from a terminal (device flow), hand tokens to scripts, and connect PostgreSQL
 * clients that cannot send a token through a loopback listener.
 */
@Command(name = "sluice", mixinStandardHelpOptions = true, version = "sluice 0.1.0",
        description = "The Sluice command-line client.",
        subcommands = CommandLine.HelpCommand.class,
        footer = {"", "Exit codes: 0 ok, 1 network or issuer failure, 2 usage, 3 not logged in, 4 login denied or expired, "
            + "or a token exchange refused."})
public final class SluiceCli implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: login, token, whoami, connect or logout");
    }

    /** The command line with every subcommand bound to {@code context}. */
    public static CommandLine commandLine(CliContext context) {
        CommandLine line = new CommandLine(new SluiceCli())
                .addSubcommand(new LoginCommand(context))
                .addSubcommand(new TokenCommand(context))
                .addSubcommand(new WhoamiCommand(context))
                .addSubcommand(new ConnectCommand(context))
                .addSubcommand(new LogoutCommand(context));
        line.setExecutionExceptionHandler((exception, command, parseResult) -> {
            if (exception instanceof CliException failure) {
                command.getErr().println("sluice: " + failure.getMessage());
                command.getErr().flush();
                return failure.exitCode();
            }
            // A bug rather than a user error: tokens only ever travel in values our own messages never quote.
            command.getErr().println("sluice: unexpected " + exception.getClass().getSimpleName()
                    + (exception.getMessage() == null ? "" : ": " + exception.getMessage()));
            command.getErr().flush();
            return CliException.FAILURE;
        });
        return line;
    }

    public static void main(String[] args) {
        System.exit(commandLine(CliContext.system()).execute(args));
    }
}
