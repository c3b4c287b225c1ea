package dev.sluice.proxy.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool is a durable FIFO: order kept, contents survive a restart, a torn tail is cut, the bound holds. */
class EventSpoolTest {

    @TempDir
    Path directory;

    @Test
    void keepsEventsInOrderUntilRemoved() throws IOException {
        try (EventSpool spool = new EventSpool(directory, 1 << 20)) {
            assertThat(spool.append(List.of(entry("s1", "a", 1000), entry("s2", "b", 1001)))).isTrue();
            assertThat(spool.append(List.of(entry("s1", "c", 1002)))).isTrue();

            assertThat(spool.events()).isEqualTo(3);
            assertThat(spool.oldestAppendedAtMillis()).isEqualTo(1000);
            assertThat(spool.peek(2)).extracting(EventSpool.Entry::value).containsExactly("a", "b");

            spool.remove(2);
            assertThat(spool.peek(10)).extracting(EventSpool.Entry::value).containsExactly("c");
            assertThat(spool.oldestAppendedAtMillis()).isEqualTo(1002);

            spool.remove(1);
            assertThat(spool.isEmpty()).isTrue();
            assertThat(spool.freeBytes()).isEqualTo(1 << 20);
        }
    }

    @Test
    void eventsSurviveARestart() throws IOException {
        try (EventSpool spool = new EventSpool(directory, 1 << 20)) {
            spool.append(List.of(entry("s1", "a", 1), entry("s1", "b", 2), entry("s1", "c", 3)));
            spool.remove(1);
        }
        try (EventSpool reopened = new EventSpool(directory, 1 << 20)) {
            assertThat(reopened.events()).isEqualTo(2);
            assertThat(reopened.peek(10)).containsExactly(entry("s1", "b", 2), entry("s1", "c", 3));
        }
    }

    @Test
    void cutsATornTailOnOpen() throws IOException {
        try (EventSpool spool = new EventSpool(directory, 1 << 20)) {
            spool.append(List.of(entry("s1", "a", 1), entry("s1", "b", 2)));
        }
        // a crash in the middle of appending: half a record at the end
        try (FileChannel file = FileChannel.open(directory.resolve("events.log"), StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 40, 1, 2, 3}), file.size());
        }
        try (EventSpool reopened = new EventSpool(directory, 1 << 20)) {
            assertThat(reopened.peek(10)).extracting(EventSpool.Entry::value).containsExactly("a", "b");
            assertThat(reopened.append(List.of(entry("s1", "c", 3)))).isTrue();
            assertThat(reopened.peek(10)).extracting(EventSpool.Entry::value).containsExactly("a", "b", "c");
        }
    }

    @Test
    void refusesAppendsBeyondItsBound() throws IOException {
        try (EventSpool spool = new EventSpool(directory, 200)) {
            assertThat(spool.append(List.of(entry("s1", "x".repeat(100), 1)))).isTrue();
            assertThat(spool.append(List.of(entry("s1", "y".repeat(100), 2)))).isFalse();
            assertThat(spool.events()).isEqualTo(1);
        }
    }

    private static EventSpool.Entry entry(String key, String value, long at) {
        return new EventSpool.Entry("sluice.sessions", key, value, at);
    }
}
