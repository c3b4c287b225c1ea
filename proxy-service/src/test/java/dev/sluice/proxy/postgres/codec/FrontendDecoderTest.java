package dev.sluice.proxy.postgres.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.proxy.postgres.error.PgException;
import dev.sluice.proxy.postgres.error.PgProtocolException;
import dev.sluice.proxy.postgres.error.SqlState;
import dev.sluice.proxy.postgres.message.Bind;
import dev.sluice.proxy.postgres.message.CancelRequest;
import dev.sluice.proxy.postgres.message.FrontendMessage;
import dev.sluice.proxy.postgres.message.Parse;
import dev.sluice.proxy.postgres.message.PasswordMessage;
import dev.sluice.proxy.postgres.message.PgConstants;
import dev.sluice.proxy.postgres.message.Query;
import dev.sluice.proxy.postgres.message.StartupMessage;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrontendDecoderTest {

    @Test
    void rejectsBindParameterCountLargerThanThePayload() {
        // portal "", statement "", 0 formats, 65535 parameters, but no bytes follow.
        byte[] payload = {0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF};

        assertProtocolViolation(PgConstants.BIND, payload, "parameter count 65535");
    }

    @Test
    void rejectsBindFormatCountLargerThanThePayload() {
        byte[] payload = {0, 0, 0, 10, 0, 1};

        assertProtocolViolation(PgConstants.BIND, payload, "parameter format count 10");
    }

    @Test
    void rejectsBindValueLengthBeyondThePayloadOrBelowMinusOne() {
        byte[] tooLong = {0, 0, 0, 0, 0, 1, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 0};
        assertProtocolViolation(PgConstants.BIND, tooLong, "shorter than its fields");

        byte[] negative = {0, 0, 0, 0, 0, 1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFE, 0, 0};
        assertProtocolViolation(PgConstants.BIND, negative, "invalid parameter length -2");
    }

    @Test
    void decodesBindNullParameters() {
        byte[] payload = {'p', 0, 's', 0, 0, 0, 0, 2, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                0, 0, 0, 1, 'x', 0, 0};

        Bind bind = (Bind) FrontendDecoder.decode(PgConstants.BIND, payload, 0, payload.length);

        assertThat(bind.portalName()).isEqualTo("p");
        assertThat(bind.statementName()).isEqualTo("s");
        assertThat(bind.parameterValues()[0]).isNull();
        assertThat(bind.parameterValues()[1]).containsExactly('x');
        assertThat(bind.parameterFormat(1)).isEqualTo(PgConstants.FORMAT_TEXT);
    }

    @Test
    void rejectsParseTypeCountLargerThanThePayload() {
        byte[] payload = {0, 'S', 0, 0, 3, 0, 0, 0, 23};

        assertProtocolViolation(PgConstants.PARSE, payload, "parameter type count 3");
    }

    @Test
    void rejectsTrailingBytesAfterACompleteMessage() {
        byte[] query = {'S', 'E', 'L', 'E', 'C', 'T', 0, 'x'};
        assertProtocolViolation(PgConstants.QUERY, query, "trailing");
        assertProtocolViolation(PgConstants.SYNC, new byte[] {0}, "trailing");
        assertProtocolViolation(PgConstants.EXECUTE, new byte[] {0, 0, 0, 0, 0, 9}, "trailing");
    }

    @Test
    void rejectsUnterminatedStrings() {
        assertProtocolViolation(PgConstants.QUERY, new byte[] {'S', 'E', 'L'}, "NUL terminator");
        assertProtocolViolation(PgConstants.QUERY, new byte[0], "NUL terminator");
    }

    @Test
    void rejectsUnknownMessageTypes() {
        assertProtocolViolation((byte) 'Z', new byte[0], "invalid frontend message type 'Z'");
        assertProtocolViolation((byte) 0x01, new byte[0], "0x01");
    }

    @Test
    void rejectsInvalidDescribeAndCloseTargets() {
        assertProtocolViolation(PgConstants.DESCRIBE, new byte[] {'X', 0}, "DESCRIBE");
        assertProtocolViolation(PgConstants.CLOSE, new byte[] {'Q', 0}, "CLOSE");
    }

    @Test
    void reportsMalformedUtf8InQueryAsANonFatalEncodingError() {
        byte[][] malformed = {
                {'S', (byte) 0xC3, 0},                       // truncated two-byte sequence
                {(byte) 0xC0, (byte) 0xAF, 0},               // overlong encoding of '/'
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80, 0},  // UTF-16 surrogate
                {(byte) 0xFF, 0},
        };
        for (byte[] payload : malformed) {
            assertThatThrownBy(() -> FrontendDecoder.decode(PgConstants.QUERY, payload, 0, payload.length))
                    .isExactlyInstanceOf(PgException.class)
                    .satisfies(e -> {
                        assertThat(((PgException) e).sqlState()).isEqualTo(SqlState.CHARACTER_NOT_IN_REPERTOIRE);
                        assertThat(((PgException) e).fatal()).isFalse();
                    });
        }
    }

    @Test
    void reportsMalformedUtf8InParseAsANonFatalEncodingError() {
        byte[] payload = {0, 'S', (byte) 0xE2, (byte) 0x82, 0, 0, 0};

        assertThatThrownBy(() -> FrontendDecoder.decode(PgConstants.PARSE, payload, 0, payload.length))
                .isInstanceOf(PgException.class)
                .extracting(e -> ((PgException) e).sqlState()).isEqualTo("22021");
    }

    @Test
    void keepsValidMultiByteText() {
        byte[] frame = FrontendEncoder.encode(new Parse("ß", "SELECT '€𝄞'", new int[] {25}));

        Parse parse = (Parse) FrontendDecoder.decode(frame[0], frame, 5, frame.length - 5);

        assertThat(parse.statementName()).isEqualTo("ß");
        assertThat(parse.sql()).isEqualTo("SELECT '€𝄞'");
    }

    @Test
    void keepsPasswordPayloadsRaw() {
        byte[] payload = {'s', 'e', 'c', 0};

        PasswordMessage message = (PasswordMessage) FrontendDecoder.decode(
                PgConstants.PASSWORD_MESSAGE, payload, 0, payload.length);

        assertThat(message.payload()).containsExactly(payload);
        assertThat(message.cleartext()).isEqualTo("sec");
        assertThat(message.toString()).doesNotContain("sec");
    }

    @Test
    void decodesStartupParametersInOrder() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("user", "alice");
        parameters.put("database", "orders");
        parameters.put("application_name", "psql");
        byte[] frame = FrontendEncoder.encode(new StartupMessage(PgConstants.PROTOCOL_VERSION, parameters));

        FrontendMessage decoded = FrontendDecoder.decodeStartup(frame, 4, frame.length - 4);

        assertThat(decoded).isInstanceOfSatisfying(StartupMessage.class, startup -> {
            assertThat(startup.parameters().keySet()).containsExactly("user", "database", "application_name");
            assertThat(startup.user()).contains("alice");
            assertThat(startup.majorVersion()).isEqualTo(3);
        });
    }

    @Test
    void rejectsUnsupportedProtocolMajorVersions() {
        byte[] v2 = startupPayload(2 << 16, "user", "alice");
        assertThatThrownBy(() -> FrontendDecoder.decodeStartup(v2, 0, v2.length))
                .isInstanceOf(PgProtocolException.class).hasMessageContaining("unsupported frontend protocol 2.0");
    }

    @Test
    void rejectsDuplicateAndUnterminatedStartupParameters() {
        byte[] duplicate = startupPayload(PgConstants.PROTOCOL_VERSION, "user", "alice", "user", "bob");
        assertThatThrownBy(() -> FrontendDecoder.decodeStartup(duplicate, 0, duplicate.length))
                .isInstanceOf(PgProtocolException.class).hasMessageContaining("more than once");

        byte[] unterminated = Arrays.copyOf(duplicate, 4 + "user".length() + 1 + "alice".length() + 1);
        assertThatThrownBy(() -> FrontendDecoder.decodeStartup(unterminated, 0, unterminated.length))
                .isInstanceOf(PgProtocolException.class);
    }

    @Test
    void decodesCancelRequestsAndRejectsTheirWrongLengths() {
        byte[] frame = FrontendEncoder.encode(new CancelRequest(7, 9));

        assertThat(FrontendDecoder.decodeStartup(frame, 4, frame.length - 4)).isEqualTo(new CancelRequest(7, 9));
        assertThatThrownBy(() -> FrontendDecoder.decodeStartup(frame, 4, frame.length - 5))
                .isInstanceOf(PgProtocolException.class);
        assertThatThrownBy(() -> FrontendDecoder.decodeStartup(frame, 4, 2)).isInstanceOf(PgProtocolException.class);
    }

    @Test
    void rejectsPayloadBoundsOutsideTheArray() {
        assertThatThrownBy(() -> FrontendDecoder.decode(PgConstants.SYNC, new byte[4], 2, 3))
                .isInstanceOf(PgProtocolException.class);
        assertThatThrownBy(() -> FrontendDecoder.decode(PgConstants.SYNC, new byte[4], -1, 0))
                .isInstanceOf(PgProtocolException.class);
    }

    @Test
    void refusesToEncodeStringsWithNul() {
        assertThatThrownBy(() -> FrontendEncoder.encode(new Query("SELECT 1\0; DROP TABLE t")))
                .isInstanceOf(PgException.class)
                .extracting(e -> ((PgException) e).sqlState()).isEqualTo("22021");
    }

    private static void assertProtocolViolation(byte type, byte[] payload, String message) {
        assertThatThrownBy(() -> FrontendDecoder.decode(type, payload, 0, payload.length))
                .isInstanceOf(PgProtocolException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((PgException) e).fatal()).isTrue());
    }

    private static byte[] startupPayload(int version, String... pairs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(version >>> 24);
        out.write(version >>> 16);
        out.write(version >>> 8);
        out.write(version);
        for (String s : pairs) {
            out.writeBytes(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.write(0);
        }
        out.write(0);
        return out.toByteArray();
    }

    @Test
    void decodesQueryText() {
        byte[] frame = FrontendEncoder.encode(new Query("SELECT 1"));
        assertThat(FrontendDecoder.decode(frame[0], frame, 5, frame.length - 5)).isEqualTo(new Query("SELECT 1"));
    }
}
