package dev.sluice.cli.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StartupReaderTest {

    /** Delivers {@code bytes} in two reads split at {@code split}, like TCP may. */
    private static InputStream splitAt(byte[] bytes, int split) {
        return new InputStream() {
            private int position;

            @Override
            public int read() {
                return position < bytes.length ? bytes[position++] & 0xFF : -1;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (position >= bytes.length) {
                    return -1;
                }
                int end = position < split ? split : bytes.length;
                int n = Math.min(length, end - position);
                System.arraycopy(bytes, position, buffer, offset, n);
                position += n;
                return n;
            }
        };
    }

    @Test
    void readsAnSslRequestThenAStartupMessageSplitAtEveryByteBoundary() throws Exception {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("user", "whoever");
        parameters.put("database", "demo");
        parameters.put("application_name", "psql");
        byte[] startup = Messages.startup(PgWire.PROTOCOL_3_0, parameters);
        byte[] both = ByteBuffer.allocate(8 + startup.length).put(Messages.sslRequest()).put(startup).array();

        for (int split = 0; split <= both.length; split++) {
            InputStream raw = splitAt(both, split);
            DataInputStream in = new DataInputStream(raw);

            assertThat(StartupReader.read(in)).isInstanceOf(StartupPacket.SslRequest.class);
            StartupPacket packet = StartupReader.read(in);

            assertThat(packet).isInstanceOfSatisfying(StartupPacket.Startup.class, s -> {
                assertThat(s.protocolVersion()).isEqualTo(PgWire.PROTOCOL_3_0);
                assertThat(s.parameters()).containsExactlyEntriesOf(parameters);
            });
            assertThat(raw.read()).as("nothing left over at split " + split).isEqualTo(-1);
        }
    }

    @Test
    void readsACancelRequestKeyUnchanged() throws Exception {
        byte[] key = {0, 0, 0, 42, 1, 2, 3, 4};

        StartupPacket packet = StartupReader.read(new DataInputStream(new ByteArrayInputStream(Messages.cancelRequest(key))));

        assertThat(packet).isInstanceOfSatisfying(StartupPacket.CancelRequest.class, c -> assertThat(c.key()).isEqualTo(key));
    }

    @Test
    void refusesALengthAboveTheMaximumBeforeReadingTheBody() {
        // Only the length is sent: a reader that allocated and waited for the body would block or run out of memory.
        byte[] header = ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).array();

        assertThatThrownBy(() -> StartupReader.read(new DataInputStream(new ByteArrayInputStream(header))))
                .isInstanceOfSatisfying(PgWireException.class, e -> assertThat(e.sqlState()).isEqualTo(PgWire.PROTOCOL_VIOLATION))
                .hasMessageContaining("invalid startup packet length");
    }

    @Test
    void refusesProtocolTwoAndMalformedParameters() {
        byte[] protocol2 = ByteBuffer.allocate(9).putInt(9).putInt(2 << 16).put((byte) 0).array();
        byte[] unterminated = ByteBuffer.allocate(12).putInt(12).putInt(PgWire.PROTOCOL_3_0).put("user".getBytes()).array();

        assertThatThrownBy(() -> StartupReader.read(new DataInputStream(new ByteArrayInputStream(protocol2))))
                .isInstanceOfSatisfying(PgWireException.class, e -> assertThat(e.sqlState()).isEqualTo(PgWire.FEATURE_NOT_SUPPORTED));
        assertThatThrownBy(() -> StartupReader.read(new DataInputStream(new ByteArrayInputStream(unterminated))))
                .isInstanceOfSatisfying(PgWireException.class, e -> assertThat(e.sqlState()).isEqualTo(PgWire.PROTOCOL_VIOLATION));
    }
}
