package dev.sluice.proxy.postgres.codec;

import dev.sluice.proxy.postgres.message.BackendMessage;
import dev.sluice.proxy.postgres.message.CancelRequest;
import dev.sluice.proxy.postgres.message.FrontendMessage;
import dev.sluice.proxy.postgres.message.GssEncRequest;
import dev.sluice.proxy.postgres.message.SslRequest;
import dev.sluice.proxy.postgres.message.StartupMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

/** Test streams and helpers for feeding frames through {@link PgFrameReader}. */
final class Frames {

    static final int MAX = 1 << 24;

    private Frames() {
    }

    static boolean isStartup(FrontendMessage message) {
        return message instanceof StartupMessage || message instanceof SslRequest
                || message instanceof GssEncRequest || message instanceof CancelRequest;
    }

    static byte[] concat(List<byte[]> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frames.forEach(out::writeBytes);
        return out.toByteArray();
    }

    static byte[] encodeAll(List<? extends BackendMessage> messages) {
        return concat(messages.stream().map(BackendEncoder::encode).toList());
    }

    /** Copies the current frame out of the reader, as a relay forwarding it would. */
    static byte[] currentFrame(PgFrameReader reader) {
        return Arrays.copyOfRange(reader.array(), reader.frameOffset(), reader.frameOffset() + reader.frameLength());
    }

    /** A stream that returns its bytes in two reads, the first ending at {@code split}. */
    static InputStream splitAt(byte[] data, int split) {
        return new ChunkedStream(data, new int[] {split});
    }

    /** A stream that returns one byte per read, the worst case for a reader's buffering. */
    static InputStream oneBytePerRead(byte[] data) {
        int[] cuts = new int[data.length];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i + 1;
        }
        return new ChunkedStream(data, cuts);
    }

    /** Returns data in chunks ending at the given cut points; counts the read calls. */
    static final class ChunkedStream extends InputStream {
        private final byte[] data;
        private final int[] cuts;
        private int position;
        private int cut;
        int reads;

        ChunkedStream(byte[] data, int[] cuts) {
            this.data = data;
            this.cuts = cuts;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("the reader must use bulk reads");
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            reads++;
            if (position == data.length) {
                return -1;
            }
            while (cut < cuts.length && cuts[cut] <= position) {
                cut++;
            }
            int end = cut < cuts.length ? cuts[cut] : data.length;
            int count = Math.min(length, end - position);
            System.arraycopy(data, position, buffer, offset, count);
            position += count;
            return count;
        }
    }
}
