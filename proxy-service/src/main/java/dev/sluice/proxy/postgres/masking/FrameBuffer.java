package dev.sluice.proxy.postgres.masking;

import java.util.Arrays;

/** A reusable growable buffer for re-encoding one frame at a time, so that masking a long result allocates little. */
final class FrameBuffer {
    private byte[] buffer = new byte[8 * 1024];
    private int size;

    /** Starts a frame of {@code type} with a length to patch in {@link #finish()}. */
    void start(byte type) {
        size = 0;
        writeByte(type);
        writeInt(0);
    }

    void writeByte(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
    }

    void writeShort(int value) {
        ensure(2);
        buffer[size++] = (byte) (value >>> 8);
        buffer[size++] = (byte) value;
    }

    void writeInt(int value) {
        ensure(4);
        buffer[size++] = (byte) (value >>> 24);
        buffer[size++] = (byte) (value >>> 16);
        buffer[size++] = (byte) (value >>> 8);
        buffer[size++] = (byte) value;
    }

    void writeBytes(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
    }

    /** Patches the frame length (everything after the type byte) and returns the frame's size. */
    int finish() {
        int length = size - 1;
        buffer[1] = (byte) (length >>> 24);
        buffer[2] = (byte) (length >>> 16);
        buffer[3] = (byte) (length >>> 8);
        buffer[4] = (byte) length;
        return size;
    }

    byte[] array() {
        return buffer;
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}
