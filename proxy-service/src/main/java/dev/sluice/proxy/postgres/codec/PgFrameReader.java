package dev.sluice.proxy.postgres.codec;

import dev.sluice.proxy.postgres.error.PgProtocolException;
import dev.sluice.proxy.postgres.message.PgConstants;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Splits one direction of a PostgreSQL connection into frames, in place, over a blocking stream.
 *
 * <p>Framing follows <a href="https://www.postgresql.org/docs/current/protocol-overview.html#PROTOCOL-MESSAGE-CONCEPTS">
 * Section 53.1.1, Messaging Overview</a>: after the startup phase every message is a type byte and an Int32
 * length that counts itself but not the type byte; startup-phase messages have no type byte.
 *
 * <p>Each read asks the stream for as many bytes as the buffer can hold, so one system call usually yields
 * many frames; the relay forwards them from {@link #array()} without copying and flushes when
 * {@link #hasCompleteFrameBuffered()} turns false. The buffer is compacted rather than reallocated, and grows
 * only when a frame does not fit, never beyond the largest frame allowed. A frame's bytes stay valid until the
 * next read call. Not thread-safe: one reader per direction, used by one thread.
 */
public final class PgFrameReader {

    private static final int TYPED_HEADER = 5;
    private static final int STARTUP_HEADER = 4;
    /** Length field of the smallest startup frame: the length itself and a request code or protocol version. */
    private static final int MIN_STARTUP_LENGTH = 8;

    /** The largest array the JVM reliably allocates. */
    private static final int MAX_ARRAY_SIZE = Integer.MAX_VALUE - 8;

    private final InputStream in;
    private final int maxFrameLength;
    private byte[] buffer;
    /** First byte of the current frame. */
    private int frameStart;
    /** First byte after the current frame: where the next frame starts. */
    private int frameEnd;
    /** First byte not yet filled from the stream. */
    private int limit;
    private int headerLength;
    private byte type;

    /**
     * @param in                the stream to read; never closed by the reader
     * @param maxFrameLength    the largest length field accepted, checked before the buffer grows
     * @param initialBufferSize the starting buffer size, which also bounds a single read from the stream
     */
    public PgFrameReader(InputStream in, int maxFrameLength, int initialBufferSize) {
        this.in = Objects.requireNonNull(in, "in");
        if (maxFrameLength < MIN_STARTUP_LENGTH || maxFrameLength > MAX_ARRAY_SIZE - 1) {
            throw new IllegalArgumentException("maxFrameLength out of range: " + maxFrameLength);
        }
        if (initialBufferSize < TYPED_HEADER) {
            throw new IllegalArgumentException("initialBufferSize must be at least 5: " + initialBufferSize);
        }
        this.maxFrameLength = maxFrameLength;
        this.buffer = new byte[initialBufferSize];
    }

    /**
     * Reads an untyped startup-phase frame (StartupMessage, SSLRequest, GSSENCRequest, CancelRequest).
     *
     * @return false on a clean end of stream before the first byte of the frame
     * @throws EOFException         if the stream ends inside the frame
     * @throws PgProtocolException  if the length is below 8 or above the startup packet limit
     */
    public boolean readStartupFrame() throws IOException {
        if (!fillAtBoundary(STARTUP_HEADER)) {
            return false;
        }
        int length = BigEndian.readInt(buffer, frameEnd);
        int max = Math.min(maxFrameLength, PgConstants.MAX_STARTUP_PACKET_LENGTH);
        if (length < MIN_STARTUP_LENGTH || length > max) {
            throw new PgProtocolException("invalid length of startup packet: " + length);
        }
        return readBody((byte) 0, STARTUP_HEADER, length);
    }

    /**
     * Reads a typed frame.
     *
     * @return false on a clean end of stream at a frame boundary
     * @throws EOFException         if the stream ends inside the frame
     * @throws PgProtocolException  if the length is below 4 or above {@code maxFrameLength}
     */
    public boolean readFrame() throws IOException {
        if (!fillAtBoundary(TYPED_HEADER)) {
            return false;
        }
        byte frameType = buffer[frameEnd];
        int length = BigEndian.readInt(buffer, frameEnd + 1);
        if (length < 4 || length > maxFrameLength) {
            throw new PgProtocolException("invalid message length " + length + " for message type "
                    + FrontendDecoder.describeType(frameType) + " (maximum " + maxFrameLength + ")");
        }
        return readBody(frameType, TYPED_HEADER, 1 + length);
    }

    /**
     * Whether the bytes buffered after the current frame already hold another complete typed frame, so that
     * the next {@link #readFrame()} will not block. A relay flushes its output when this is false.
     */
    public boolean hasCompleteFrameBuffered() {
        int available = limit - frameEnd;
        if (available < TYPED_HEADER) {
            return false;
        }
        int length = BigEndian.readInt(buffer, frameEnd + 1);
        // An invalid length makes the next read fail at once; report false so that what is pending is flushed.
        return length >= 4 && length <= maxFrameLength && available - 1 >= length;
    }

    /**
     * How many bytes the peer sent after the current frame that are already buffered. Non-zero after
     * SSLRequest or GSSENCRequest means the client pipelined cleartext into what must become an encrypted
     * channel (CVE-2021-23214), which must be refused.
     */
    public int bufferedByteCount() {
        return limit - frameEnd;
    }

    /** The type byte of the current frame; 0 for a startup frame. */
    public byte type() {
        return type;
    }

    /** The buffer holding the current frame; valid until the next read call. */
    public byte[] array() {
        return buffer;
    }

    /** The first byte of the current frame (its type byte for typed frames). */
    public int frameOffset() {
        return frameStart;
    }

    /** The total size of the current frame, including the type byte and the length. */
    public int frameLength() {
        return frameEnd - frameStart;
    }

    /** The first byte after the length field. */
    public int payloadOffset() {
        return frameStart + headerLength;
    }

    /** The payload size: the length field minus four. */
    public int payloadLength() {
        return frameEnd - frameStart - headerLength;
    }

    /**
     * Reads whatever the peer sent next into the buffer behind the current frame, without consuming or moving the
     * current frame; at most {@code cap} bytes are kept buffered ahead. Lets a relay that holds the current frame
     * notice that the peer went away. Not to be called concurrently with any other method.
     *
     * @return false when the stream ended
     */
    public boolean readAhead(int cap) throws IOException {
        if (limit - frameEnd >= cap) {
            return true;
        }
        if (limit == buffer.length) {
            long grown = Math.min(2L * buffer.length, MAX_ARRAY_SIZE);
            if (grown <= buffer.length) {
                return true;
            }
            buffer = java.util.Arrays.copyOf(buffer, (int) grown);
        }
        return readMore();
    }

    private boolean readBody(byte frameType, int header, int total) throws IOException {
        if (!fill(total)) {
            throw new EOFException("stream ended inside a frame of " + total + " bytes");
        }
        type = frameType;
        headerLength = header;
        frameStart = frameEnd;
        frameEnd = frameStart + total;
        return true;
    }

    /**
     * Buffers at least {@code wanted} bytes after the current frame.
     *
     * @return false on a clean end of stream before any of them arrived
     */
    private boolean fillAtBoundary(int wanted) throws IOException {
        if (limit - frameEnd == 0) {
            // Nothing pending: restart at the front so that the next read can use the whole buffer.
            limit = 0;
            frameEnd = 0;
            frameStart = 0;
            if (!readMore()) {
                return false;
            }
        }
        if (!fill(wanted)) {
            throw new EOFException("stream ended inside a frame header");
        }
        return true;
    }

    /** Buffers at least {@code wanted} bytes from {@code frameEnd}; false if the stream ended first. */
    private boolean fill(int wanted) throws IOException {
        if (limit - frameEnd >= wanted) {
            return true;
        }
        makeRoom(wanted);
        while (limit - frameEnd < wanted) {
            if (!readMore()) {
                return false;
            }
        }
        return true;
    }

    private void makeRoom(int wanted) {
        if (buffer.length - frameEnd >= wanted) {
            return;
        }
        int pending = limit - frameEnd;
        if (buffer.length >= wanted) {
            System.arraycopy(buffer, frameEnd, buffer, 0, pending);
        } else {
            // wanted never exceeds 1 + maxFrameLength: lengths are validated before the body is buffered.
            long doubled = Math.min(2L * buffer.length, 1L + maxFrameLength);
            byte[] grown = new byte[(int) Math.max(wanted, doubled)];
            System.arraycopy(buffer, frameEnd, grown, 0, pending);
            buffer = grown;
        }
        // The current frame is consumed once its successor is requested.
        frameStart = 0;
        frameEnd = 0;
        limit = pending;
    }

    private boolean readMore() throws IOException {
        int read = in.read(buffer, limit, buffer.length - limit);
        if (read < 0) {
            return false;
        }
        limit += read;
        return true;
    }
}
