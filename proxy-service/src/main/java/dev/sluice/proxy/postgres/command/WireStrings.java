package dev.sluice.proxy.postgres.command;

import dev.sluice.proxy.postgres.error.PgProtocolException;
import java.nio.charset.StandardCharsets;

/** Reads NUL-terminated strings in place, for the few names the relay needs without decoding a message. */
final class WireStrings {
    private WireStrings() {}

    /** Index of the NUL ending the string at {@code from}, which must lie before {@code end}. */
    static int terminator(byte[] array, int from, int end) {
        for (int i = from; i < end; i++) {
            if (array[i] == 0) {
                return i;
            }
        }
        throw new PgProtocolException("a string in the message is not terminated");
    }

    static String utf8(byte[] array, int from, int to) {
        return from == to ? "" : new String(array, from, to - from, StandardCharsets.UTF_8);
    }
}
