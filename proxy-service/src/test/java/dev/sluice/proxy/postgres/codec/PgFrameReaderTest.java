package dev.sluice.proxy.postgres.codec;

import static dev.sluice.proxy.postgres.codec.MessageAssertions.assertSameMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.proxy.postgres.error.PgProtocolException;
import dev.sluice.proxy.postgres.message.BackendMessage;
import dev.sluice.proxy.postgres.message.FrontendMessage;
import dev.sluice.proxy.postgres.message.PgConstants;
import dev.sluice.proxy.postgres.message.Query;
import dev.sluice.proxy.postgres.message.StartupMessage;
import dev.sluice.proxy.postgres.message.Sync;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PgFrameReaderTest {

    private static final StartupMessage STARTUP = (StartupMessage) MessageSamples.startupMessages().getFirst();

    @ParameterizedTest
    @ValueSource(ints = {5, 64, 8192})
    void decodesEveryFrontendMessageAloneSplitAtEveryByte(int initialBuffer) throws IOException {
        for (FrontendMessage message : MessageSamples.frontendMessages()) {
            byte[] frame = FrontendEncoder.encode(message);
            for (int split = 0; split <= frame.length; split++) {
                assertFrontendStream(Frames.splitAt(frame, split), initialBuffer, false, List.of(message));
            }
            assertFrontendStream(Frames.oneBytePerRead(frame), initialBuffer, false, List.of(message));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 64, 8192})
    void decodesEveryStartupMessageAloneSplitAtEveryByte(int initialBuffer) throws IOException {
        for (FrontendMessage message : MessageSamples.startupMessages()) {
            byte[] frame = FrontendEncoder.encode(message);
            for (int split = 0; split <= frame.length; split++) {
                assertFrontendStream(Frames.splitAt(frame, split), initialBuffer, true, List.of(message));
            }
            assertFrontendStream(Frames.oneBytePerRead(frame), initialBuffer, true, List.of(message));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 64, 8192})
    void decodesAWholeClientSessionSplitAtEveryByte(int initialBuffer) throws IOException {
        List<FrontendMessage> session = new ArrayList<>();
        session.add(STARTUP);
        session.addAll(MessageSamples.frontendMessages());
        byte[] stream = Frames.concat(session.stream().map(FrontendEncoder::encode).toList());

        for (int split = 0; split <= stream.length; split++) {
            assertFrontendStream(Frames.splitAt(stream, split), initialBuffer, true, session);
        }
        assertFrontendStream(Frames.oneBytePerRead(stream), initialBuffer, true, session);
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 64, 8192})
    void decodesEveryBackendMessageAloneAndInOneStreamSplitAtEveryByte(int initialBuffer) throws IOException {
        List<BackendMessage> messages = MessageSamples.backendMessages();
        for (BackendMessage message : messages) {
            byte[] frame = BackendEncoder.encode(message);
            for (int split = 0; split <= frame.length; split++) {
                assertBackendStream(Frames.splitAt(frame, split), initialBuffer, List.of(message));
            }
        }
        byte[] stream = Frames.encodeAll(messages);
        for (int split = 0; split <= stream.length; split++) {
            assertBackendStream(Frames.splitAt(stream, split), initialBuffer, messages);
        }
        assertBackendStream(Frames.oneBytePerRead(stream), initialBuffer, messages);
    }

    @Test
    void readsManyFramesWithOneReadCallAndReportsWhenToFlush() throws IOException {
        byte[] stream = Frames.concat(Collections.nCopies(100, FrontendEncoder.encode(new Sync())));
        Frames.ChunkedStream in = new Frames.ChunkedStream(stream, new int[0]);
        PgFrameReader reader = new PgFrameReader(in, Frames.MAX, 8192);

        for (int i = 0; i < 100; i++) {
            assertThat(reader.readFrame()).isTrue();
            assertThat(reader.type()).isEqualTo(PgConstants.SYNC);
            assertThat(reader.hasCompleteFrameBuffered()).isEqualTo(i < 99);
        }
        assertThat(reader.readFrame()).isFalse();
        assertThat(in.reads).isEqualTo(2);
    }

    @Test
    void reportsNoCompleteFrameWhileTheNextOneIsPartial() throws IOException {
        byte[] sync = FrontendEncoder.encode(new Sync());
        byte[] query = FrontendEncoder.encode(new Query("SELECT 1"));
        byte[] stream = Frames.concat(List.of(sync, query));
        PgFrameReader reader = new PgFrameReader(Frames.splitAt(stream, sync.length + 7), Frames.MAX, 64);

        assertThat(reader.readFrame()).isTrue();
        assertThat(reader.hasCompleteFrameBuffered()).isFalse();
        assertThat(reader.bufferedByteCount()).isEqualTo(7);
        assertThat(reader.readFrame()).isTrue();
        assertThat(reader.type()).isEqualTo(PgConstants.QUERY);
    }

    @Test
    void compactsInsteadOfGrowingWhenFramesFit() throws IOException {
        byte[] query = FrontendEncoder.encode(new Query("SELECT 42"));
        byte[] stream = Frames.concat(Collections.nCopies(1000, query));
        PgFrameReader reader = new PgFrameReader(new ByteArrayInputStream(stream), Frames.MAX, 64);

        int frames = 0;
        while (reader.readFrame()) {
            assertThat(Frames.currentFrame(reader)).isEqualTo(query);
            frames++;
        }
        assertThat(frames).isEqualTo(1000);
        assertThat(reader.array()).hasSize(64);
    }

    @Test
    void growsOnlyToFitALargeFrame() throws IOException {
        byte[] large = FrontendEncoder.encode(new Query("x".repeat(100_000)));
        PgFrameReader reader = new PgFrameReader(new ByteArrayInputStream(large), Frames.MAX, 64);

        assertThat(reader.readFrame()).isTrue();
        assertThat(reader.frameLength()).isEqualTo(large.length);
        assertThat(reader.payloadLength()).isEqualTo(large.length - 5);
        assertThat(reader.array().length).isEqualTo(large.length);
        assertThat(reader.readFrame()).isFalse();
    }

    @Test
    void rejectsAnOversizedLengthBeforeAllocating() {
        byte[] header = {'Q', 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        PgFrameReader reader = new PgFrameReader(new ByteArrayInputStream(header), 16 << 20, 64);

        assertThatThrownBy(reader::readFrame).isInstanceOf(PgProtocolException.class)
                .hasMessageContaining("2147483647");
        assertThat(reader.array()).hasSize(64);
    }

    @Test
    void rejectsALengthJustAboveTheConfiguredMaximum() throws IOException {
        byte[] ok = {'d', 0, 0, 0, 8, 1, 2, 3, 4};
        PgFrameReader exact = new PgFrameReader(new ByteArrayInputStream(ok), 8, 16);
        assertThat(exact.readFrame()).isTrue();

        byte[] tooLong = {'d', 0, 0, 0, 9, 1, 2, 3, 4, 5};
        PgFrameReader reader = new PgFrameReader(new ByteArrayInputStream(tooLong), 8, 16);
        assertThatThrownBy(reader::readFrame).isInstanceOf(PgProtocolException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, -1, Integer.MIN_VALUE})
    void rejectsLengthsShorterThanTheLengthField(int length) {
        byte[] header = {'S', (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
        PgFrameReader reader = new PgFrameReader(new ByteArrayInputStream(header), Frames.MAX, 64);

        assertThatThrownBy(reader::readFrame).isInstanceOf(PgProtocolException.class)
                .satisfies(e -> assertThat(((PgProtocolException) e).sqlState()).isEqualTo("08P01"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4, 7, 10_001, -8, Integer.MAX_VALUE})
    void rejectsStartupLengthsOutsideWhatPostgresAccepts(int length) {
        byte[] header = {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length, 0, 3};
        PgFrameReader reader = new PgFrameReader(new ByteArrayInputStream(header), Frames.MAX, 64);

        assertThatThrownBy(reader::readStartupFrame).isInstanceOf(PgProtocolException.class);
    }

    @Test
    void returnsFalseOnCleanEndOfStreamAndFailsInsideAFrame() throws IOException {
        assertThat(new PgFrameReader(InputStream.nullInputStream(), Frames.MAX, 64).readFrame()).isFalse();
        assertThat(new PgFrameReader(InputStream.nullInputStream(), Frames.MAX, 64).readStartupFrame()).isFalse();

        byte[] query = FrontendEncoder.encode(new Query("SELECT 1"));
        for (int cut = 1; cut < query.length; cut++) {
            byte[] truncated = java.util.Arrays.copyOf(query, cut);
            PgFrameReader reader = new PgFrameReader(Frames.oneBytePerRead(truncated), Frames.MAX, 64);
            assertThatThrownBy(reader::readFrame).as("cut at %d", cut).isInstanceOf(EOFException.class);
        }
        byte[] startup = FrontendEncoder.encode(STARTUP);
        PgFrameReader reader = new PgFrameReader(
                new ByteArrayInputStream(startup, 0, startup.length - 1), Frames.MAX, 64);
        assertThatThrownBy(reader::readStartupFrame).isInstanceOf(EOFException.class);
    }

    @Test
    void exposesFrameAndPayloadPositions() throws IOException {
        byte[] query = FrontendEncoder.encode(new Query("SELECT 1"));
        byte[] stream = Frames.concat(List.of(FrontendEncoder.encode(STARTUP), query));
        PgFrameReader reader = new PgFrameReader(new ByteArrayInputStream(stream), Frames.MAX, 8192);

        assertThat(reader.readStartupFrame()).isTrue();
        assertThat(reader.type()).isZero();
        assertThat(reader.frameOffset()).isZero();
        assertThat(reader.payloadOffset()).isEqualTo(4);
        int startupLength = reader.frameLength();
        assertThat(reader.readFrame()).isTrue();
        assertThat(reader.frameOffset()).isEqualTo(startupLength);
        assertThat(reader.payloadOffset()).isEqualTo(startupLength + 5);
        assertThat(reader.payloadLength()).isEqualTo("SELECT 1".length() + 1);
        assertThat(reader.array()[reader.frameOffset()]).isEqualTo(PgConstants.QUERY);
    }

    private static void assertFrontendStream(InputStream in, int initialBuffer, boolean startsWithStartup,
            List<FrontendMessage> expected) throws IOException {
        PgFrameReader reader = new PgFrameReader(in, Frames.MAX, initialBuffer);
        int index = 0;
        if (startsWithStartup) {
            assertThat(reader.readStartupFrame()).isTrue();
            assertDecoded(reader, expected.get(index), FrontendEncoder::encode,
                    FrontendDecoder.decodeStartup(reader.array(), reader.payloadOffset(), reader.payloadLength()));
            index++;
        }
        for (; index < expected.size(); index++) {
            assertThat(reader.readFrame()).as("frame %d", index).isTrue();
            assertDecoded(reader, expected.get(index), FrontendEncoder::encode, FrontendDecoder.decode(
                    reader.type(), reader.array(), reader.payloadOffset(), reader.payloadLength()));
        }
        assertThat(reader.hasCompleteFrameBuffered()).isFalse();
        assertThat(reader.readFrame()).as("no extra frame").isFalse();
        assertThat(reader.bufferedByteCount()).isZero();
    }

    private static void assertBackendStream(InputStream in, int initialBuffer, List<BackendMessage> expected)
            throws IOException {
        PgFrameReader reader = new PgFrameReader(in, Frames.MAX, initialBuffer);
        for (int index = 0; index < expected.size(); index++) {
            assertThat(reader.readFrame()).as("frame %d", index).isTrue();
            assertDecoded(reader, expected.get(index), BackendEncoder::encode, BackendDecoder.decode(
                    reader.type(), reader.array(), reader.payloadOffset(), reader.payloadLength()));
        }
        assertThat(reader.readFrame()).as("no extra frame").isFalse();
        assertThat(reader.bufferedByteCount()).isZero();
    }

    private static <M> void assertDecoded(PgFrameReader reader, M expected, Function<M, byte[]> encoder, M decoded) {
        assertSameMessage(decoded, expected);
        assertThat(Frames.currentFrame(reader)).isEqualTo(encoder.apply(expected));
    }

    @Test
    void readingAheadKeepsTheHeldFrameAndTheOrderOfWhatFollows() throws IOException {
        byte[] held = FrontendEncoder.encode(new Query("DROP TABLE t"));
        byte[] next = FrontendEncoder.encode(new Query("SELECT 1"));
        byte[] sync = FrontendEncoder.encode(new Sync());
        // a tiny buffer, one byte per read: every read ahead must grow the buffer without moving the held frame
        var reader = new PgFrameReader(Frames.oneBytePerRead(Frames.concat(List.of(held, next, sync))), Frames.MAX, 8);
        assertThat(reader.readFrame()).isTrue();

        int reads = 0;
        while (reader.readAhead(1 << 20)) {
            reads++;
        }

        assertThat(reads).isEqualTo(next.length + sync.length);
        assertThat(Frames.currentFrame(reader)).isEqualTo(held);
        assertThat(reader.readFrame()).isTrue();
        assertSameMessage(FrontendDecoder.decode(reader.type(), reader.array(), reader.payloadOffset(),
                reader.payloadLength()), new Query("SELECT 1"));
        assertThat(reader.readFrame()).isTrue();
        assertThat(reader.type()).isEqualTo(PgConstants.SYNC);
        assertThat(reader.readFrame()).isFalse();
    }

    @Test
    void readingAheadStopsAtTheCap() throws IOException {
        byte[] held = FrontendEncoder.encode(new Query("DROP TABLE t"));
        var reader = new PgFrameReader(Frames.oneBytePerRead(Frames.concat(List.of(held, held))), Frames.MAX, 64);
        assertThat(reader.readFrame()).isTrue();

        assertThat(reader.readAhead(3)).isTrue();
        assertThat(reader.readAhead(3)).isTrue();
        assertThat(reader.readAhead(3)).isTrue();
        assertThat(reader.readAhead(3)).as("capped: no further read").isTrue();

        assertThat(reader.bufferedByteCount()).isEqualTo(3);
    }
}
