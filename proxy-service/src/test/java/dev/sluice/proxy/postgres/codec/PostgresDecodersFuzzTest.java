package dev.sluice.proxy.postgres.codec;

import static dev.sluice.proxy.postgres.codec.MessageAssertions.assertSameMessage;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.proxy.postgres.error.PgException;
import dev.sluice.proxy.postgres.message.BackendMessage;
import dev.sluice.proxy.postgres.message.FrontendMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes both decoders through {@link PgFrameReader}: the first input byte picks the direction (even: a client
 * stream starting with a startup frame; odd: a server stream), the rest is the stream.
 *
 * <p>Seeded from real frames captured by {@link RealTrafficCodecTest} under {@code postgres/packets/}, plus
 * encoded samples of the message types a capture cannot provoke. Without {@code JAZZER_FUZZ} it replays the
 * seeds as a regression test; with it, it fuzzes for {@code JAZZER_MAX_DURATION}. Only {@link PgException} and
 * {@link IOException} may escape, and whatever decodes must survive an encode/decode round trip.
 */
class PostgresDecodersFuzzTest {

    private static final int MAX_FRAME = 1 << 20;
    private static final byte CLIENT = 0;
    private static final byte SERVER = 1;

    @MethodSource("seeds")
    @FuzzTest(maxDuration = "20s")
    void onlyProtocolExceptionsEscapeTheDecoders(byte[] input) {
        if (input.length == 0) {
            return;
        }
        byte[] stream = Arrays.copyOfRange(input, 1, input.length);
        try {
            if ((input[0] & 1) == CLIENT) {
                decodeClientStream(stream);
            } else {
                decodeServerStream(stream);
            }
        } catch (PgException | IOException rejected) {
            // The only ways a decoder may refuse input.
            assertThat(rejected).isNotNull();
        }
    }

    private static void decodeClientStream(byte[] stream) throws IOException {
        PgFrameReader reader = new PgFrameReader(new ByteArrayInputStream(stream), MAX_FRAME, 64);
        if (!reader.readStartupFrame()) {
            return;
        }
        FrontendMessage startup = FrontendDecoder.decodeStartup(
                reader.array(), reader.payloadOffset(), reader.payloadLength());
        // Client messages are decoded strictly, so the encoding must reproduce the exact bytes.
        assertThat(FrontendEncoder.encode(startup)).isEqualTo(Frames.currentFrame(reader));
        while (reader.readFrame()) {
            FrontendMessage message = FrontendDecoder.decode(
                    reader.type(), reader.array(), reader.payloadOffset(), reader.payloadLength());
            assertThat(FrontendEncoder.encode(message)).isEqualTo(Frames.currentFrame(reader));
        }
    }

    private static void decodeServerStream(byte[] stream) throws IOException {
        PgFrameReader reader = new PgFrameReader(new ByteArrayInputStream(stream), MAX_FRAME, 64);
        while (reader.readFrame()) {
            BackendMessage message = BackendDecoder.decode(
                    reader.type(), reader.array(), reader.payloadOffset(), reader.payloadLength());
            // Server text is decoded leniently, so only the decoded form is stable, not the bytes.
            byte[] again = BackendEncoder.encode(message);
            assertSameMessage(BackendDecoder.decode(again[0], again, 5, again.length - 5), message);
        }
    }

    static Stream<Arguments> seeds() {
        List<byte[]> startup = read("startup");
        List<byte[]> frontend = read("frontend");
        List<byte[]> backend = read("backend");
        List<byte[]> sampleFrontend = MessageSamples.frontendMessages().stream().map(FrontendEncoder::encode).toList();
        List<byte[]> sampleBackend = MessageSamples.backendMessages().stream().map(BackendEncoder::encode).toList();
        byte[] session = startup.stream().filter(s -> s.length > 8).findFirst().orElseThrow();

        List<byte[]> seeds = new ArrayList<>();
        startup.forEach(frame -> seeds.add(input(CLIENT, List.of(frame))));
        MessageSamples.startupMessages().forEach(m -> seeds.add(input(CLIENT, List.of(FrontendEncoder.encode(m)))));
        Stream.concat(frontend.stream(), sampleFrontend.stream())
                .forEach(frame -> seeds.add(input(CLIENT, List.of(session, frame))));
        Stream.concat(backend.stream(), sampleBackend.stream())
                .forEach(frame -> seeds.add(input(SERVER, List.of(frame))));
        List<byte[]> wholeClient = new ArrayList<>(List.of(session));
        wholeClient.addAll(frontend);
        seeds.add(input(CLIENT, wholeClient));
        seeds.add(input(SERVER, backend));
        return seeds.stream().map(seed -> Arguments.of((Object) seed));
    }

    private static byte[] input(byte direction, List<byte[]> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(direction);
        frames.forEach(out::writeBytes);
        return out.toByteArray();
    }

    private static List<byte[]> read(String directory) {
        try {
            Path root = Path.of(PostgresDecodersFuzzTest.class.getResource("/postgres/packets/" + directory).toURI());
            try (Stream<Path> files = Files.list(root)) {
                List<byte[]> frames = new ArrayList<>();
                for (Path file : files.sorted().toList()) {
                    frames.add(Files.readAllBytes(file));
                }
                assertThat(frames).as("captured %s packets", directory).isNotEmpty();
                return frames;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
