package dev.sluice.proxy.postgres.codec;

import static dev.sluice.proxy.postgres.codec.MessageAssertions.assertSameMessage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.proxy.postgres.message.BackendMessage;
import dev.sluice.proxy.postgres.message.FrontendMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RoundTripTest {

    static Stream<FrontendMessage> startupMessages() {
        return MessageSamples.startupMessages().stream();
    }

    static Stream<FrontendMessage> frontendMessages() {
        return MessageSamples.frontendMessages().stream();
    }

    static Stream<BackendMessage> backendMessages() {
        return MessageSamples.backendMessages().stream();
    }

    @ParameterizedTest
    @MethodSource("startupMessages")
    void startupMessagesDecodeToWhatWasEncoded(FrontendMessage message) {
        byte[] frame = FrontendEncoder.encode(message);

        assertThat(frame.length).isEqualTo(readLength(frame, 0));
        FrontendMessage decoded = FrontendDecoder.decodeStartup(frame, 4, frame.length - 4);

        assertSameMessage(decoded, message);
        assertThat(FrontendEncoder.encode(decoded)).isEqualTo(frame);
    }

    @ParameterizedTest
    @MethodSource("frontendMessages")
    void frontendMessagesDecodeToWhatWasEncoded(FrontendMessage message) throws IOException {
        byte[] frame = FrontendEncoder.encode(message);

        assertThat(frame.length).isEqualTo(1 + readLength(frame, 1));
        FrontendMessage decoded = FrontendDecoder.decode(frame[0], frame, 5, frame.length - 5);

        assertSameMessage(decoded, message);
        assertThat(FrontendEncoder.encode(decoded)).isEqualTo(frame);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrontendEncoder.encodeTo(message, out);
        assertThat(out.toByteArray()).isEqualTo(frame);
    }

    @ParameterizedTest
    @MethodSource("backendMessages")
    void backendMessagesDecodeToWhatWasEncoded(BackendMessage message) throws IOException {
        byte[] frame = BackendEncoder.encode(message);

        assertThat(frame.length).isEqualTo(1 + readLength(frame, 1));
        BackendMessage decoded = BackendDecoder.decode(frame[0], frame, 5, frame.length - 5);

        assertSameMessage(decoded, message);
        assertThat(BackendEncoder.encode(decoded)).isEqualTo(frame);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BackendEncoder.encodeTo(message, out);
        assertThat(out.toByteArray()).isEqualTo(frame);
    }

    @ParameterizedTest
    @MethodSource("frontendMessages")
    void decodesPayloadsInsideALargerBuffer(FrontendMessage message) {
        byte[] frame = FrontendEncoder.encode(message);
        byte[] padded = new byte[frame.length + 20];
        java.util.Arrays.fill(padded, (byte) 0x7F);
        System.arraycopy(frame, 0, padded, 7, frame.length);

        FrontendMessage decoded = FrontendDecoder.decode(padded[7], padded, 12, frame.length - 5);

        assertSameMessage(decoded, message);
    }

    private static int readLength(byte[] frame, int offset) {
        return ((frame[offset] & 0xFF) << 24) | ((frame[offset + 1] & 0xFF) << 16)
                | ((frame[offset + 2] & 0xFF) << 8) | (frame[offset + 3] & 0xFF);
    }
}
