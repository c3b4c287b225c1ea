package dev.sluice.proxy.postgres.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.proxy.postgres.error.PgProtocolException;
import dev.sluice.proxy.postgres.message.AuthenticationOther;
import dev.sluice.proxy.postgres.message.CommandComplete;
import dev.sluice.proxy.postgres.message.ErrorResponse;
import dev.sluice.proxy.postgres.message.PgConstants;
import org.junit.jupiter.api.Test;

class BackendDecoderTest {

    @Test
    void rejectsDataRowColumnCountLargerThanThePayload() {
        byte[] payload = {0x7F, (byte) 0xFF, 0, 0, 0, 1, 'x'};

        assertThatThrownBy(() -> BackendDecoder.decode(PgConstants.DATA_ROW, payload, 0, payload.length))
                .isInstanceOf(PgProtocolException.class).hasMessageContaining("column count 32767");
    }

    @Test
    void rejectsRowDescriptionFieldCountLargerThanThePayload() {
        byte[] payload = {0, 2, 'a', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 23, 0, 4, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF, 0, 0};

        assertThatThrownBy(() -> BackendDecoder.decode(PgConstants.ROW_DESCRIPTION, payload, 0, payload.length))
                .isInstanceOf(PgProtocolException.class).hasMessageContaining("field count 2");
    }

    @Test
    void rejectsNegotiateProtocolVersionWithANegativeOrHugeCount() {
        byte[] negative = {0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        assertThatThrownBy(() -> BackendDecoder.decode(
                PgConstants.NEGOTIATE_PROTOCOL_VERSION, negative, 0, negative.length))
                .isInstanceOf(PgProtocolException.class);
        byte[] huge = {0, 0, 0, 0, 0x10, 0, 0, 0, 'a', 0};
        assertThatThrownBy(() -> BackendDecoder.decode(PgConstants.NEGOTIATE_PROTOCOL_VERSION, huge, 0, huge.length))
                .isInstanceOf(PgProtocolException.class);
    }

    @Test
    void rejectsInvalidTransactionStatusAndTrailingBytes() {
        assertThatThrownBy(() -> BackendDecoder.decode(PgConstants.READY_FOR_QUERY, new byte[] {'X'}, 0, 1))
                .isInstanceOf(PgProtocolException.class);
        assertThatThrownBy(() -> BackendDecoder.decode(PgConstants.PARSE_COMPLETE, new byte[] {0}, 0, 1))
                .isInstanceOf(PgProtocolException.class).hasMessageContaining("trailing");
        assertThatThrownBy(() -> BackendDecoder.decode((byte) 'q', new byte[0], 0, 0))
                .isInstanceOf(PgProtocolException.class).hasMessageContaining("invalid backend message type");
    }

    @Test
    void readsServerTextLenientlySoThatAStrayByteDoesNotEndTheSession() {
        byte[] payload = {'S', 'E', 'L', (byte) 0xFF, 0};

        CommandComplete complete = (CommandComplete) BackendDecoder.decode(
                PgConstants.COMMAND_COMPLETE, payload, 0, payload.length);

        assertThat(complete.tag()).isEqualTo("SEL\uFFFD");
    }

    @Test
    void exposesErrorFields() {
        byte[] frame = BackendEncoder.encode(ErrorResponse.error("42501", "permission denied for table t"));

        ErrorResponse error = (ErrorResponse) BackendDecoder.decode(frame[0], frame, 5, frame.length - 5);

        assertThat(error.severity()).isEqualTo("ERROR");
        assertThat(error.code()).isEqualTo("42501");
        assertThat(error.message()).isEqualTo("permission denied for table t");
    }

    @Test
    void keepsOnlyTheCodeOfUnsupportedAuthenticationRequests() {
        byte[] gssContinue = {0, 0, 0, 8, 1, 2, 3};

        assertThat(BackendDecoder.decode(PgConstants.AUTHENTICATION, gssContinue, 0, gssContinue.length))
                .isEqualTo(new AuthenticationOther(PgConstants.AUTH_GSS_CONTINUE));
    }
}
