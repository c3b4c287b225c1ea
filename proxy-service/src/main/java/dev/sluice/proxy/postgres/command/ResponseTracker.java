package dev.sluice.proxy.postgres.command;

import dev.sluice.proxy.postgres.masking.ResultShape;
import dev.sluice.proxy.postgres.message.ErrorResponse;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * What the client is owed, in order: one entry per message forwarded to the target that the target answers
 * (<a href="https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-EXT-QUERY">extended
 * query</a> and simple query flows), interleaved with errors the gateway itself must deliver at exactly that
 * point of the response stream. The frontend relay appends; the backend relay consumes as responses arrive.
 * Every method is called with the {@link ClientChannel} lock held.
 */
final class ResponseTracker {

    /** The responses a forwarded message produces. */
    enum Kind {
        PARSE, BIND, DESCRIBE, EXECUTE, CLOSE, SYNC, QUERY
    }

    private sealed interface Entry permits Expected, Injection {}

    /** {@code shape}: where a masked statement's or portal's Describe answer goes, else null. */
    private record Expected(Kind kind, PendingCommand command, ResultShape shape) implements Entry {}

    private record Injection(ErrorResponse error, PendingCommand command) implements Entry {}

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final ClientChannel client;
    private final Consumer<PendingCommand> completed;

    ResponseTracker(ClientChannel client, Consumer<PendingCommand> completed) {
        this.client = client;
        this.completed = completed;
    }

    void expect(Kind kind, PendingCommand command) {
        entries.addLast(new Expected(kind, command, null));
    }

    /** A Describe of a masked statement or portal, whose RowDescription must be kept in {@code shape}. */
    void expectDescribe(ResultShape shape) {
        entries.addLast(new Expected(Kind.DESCRIBE, null, shape));
    }

    /** The result shape awaiting the oldest outstanding response, or null. */
    ResultShape headShape() {
        return entries.peekFirst() instanceof Expected expected ? expected.shape() : null;
    }

    /**
     * Queues a gateway error (a denial); it is written as soon as every earlier response has reached the client,
     * which is at once when nothing is outstanding.
     */
    void inject(ErrorResponse error, PendingCommand command) throws IOException {
        entries.addLast(new Injection(error, command));
        if (drainInjections()) {
            client.flush();
        }
    }

    /** The kind of the oldest outstanding response, or null. */
    Kind head() {
        return entries.peekFirst() instanceof Expected expected ? expected.kind() : null;
    }

    /** The command of the oldest outstanding response, or null. */
    PendingCommand headCommand() {
        return entries.peekFirst() instanceof Expected expected ? expected.command() : null;
    }

    /** Completes the oldest outstanding response if it is of this kind. */
    void complete(Kind kind) {
        if (entries.peekFirst() instanceof Expected expected && expected.kind() == kind) {
            entries.removeFirst();
            if (expected.command() != null) {
                completed.accept(expected.command());
            }
        }
    }

    /**
     * The target reported an error in an extended-query batch: it now skips every message up to Sync, so
     * everything outstanding before the Sync is settled, including gateway errors that would have come later
     * (the client sees only the first error, as with PostgreSQL itself).
     */
    void failBatch(String code, String message) {
        boolean first = true;
        while (entries.peekFirst() != null) {
            Entry entry = entries.peekFirst();
            if (entry instanceof Expected expected && expected.kind() == Kind.SYNC) {
                return;
            }
            entries.removeFirst();
            PendingCommand command = switch (entry) {
                case Expected expected -> expected.command();
                case Injection injection -> null;
            };
            if (command != null) {
                command.failed(code, first ? message : "not executed: an earlier message of the batch failed");
                completed.accept(command);
            }
            first = false;
        }
    }

    /**
     * A ReadyForQuery arrived: settles the simple query or Sync it answers (and anything the target skipped
     * before it).
     */
    void readyForQuery() {
        while (entries.peekFirst() != null) {
            Entry entry = entries.removeFirst();
            if (entry instanceof Expected expected) {
                if (expected.command() != null) {
                    completed.accept(expected.command());
                }
                if (expected.kind() == Kind.SYNC || expected.kind() == Kind.QUERY) {
                    return;
                }
            }
        }
    }

    /** Writes every gateway error now at the head; true if anything was written. */
    boolean drainInjections() throws IOException {
        boolean wrote = false;
        while (entries.peekFirst() instanceof Injection injection) {
            entries.removeFirst();
            client.write(injection.error());
            if (injection.command() != null) {
                completed.accept(injection.command());
            }
            wrote = true;
        }
        return wrote;
    }
}
