package dev.sluice.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One in-process run of the {@code sluice} command line.
 *
 * @param exitCode what the process would exit with
 * @param out      standard output
 * @param err      standard error
 */
public record CliRun(int exitCode, String out, String err) {

    /** Runs {@code args} against {@code context}. */
    public static CliRun of(CliContext context, String... args) {
        return of(context, new StringWriter(), args);
    }

    /** Runs {@code args}, writing standard output to {@code out} as it goes (so a test can read a prompt early). */
    public static CliRun of(CliContext context, StringWriter out, String... args) {
        StringWriter err = new StringWriter();
        CommandLine line = SluiceCli.commandLine(context);
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int exit = line.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    /** Both streams, for "never printed" assertions. */
    public String all() {
        return out + err;
    }
}
