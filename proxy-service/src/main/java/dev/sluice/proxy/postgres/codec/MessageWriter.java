package dev.sluice.proxy.postgres.codec;

import dev.sluice.proxy.postgres.error.PgException;
import dev.sluice.proxy.postgres.error.SqlState;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds one complete frame in memory and patches its length at the end, so that an encoding failure can
 * never leave half a frame on the wire.
 */
final class MessageWriter {

    private byte[] buffer;
    private int size;
    private final int lengthOffset;

    private MessageWriter(int lengthOffset) {
        this.buffer = new byte[64];
        this.lengthOffset = lengthOffset;
    }

    /** A frame with a type byte, as every message after the startup phase. */
    static MessageWriter typed(byte type) {
        MessageWriter writer = new MessageWriter(1);
        writer.writeByte(type);
        writer.writeInt32(0);
        return writer;
    }

    /** A frame without a type byte: StartupMessage, SSLRequest, GSSENCRequest, CancelRequest. */
    static MessageWriter untyped() {
        MessageWriter writer = new MessageWriter(0);
        writer.writeInt32(0);
        return writer;
    }

    MessageWriter writeByte(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
        return this;
    }

    MessageWriter writeInt16(int value) {
        ensure(2);
        buffer[size++] = (byte) (value >>> 8);
        buffer[size++] = (byte) value;
        return this;
    }

    MessageWriter writeInt32(int value) {
        ensure(4);
        BigEndian.writeInt(buffer, size, value);
        size += 4;
        return this;
    }

    MessageWriter writeBytes(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
        return this;
    }

    /** Writes an Int32 length and the bytes, or length -1 for SQL NULL. */
    MessageWriter writeNullableBytes(byte[] bytes) {
        if (bytes == null) {
            return writeInt32(-1);
        }
        return writeInt32(bytes.length).writeBytes(bytes);
    }

    /** Writes an Int16 count; the protocol cannot express more than 65535 elements. */
    MessageWriter writeCount16(int count, String what) {
        if (count > 0xFFFF) {
            throw new PgException(SqlState.PROGRAM_LIMIT_EXCEEDED, "too many " + what + ": " + count, false);
        }
        return writeInt16(count);
    }

    MessageWriter writeInt16Array(short[] values) {
        for (short value : values) {
            writeInt16(value);
        }
        return this;
    }

    /** Writes a string and its NUL terminator; an embedded NUL would end the string early, so it is refused. */
    MessageWriter writeCString(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            if (b == 0) {
                throw new PgException(SqlState.CHARACTER_NOT_IN_REPERTOIRE,
                        "invalid byte sequence for encoding \"UTF8\": 0x00", false);
            }
        }
        return writeBytes(bytes).writeByte(0);
    }

    byte[] finish() {
        BigEndian.writeInt(buffer, lengthOffset, size - lengthOffset);
        return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
    }

    private void ensure(int more) {
        if (buffer.length - size < more) {
            long wanted = Math.max((long) buffer.length * 2, (long) size + more);
            if (wanted > Integer.MAX_VALUE - 8) {
                throw new PgException(SqlState.PROGRAM_LIMIT_EXCEEDED, "message too large to encode", false);
            }
            buffer = Arrays.copyOf(buffer, (int) wanted);
        }
    }
}
