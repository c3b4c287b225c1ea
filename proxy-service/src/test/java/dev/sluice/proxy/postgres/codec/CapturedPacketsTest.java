package dev.sluice.proxy.postgres.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.proxy.postgres.message.AuthenticationOther;
import dev.sluice.proxy.postgres.message.BackendMessage;
import dev.sluice.proxy.postgres.message.FrontendMessage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every stored real packet decodes to the message type its file is named after and re-encodes identically. */
class CapturedPacketsTest {

    static Stream<Path> packets() throws IOException, URISyntaxException {
        Path root = Path.of(CapturedPacketsTest.class.getResource("/postgres/packets").toURI());
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> packets = files.filter(Files::isRegularFile).sorted().toList();
            assertThat(packets).hasSizeGreaterThan(40);
            return packets.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("packets")
    void decodesAndReencodesCapturedPacket(Path packet) throws IOException {
        byte[] frame = Files.readAllBytes(packet);
        String direction = packet.getParent().getFileName().toString();
        String expectedType = packet.getFileName().toString().replaceFirst("-\\d+\\.bin$", "");

        Object message = switch (direction) {
            case "startup" -> {
                FrontendMessage decoded = FrontendDecoder.decodeStartup(frame, 4, frame.length - 4);
                assertThat(FrontendEncoder.encode(decoded)).isEqualTo(frame);
                yield decoded;
            }
            case "frontend" -> {
                FrontendMessage decoded = FrontendDecoder.decode(frame[0], frame, 5, frame.length - 5);
                assertThat(FrontendEncoder.encode(decoded)).isEqualTo(frame);
                yield decoded;
            }
            case "backend" -> {
                BackendMessage decoded = BackendDecoder.decode(frame[0], frame, 5, frame.length - 5);
                if (!(decoded instanceof AuthenticationOther)) {
                    assertThat(BackendEncoder.encode(decoded)).isEqualTo(frame);
                }
                yield decoded;
            }
            default -> throw new AssertionError("unexpected directory " + direction);
        };
        assertThat(message.getClass().getSimpleName()).isEqualTo(expectedType);
    }
}
