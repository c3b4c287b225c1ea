package dev.sluice.proxy.postgres.codec;

import dev.sluice.proxy.postgres.error.PgException;
import dev.sluice.proxy.postgres.error.PgProtocolException;
import dev.sluice.proxy.postgres.error.SqlState;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the fields of one message payload in place, checking every length and count against the bytes that
 * remain before it allocates anything, so that a hostile length can never make the decoder allocate more
 * than the frame it already holds.
 */
final class PayloadCursor {

    private final byte[] array;
    private final int end;
    private final String messageName;
    private int position;

    PayloadCursor(byte[] array, int offset, int length, String messageName) {
        if (offset < 0 || length < 0 || offset > array.length - length) {
            throw new PgProtocolException(messageName + ": payload bounds outside the buffer");
        }
        this.array = array;
        this.position = offset;
        this.end = offset + length;
        this.messageName = messageName;
    }

    int remaining() {
        return end - position;
    }

    byte readByte() {
        need(1);
        return array[position++];
    }

    short readInt16() {
        need(2);
        short value = (short) (((array[position] & 0xFF) << 8) | (array[position + 1] & 0xFF));
        position += 2;
        return value;
    }

    int readInt32() {
        need(4);
        int value = BigEndian.readInt(array, position);
        position += 4;
        return value;
    }

    /**
     * Reads an Int16 element count (PostgreSQL reads these unsigned) and checks that at least
     * {@code count * minElementSize} bytes remain, before any array of that size is allocated.
     */
    int readCount16(int minElementSize, String what) {
        int count = readInt16() & 0xFFFF;
        checkCount(count, minElementSize, what);
        return count;
    }

    /** Reads an Int32 element count, rejecting negatives and counts the remaining bytes cannot hold. */
    int readCount32(int minElementSize, String what) {
        int count = readInt32();
        if (count < 0) {
            throw new PgProtocolException(messageName + ": negative " + what + " count " + count);
        }
        checkCount(count, minElementSize, what);
        return count;
    }

    private void checkCount(int count, int minElementSize, String what) {
        if ((long) count * minElementSize > remaining()) {
            throw new PgProtocolException(messageName + ": " + what + " count " + count
                    + " exceeds the remaining " + remaining() + " bytes");
        }
    }

    short[] readInt16Array(int count) {
        need(2L * count);
        short[] values = new short[count];
        for (int i = 0; i < count; i++) {
            values[i] = readInt16();
        }
        return values;
    }

    int[] readInt32Array(int count) {
        need(4L * count);
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
            values[i] = readInt32();
        }
        return values;
    }

    /** Reads an Int32 length followed by that many bytes; length -1 is SQL NULL and returns {@code null}. */
    byte[] readNullableBytes(String what) {
        int length = readInt32();
        if (length == -1) {
            return null;
        }
        if (length < 0) {
            throw new PgProtocolException(messageName + ": invalid " + what + " length " + length);
        }
        return readBytes(length);
    }

    byte[] readBytes(int length) {
        need(length);
        byte[] bytes = new byte[length];
        System.arraycopy(array, position, bytes, 0, length);
        position += length;
        return bytes;
    }

    byte[] readRemaining() {
        return readBytes(remaining());
    }

    /** Reads a NUL-terminated string that must be valid UTF-8 (PostgreSQL rejects invalid client text too). */
    String readCStringStrict() {
        int nul = findNul();
        String value = decodeStrict(array, position, nul - position, messageName);
        position = nul + 1;
        return value;
    }

    /**
     * Reads a NUL-terminated string, replacing malformed UTF-8: server text is only inspected, never
     * re-interpreted, and a stray byte in a server message must not tear down the session.
     */
    String readCStringLenient() {
        int nul = findNul();
        String value = isAscii(array, position, nul)
                ? new String(array, position, nul - position, StandardCharsets.ISO_8859_1)
                : new String(array, position, nul - position, StandardCharsets.UTF_8);
        position = nul + 1;
        return value;
    }

    /** Fails unless the whole payload was consumed: trailing bytes mean the peer and decoder disagree. */
    void expectEnd() {
        if (position != end) {
            throw new PgProtocolException(messageName + ": " + remaining() + " unexpected trailing bytes");
        }
    }

    private int findNul() {
        for (int i = position; i < end; i++) {
            if (array[i] == 0) {
                return i;
            }
        }
        throw new PgProtocolException(messageName + ": string is missing its NUL terminator");
    }

    private void need(long bytes) {
        if (bytes > remaining()) {
            throw new PgProtocolException(messageName + ": message is shorter than its fields");
        }
    }

    static String decodeStrict(byte[] array, int offset, int length, String messageName) {
        if (isAscii(array, offset, offset + length)) {
            // Latin-1 of pure ASCII is the same text and lets the JDK keep a compact string without a decoder.
            return new String(array, offset, length, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(array, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new PgException(SqlState.CHARACTER_NOT_IN_REPERTOIRE,
                    "invalid byte sequence for encoding \"UTF8\" in " + messageName, false);
        }
    }

    private static boolean isAscii(byte[] array, int from, int to) {
        for (int i = from; i < to; i++) {
            if (array[i] < 0) {
                return false;
            }
        }
        return true;
    }
}
