// Answer parsing of bench/PolicyLoad.java (a multi-file source program: `java bench/PolicyLoad.java` compiles this too).

import java.io.IOException;

/** Reads what the generator needs from an answer's bytes: framing and the position of a field. */
final class AnswerBytes {

    private AnswerBytes() {}

    /**
     * The Content-Length, or -1 for a chunked body (the only other framing policy-service uses). Read from the
     * bytes, not from a String of the head: nothing is allocated per answer, so the generator's own young
     * collections (each a stall of every request due meanwhile) stay rare.
     */
    static int contentLength(byte[] head, int headerEnd) throws IOException {
        int at = indexOf(head, 0, headerEnd, "\r\ncontent-length:");
        if (at < 0) {
            if (indexOf(head, 0, headerEnd, "\r\ntransfer-encoding: chunked") >= 0) {
                return -1;
            }
            throw new IOException("response with neither Content-Length nor chunked encoding");
        }
        int i = at + 17;
        while (i < headerEnd && head[i] == ' ') {
            i++;
        }
        int value = 0;
        int digits = 0;
        for (; i < headerEnd && head[i] >= '0' && head[i] <= '9'; i++, digits++) {
            value = value * 10 + (head[i] - '0');
        }
        if (digits == 0 || digits > 9) {
            throw new IOException("unreadable Content-Length");
        }
        return value;
    }

    /** Where {@code needle} (lower case) first occurs, ignoring the case of ASCII letters, or -1. */
    static int indexOf(byte[] bytes, int from, int length, String needle) {
        int n = needle.length();
        outer:
        for (int i = from; i + n <= length; i++) {
            for (int j = 0; j < n; j++) {
                int b = bytes[i + j];
                if ((b >= 'A' && b <= 'Z' ? b + 32 : b) != needle.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
