package dev.sluice.proxy.postgres.codec;

/** Network byte order helpers: every integer on the PostgreSQL wire is big-endian. */
final class BigEndian {

    private BigEndian() {
    }

    static int readInt(byte[] array, int offset) {
        return ((array[offset] & 0xFF) << 24)
                | ((array[offset + 1] & 0xFF) << 16)
                | ((array[offset + 2] & 0xFF) << 8)
                | (array[offset + 3] & 0xFF);
    }

    static void writeInt(byte[] array, int offset, int value) {
        array[offset] = (byte) (value >>> 24);
        array[offset + 1] = (byte) (value >>> 16);
        array[offset + 2] = (byte) (value >>> 8);
        array[offset + 3] = (byte) value;
    }
}
