package dev.sluice.proxy.postgres.command;

import dev.sluice.masking.MaskCounts;
import dev.sluice.proxy.postgres.codec.BackendDecoder;
import dev.sluice.proxy.postgres.codec.PgFrameReader;
import dev.sluice.proxy.postgres.command.ResponseTracker.Kind;
import dev.sluice.proxy.postgres.error.SqlState;
import dev.sluice.proxy.postgres.masking.MaskPlan;
import dev.sluice.proxy.postgres.masking.MaskingSession;
import dev.sluice.proxy.postgres.masking.ResultMasker;
import dev.sluice.proxy.postgres.masking.ResultShape;
import dev.sluice.proxy.postgres.message.CommandComplete;
import dev.sluice.proxy.postgres.message.CopyOutResponse;
import dev.sluice.proxy.postgres.message.ErrorResponse;
import dev.sluice.proxy.postgres.message.PgConstants;
import dev.sluice.proxy.postgres.message.RowDescription;
import java.io.IOException;

/**
 * Target → client: forwards every frame unchanged, as bytes, batching writes until no complete frame is
 * buffered, while following the responses against {@link ResponseTracker} so that commands complete with
 * their tag, row count or error and gateway errors are injected in protocol order. Only CommandComplete and
 * ErrorResponse are decoded — until the session has a masked command: from then on, the frames that carry data
 * (DataRow, CopyData, ErrorResponse, NoticeResponse, NotificationResponse) go through the session's masking.
 */
public final class BackendRelay {
    private final PgFrameReader upstream;
    private final ClientChannel client;
    private final ResponseTracker tracker;
    private final MaskingSession masking;

    BackendRelay(PgFrameReader upstream, ClientChannel client, ResponseTracker tracker, MaskingSession masking) {
        this.upstream = upstream;
        this.client = client;
        this.tracker = tracker;
        this.masking = masking;
    }

    /** Relays until the target closes the connection. */
    public void run() throws IOException {
        while (upstream.readFrame()) {
            byte type = upstream.type();
            client.lock().lock();
            try {
                if (masking.active()) {
                    relayMasked(type);
                } else {
                    track(type);
                    forwardFrame();
                }
                tracker.drainInjections();
                if (!upstream.hasCompleteFrameBuffered()) {
                    client.flush();
                }
            } finally {
                client.lock().unlock();
            }
        }
    }

    private void forwardFrame() throws IOException {
        client.writeRaw(upstream.array(), upstream.frameOffset(), upstream.frameLength());
    }

    private void relayMasked(byte type) throws IOException {
        PendingCommand command = tracker.headCommand();
        ResultMasker masker = command == null ? null : command.masker();
        if (masker != null && masker.refusalDelivered() && type != PgConstants.READY_FOR_QUERY) {
            // The client already has this command's error; the rest of its response is withheld.
            track(type);
            return;
        }
        switch (type) {
            case PgConstants.ROW_DESCRIPTION -> {
                ResultShape shape = tracker.headShape();
                if (shape != null) {
                    shape.described((RowDescription) decodeCurrent());
                } else if (masker != null) {
                    masker.describe((RowDescription) decodeCurrent());
                }
                track(type);
                if (masker == null || masker.refusal() == null) {
                    forwardFrame();
                }
            }
            case PgConstants.DATA_ROW -> {
                track(type);
                write(masker == null ? ResultMasker.UNCHANGED
                        : masker.maskRow(upstream.array(), upstream.payloadOffset(), upstream.payloadLength()));
            }
            case PgConstants.COPY_OUT_RESPONSE -> {
                if (masker != null) {
                    masker.copyOut((CopyOutResponse) decodeCurrent(), command.text());
                }
                write(masker != null && masker.refusal() != null ? ResultMasker.DROP : ResultMasker.UNCHANGED);
            }
            case PgConstants.COPY_DATA -> write(masker == null ? ResultMasker.UNCHANGED
                    : masker.maskCopyData(upstream.array(), upstream.payloadOffset(), upstream.payloadLength()));
            case PgConstants.COPY_DONE -> write(masker != null && masker.refusal() != null
                    ? ResultMasker.DROP : ResultMasker.UNCHANGED);
            case PgConstants.COMMAND_COMPLETE, PgConstants.PORTAL_SUSPENDED, PgConstants.EMPTY_QUERY_RESPONSE -> {
                if (masker != null && masker.refusal() != null) {
                    var error = ErrorResponse.error(SqlState.INSUFFICIENT_PRIVILEGE,
                            "Sluice withheld this result: " + masker.refusal());
                    command.failed(error.code(), error.message());
                    masker.refusalSent();
                    track(type);
                    client.write(error);
                } else {
                    track(type);
                    forwardFrame();
                }
            }
            case PgConstants.ERROR_RESPONSE, PgConstants.NOTICE_RESPONSE, PgConstants.NOTIFICATION_RESPONSE -> {
                MaskPlan plan = masker != null ? masker.plan() : masking.current();
                MaskCounts counts = masker != null ? masker.counts() : new MaskCounts();
                int masked = masking.maskMessage(plan, counts, type, upstream.array(), upstream.payloadOffset(),
                        upstream.payloadLength());
                if (type == PgConstants.ERROR_RESPONSE) {
                    // The transcript gets the error as the client sees it: masked.
                    onError(masked == ResultMasker.UNCHANGED ? (ErrorResponse) decodeCurrent()
                            : (ErrorResponse) BackendDecoder.decode(type, masking.bufferArray(), 5, masked - 5));
                }
                write(masked);
            }
            default -> {
                track(type);
                forwardFrame();
            }
        }
    }

    private void write(int masked) throws IOException {
        if (masked == ResultMasker.UNCHANGED) {
            forwardFrame();
        } else if (masked != ResultMasker.DROP) {
            client.writeRaw(masking.bufferArray(), 0, masked);
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
            case PgConstants.ERROR_RESPONSE -> onError((ErrorResponse) decodeCurrent());
            case PgConstants.READY_FOR_QUERY -> tracker.readyForQuery();
            default -> { }
        }
    }

    private void onError(ErrorResponse error) {
        Kind head = tracker.head();
        if (head == null || head == Kind.SYNC) {
            return;
        }
        if (head == Kind.QUERY) {
            tracker.headCommand().failed(error.code(), error.message());
        } else {
            tracker.failBatch(error.code(), error.message());
        }
    }

    private Object decodeCurrent() {
        return BackendDecoder.decode(upstream.type(), upstream.array(), upstream.payloadOffset(),
                upstream.payloadLength());
    }

    private String decodeTag() {
        return ((CommandComplete) decodeCurrent()).tag();
    }
}
