package dev.sluice.proxy.postgres.command;

import dev.sluice.proxy.postgres.codec.BackendDecoder;
import dev.sluice.proxy.postgres.codec.PgFrameReader;
import dev.sluice.proxy.postgres.command.ResponseTracker.Kind;
import dev.sluice.proxy.postgres.message.CommandComplete;
import dev.sluice.proxy.postgres.message.ErrorResponse;
import dev.sluice.proxy.postgres.message.PgConstants;
import java.io.IOException;

/**
 * Target → client: forwards every frame unchanged, as bytes, batching writes until no complete frame is
 * buffered, while following the responses against {@link ResponseTracker} so that commands complete with
 * their tag, row count or error and gateway errors are injected in protocol order. Only CommandComplete and
 * ErrorResponse are decoded.
 */
public final class BackendRelay {
    private final PgFrameReader upstream;
    private final ClientChannel client;
    private final ResponseTracker tracker;

    BackendRelay(PgFrameReader upstream, ClientChannel client, ResponseTracker tracker) {
        this.upstream = upstream;
        this.client = client;
        this.tracker = tracker;
    }

    /** Relays until the target closes the connection. */
    public void run() throws IOException {
        while (upstream.readFrame()) {
            byte type = upstream.type();
            client.lock().lock();
            try {
                track(type);
                client.writeRaw(upstream.array(), upstream.frameOffset(), upstream.frameLength());
                tracker.drainInjections();
                if (!upstream.hasCompleteFrameBuffered()) {
                    client.flush();
                }
            } finally {
                client.lock().unlock();
            }
        }
    }

    private void track(byte type) {
        switch (type) {
            case PgConstants.DATA_ROW -> {
                PendingCommand command = tracker.headCommand();
                if (command != null) {
                    command.row();
                }
            }
            case PgConstants.PARSE_COMPLETE -> tracker.complete(Kind.PARSE);
            case PgConstants.BIND_COMPLETE -> tracker.complete(Kind.BIND);
            case PgConstants.CLOSE_COMPLETE -> tracker.complete(Kind.CLOSE);
            case PgConstants.ROW_DESCRIPTION, PgConstants.NO_DATA -> tracker.complete(Kind.DESCRIBE);
            case PgConstants.COMMAND_COMPLETE -> {
                PendingCommand command = tracker.headCommand();
                if (command != null) {
                    command.completed(decodeTag());
                }
                tracker.complete(Kind.EXECUTE);
            }
            case PgConstants.EMPTY_QUERY_RESPONSE, PgConstants.PORTAL_SUSPENDED -> tracker.complete(Kind.EXECUTE);
            case PgConstants.ERROR_RESPONSE -> onError();
            case PgConstants.READY_FOR_QUERY -> tracker.readyForQuery();
            default -> { }
        }
    }

    private void onError() {
        Kind head = tracker.head();
        if (head == null || head == Kind.SYNC) {
            return;
        }
        var error = (ErrorResponse) BackendDecoder.decode(upstream.type(), upstream.array(), upstream.payloadOffset(),
                upstream.payloadLength());
        if (head == Kind.QUERY) {
            tracker.headCommand().failed(error.code(), error.message());
        } else {
            tracker.failBatch(error.code(), error.message());
        }
    }

    private String decodeTag() {
        var complete = (CommandComplete) BackendDecoder.decode(upstream.type(), upstream.array(),
                upstream.payloadOffset(), upstream.payloadLength());
        return complete.tag();
    }
}
