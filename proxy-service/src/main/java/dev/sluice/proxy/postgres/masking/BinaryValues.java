package dev.sluice.proxy.postgres.masking;

import dev.sluice.masking.MaskCounts;
import dev.sluice.masking.Scanner;
import java.nio.charset.StandardCharsets;

/**
 * Detector checks on binary-format values that are not text: integers and numerics are decoded to their decimal
 * digits (a card number fits in a bigint), anything else — arrays, records, bytea — is scanned byte for byte as
 * Latin-1, which finds ASCII text embedded in it. Binary values cannot be rewritten in place, so a hit refuses.
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-overview.html#PROTOCOL-FORMAT-CODES">format codes</a>
 */
final class BinaryValues {
    private static final int INT2 = 21;
    private static final int INT4 = 23;
    private static final int INT8 = 20;
    private static final int NUMERIC = 1700;

    private BinaryValues() {}

    static boolean sensitive(Scanner scanner, int typeOid, byte[] array, int at, int length) {
        String text = switch (typeOid) {
            case INT2, INT4, INT8 -> length > 8 ? latin1(array, at, length) : Long.toString(integer(array, at, length));
            case NUMERIC -> numeric(array, at, length);
            default -> latin1(array, at, length);
        };
        return scanner.mask(text, new MaskCounts()) != text;
    }

    private static long integer(byte[] array, int at, int length) {
        long value = array[at];
        for (int i = 1; i < length; i++) {
            value = (value << 8) | (array[at + i] & 0xff);
        }
        return value;
    }

    /** Digits of a binary numeric: ndigits, weight, sign, dscale, then base-10000 digits. */
    private static String numeric(byte[] array, int at, int length) {
        if (length < 8) {
            return latin1(array, at, length);
        }
        int ndigits = (int) integer(array, at, 2);
        int weight = (int) integer(array, at + 2, 2);
        var out = new StringBuilder();
        for (int i = 0; i < ndigits && at + 8 + 2 * i + 1 < at + length; i++) {
            int digit = (int) integer(array, at + 8 + 2 * i, 2);
            if (i == weight + 1) {
                out.append('.');
            }
            out.append(i == 0 ? Integer.toString(digit) : String.format(java.util.Locale.ROOT, "%04d", digit));
        }
        return out.toString();
    }

    private static String latin1(byte[] array, int at, int length) {
        return new String(array, at, length, StandardCharsets.ISO_8859_1);
    }
}
