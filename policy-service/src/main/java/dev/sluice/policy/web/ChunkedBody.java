package dev.sluice.policy.web;

import java.util.Arrays;

/**
 * Decodes a chunked request body (RFC 9112 section 7.1) as its bytes arrive: chunk sizes in hex (extensions ignored),
 * data, and a trailer section that is read and dropped. The body is kept up to a limit; a chunk that would pass it
 * fails the body before its data is buffered.
 */
final class ChunkedBody {

    /** Outcome of the bytes fed so far. */
    enum Status { MORE, DONE, MALFORMED, TOO_LARGE }

    private enum Part { SIZE, DATA, DATA_END, TRAILER }

    static final int MAX_SIZE_LINE = 1024;
    static final int MAX_TRAILERS = 8192;

    private final long limit;
    private byte[] body = new byte[1024];
    private int length;
    private long remaining;
    private int trailerBytes;
    private Part part = Part.SIZE;
    private Status status = Status.MORE;

    /** @param limit largest body accepted */
    ChunkedBody(long limit) {
        this.limit = limit;
    }

    Status status() {
        return status;
    }

    /** The decoded body, once {@link #status()} is {@code DONE}. */
    byte[] body() {
        return Arrays.copyOf(body, length);
    }

    /** Consumes what it can of {@code bytes[from, to)} and returns how many bytes it took (a partial line stays). */
    int feed(byte[] bytes, int from, int to) {
        int at = from;
        while (status == Status.MORE && at < to) {
            if (part == Part.DATA) {
                int take = (int) Math.min(remaining, to - at);
                System.arraycopy(bytes, at, body, length, take);
                length += take;
                remaining -= take;
                at += take;
                if (remaining == 0) {
                    part = Part.DATA_END;
                }
                continue;
            }
            int max = part == Part.TRAILER ? MAX_TRAILERS - trailerBytes : MAX_SIZE_LINE;
            int eol = RequestHead.indexOf(bytes, at, Math.min(to, at + max + 1), (byte) '\n');
            if (eol < 0) {
                if (to - at > max) {
                    status = Status.MALFORMED;
                }
                break;
            }
            int end = eol > at && bytes[eol - 1] == '\r' ? eol - 1 : eol;
            line(bytes, at, end);
            trailerBytes += part == Part.TRAILER ? eol + 1 - at : 0;
            at = eol + 1;
        }
        return at - from;
    }

    private void line(byte[] bytes, int from, int end) {
        switch (part) {
            case SIZE -> size(bytes, from, end);
            case DATA_END -> {
                if (end != from) {
                    status = Status.MALFORMED; // chunk data longer than its size
                }
                part = Part.SIZE;
            }
            case TRAILER -> {
                if (end == from) {
                    status = Status.DONE;
                }
            }
            case DATA -> throw new IllegalStateException("data is not read by lines");
        }
    }

    private void size(byte[] bytes, int from, int end) {
        long size = 0;
        int digits = 0;
        for (int i = from; i < end && bytes[i] != ';'; i++) {
            int digit = Character.digit(bytes[i], 16);
            if (digit < 0) {
                if (bytes[i] == ' ' || bytes[i] == '\t') {
                    continue; // white space before an extension
                }
                status = Status.MALFORMED;
                return;
            }
            if (++digits > 15) {
                status = Status.MALFORMED;
                return;
            }
            size = size * 16 + digit;
        }
        if (digits == 0) {
            status = Status.MALFORMED;
        } else if (size == 0) {
            part = Part.TRAILER;
        } else if (length + size > limit) {
            status = Status.TOO_LARGE;
        } else {
            if (length + size > body.length) {
                body = Arrays.copyOf(body, (int) Math.min(limit, Math.max(length + size, 2L * body.length)));
            }
            remaining = size;
            part = Part.DATA;
        }
    }
}
