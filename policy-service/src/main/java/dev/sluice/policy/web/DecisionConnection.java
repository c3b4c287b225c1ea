package dev.sluice.policy.web;

import dev.sluice.policy.metrics.DecisionMetrics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One keep-alive connection of the decision port, driven by its {@link DecisionLoop}: reads requests (pipelining
 * allowed), screens each head, reads its body and answers in order. A body up to the inline limit is decided right
 * here on the loop's thread: no hand-off to another thread, which on a small machine is what a decision's latency is
 * mostly made of. A larger body is decided on a virtual thread while the connection stops reading, so that one huge
 * statement does not hold up the loop's other connections; requests read meanwhile wait in order behind it. While an
 * answer cannot be written in full the connection stops reading too (the caller must read its answers).
 */
final class DecisionConnection {

    /** What every connection of the port shares. */
    record Port(DecisionRequestScreen screen, DecisionExchange exchange, DecisionMetrics metrics, Executor offload,
            long inlineLimit, long maxBody) {}

    static final int MAX_LINE = 4096;
    static final int MAX_HEADERS = 8192;
    /** After a refusal, bytes of the caller's request still read and dropped so that it sees the answer (below). */
    static final long MAX_DRAIN = 256L * 1024 * 1024;

    private final SocketChannel channel;
    private final SelectionKey key;
    private final DecisionLoop loop;
    private final Port port;
    private final ByteBuffer in = ByteBuffer.allocate(16 * 1024);
    private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
    private RequestHead head; // of the request whose body is being read
    private byte[] body;
    private int bodyLength;
    private ChunkedBody chunks;
    private boolean busy; // a decision runs off the loop
    private boolean closing; // the last answer is out or going out: read nothing more
    private long draining = -1; // after the last answer: bytes still accepted before the connection closes
    private long lastRead = System.nanoTime();

    DecisionConnection(SocketChannel channel, SelectionKey key, DecisionLoop loop, Port port) {
        this.channel = channel;
        this.key = key;
        this.loop = loop;
        this.port = port;
    }

    void readable() {
        if (draining >= 0) {
            drain();
            return;
        }
        int read;
        try {
            if (head != null && chunks == null && in.position() == 0) {
                read = channel.read(ByteBuffer.wrap(body, bodyLength, body.length - bodyLength)); // straight into the body
                bodyLength += Math.max(0, read);
            } else {
                read = channel.read(in);
            }
        } catch (IOException e) {
            close(); // reset by the caller: nothing to answer any more
            return;
        }
        if (read < 0) {
            close();
            return;
        }
        lastRead = System.nanoTime();
        process();
    }

    /** Handles every complete request in the buffer, in order, until one has to wait. */
    private void process() {
        byte[] bytes = in.array();
        int to = in.position();
        int at = 0;
        parsing:
        while (!busy && !closing) {
            if (head == null) {
                if (at == to) {
                    break;
                }
                switch (RequestHead.parse(bytes, at, to, MAX_LINE, MAX_HEADERS)) {
                    case RequestHead.Incomplete incomplete -> {
                        break parsing;
                    }
                    case RequestHead.Malformed malformed -> {
                        write(port.screen().malformed(malformed), false);
                        break parsing;
                    }
                    case RequestHead.Parsed parsed -> {
                        at = parsed.end();
                        begin(parsed.head());
                        continue;
                    }
                }
            }
            if (chunks != null) {
                at += chunks.feed(bytes, at, to);
                switch (chunks.status()) {
                    case MORE -> {
                        break parsing;
                    }
                    case MALFORMED -> {
                        write(port.screen().refusal(400, "malformed_request", "not a valid chunked body"), false);
                        break parsing;
                    }
                    case TOO_LARGE -> {
                        write(port.screen().tooLarge(), false);
                        break parsing;
                    }
                    case DONE -> body = chunks.body();
                }
            } else {
                int take = Math.min(body.length - bodyLength, to - at);
                System.arraycopy(bytes, at, body, bodyLength, take);
                bodyLength += take;
                at += take;
                if (bodyLength < body.length) {
                    break;
                }
            }
            RequestHead complete = head;
            head = null;
            chunks = null;
            decide(complete, body);
        }
        System.arraycopy(bytes, at, bytes, 0, to - at);
        in.position(to - at);
        if (!in.hasRemaining() && !closing && !busy) {
            // cannot happen within the limits (a head or chunk line over them is refused first); never spin on it
            write(port.screen().refusal(400, "malformed_request", "not a valid HTTP/1.1 request"), false);
        }
        interest();
    }

    /** Screens a head; an accepted one starts its body. */
    private void begin(RequestHead accepted) {
        HttpAnswer refusal = port.screen().screen(accepted);
        if (refusal != null) {
            write(refusal, false);
            return;
        }
        head = accepted;
        bodyLength = 0;
        chunks = accepted.chunked() ? new ChunkedBody(port.maxBody()) : null;
        body = accepted.chunked() ? null : new byte[(int) Math.max(0, accepted.contentLength())];
        if (accepted.expectContinue() && accepted.hasBody()) {
            send(ByteBuffer.wrap(HttpAnswer.CONTINUE));
        }
    }

    private void decide(RequestHead request, byte[] json) {
        long start = System.nanoTime();
        port.metrics().started();
        if (json.length <= port.inlineLimit()) {
            answer(request, start, port.exchange().answer(json));
            return;
        }
        busy = true;
        try {
            port.offload().execute(() -> {
                DecisionExchange.Reply reply = port.exchange().answer(json);
                DecisionMetrics.leaveLogContext();
                boolean handedBack = loop.execute(() -> {
                    busy = false;
                    answer(request, start, reply);
                    process();
                });
                if (!handedBack) {
                    closeQuietly(); // the loop is gone (shutdown): the caller sees the connection end and fails closed
                }
            });
        } catch (RejectedExecutionException e) {
            busy = false; // stopping: the caller gets an error and fails closed
            write(port.screen().refusal(503, "unavailable", "policy-service is stopping"), false);
        }
    }

    private void answer(RequestHead request, long start, DecisionExchange.Reply reply) {
        DecisionMetrics.leaveLogContext();
        port.metrics().answered(System.nanoTime() - start, reply.effect());
        write(new HttpAnswer(reply.status(), reply.body(), null, null, !request.keepAlive()), request.http10());
    }

    private void write(HttpAnswer answer, boolean http10) {
        if (!channel.isOpen()) {
            return;
        }
        closing |= answer.close();
        send(answer.head(http10 && !answer.close()), ByteBuffer.wrap(answer.body()));
    }

    private void send(ByteBuffer... parts) {
        try {
            if (out.isEmpty()) {
                channel.write(parts);
            }
            for (ByteBuffer part : parts) {
                if (part.hasRemaining()) {
                    out.addLast(part);
                }
            }
        } catch (IOException e) {
            close();
            return;
        }
        if (out.isEmpty() && closing) {
            finish();
        }
    }

    void writable() {
        try {
            while (!out.isEmpty()) {
                channel.write(out.peekFirst());
                if (out.peekFirst().hasRemaining()) {
                    return;
                }
                out.pollFirst();
            }
        } catch (IOException e) {
            close();
            return;
        }
        if (closing) {
            finish();
            return;
        }
        process(); // requests that arrived while the answer was going out
    }

    /**
     * Ends the connection after its last answer went out. Closing a socket with unread bytes makes the kernel reset
     * the connection, and a caller still sending (a body over the limit, requests pipelined behind a refusal) could
     * lose the answer to the reset: so the port ends its side first (FIN), then reads and drops what still comes, up to
     * {@link #MAX_DRAIN} bytes, until the caller closes too (or the idle sweep ends it).
     */
    private void finish() {
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            close();
            return;
        }
        draining = MAX_DRAIN;
        in.clear();
        drain();
    }

    private void drain() {
        try {
            int read;
            while ((read = channel.read(in.clear())) > 0) {
                draining -= read;
                if (draining < 0) {
                    close();
                    return;
                }
            }
            if (read < 0) {
                close();
                return;
            }
        } catch (IOException e) {
            close();
            return;
        }
        lastRead = System.nanoTime();
        interest();
    }

    /** Reads while nothing is pending; writes while something is. */
    private void interest() {
        if (!key.isValid()) {
            return;
        }
        int ops = !out.isEmpty() ? SelectionKey.OP_WRITE : draining >= 0 || !(busy || closing) ? SelectionKey.OP_READ : 0;
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    /**
     * Closes the connection when it has been idle (nothing read, no decision running) since {@code deadline}, or, after
     * its last answer, since {@code drainDeadline}.
     */
    void closeIfIdleSince(long deadline, long drainDeadline) {
        if (!busy && out.isEmpty() && lastRead - (draining >= 0 ? drainDeadline : deadline) < 0) {
            close();
        }
    }

    void close() {
        key.cancel();
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // already gone; nothing was left to answer on it
        }
    }
}
