package dev.sluice.proxy.events;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded, append-only, fsynced FIFO of events on local disk: where events wait while Kafka cannot take
 * them. One writer and reader thread (the sink's sender); counters may be read from any thread.
 *
 * <p>Two files in the directory: {@code events.log} holds records appended in order, each
 * {@code [int bodyLength][body][int CRC32C(body)]} with body
 * {@code [long appendedAtMillis][int topicLength][topic][int keyLength][key][int valueLength][value]} (UTF-8);
 * {@code head} holds the position of the first record not yet acknowledged by Kafka, twice (a torn write is
 * recognised and read as the older, smaller position: events may then be sent twice, never lost). Appends are
 * forced to disk before they count as spooled. When everything is drained both files are reset to empty, which
 * keeps the file bounded. On open, a torn or corrupt tail (a crash mid-append) is cut off.
 */
public final class EventSpool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventSpool.class);
    private static final int HEADER = 4;
    private static final int TRAILER = 4;

    /**
     * One spooled event.
     *
     * @param appendedAtMillis when it entered the spool (epoch millis)
     */
    public record Entry(String topic, String key, String value, long appendedAtMillis) {}

    private final Path directory;
    private final long maxBytes;
    private final FileChannel file;
    private final FileChannel head;
    private volatile long headPosition;
    private volatile long tailPosition;
    private volatile int events;
    private volatile long oldestAppendedAtMillis;
    private volatile long bytes;

    /**
     * Opens (creating if needed) the spool in {@code directory}; events left by a previous process are kept and
     * will be drained first.
     *
     * @param maxBytes the spool refuses appends that would grow its file beyond this
     */
    public EventSpool(Path directory, long maxBytes) throws IOException {
        this.directory = directory;
        this.maxBytes = maxBytes;
        Files.createDirectories(directory);
        this.file = FileChannel.open(directory.resolve("events.log"), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        this.head = FileChannel.open(directory.resolve("head"), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        recover();
    }

    private void recover() throws IOException {
        headPosition = readHead();
        long size = file.size();
        if (headPosition > size) {
            // the log was reset but the head not yet: nothing is pending
            headPosition = size;
        }
        long position = headPosition;
        int count = 0;
        long oldest = 0;
        while (position < size) {
            Record record = readRecord(position, size);
            if (record == null) {
                log.warn("event spool {}: cutting a torn or corrupt tail of {} bytes", directory, size - position);
                file.truncate(position);
                file.force(true);
                break;
            }
            if (count == 0) {
                oldest = record.entry().appendedAtMillis();
            }
            count++;
            position = record.end();
        }
        tailPosition = position;
        events = count;
        oldestAppendedAtMillis = oldest;
        bytes = tailPosition - headPosition;
        if (count == 0) {
            reset();
        } else {
            log.info("event spool {}: {} events from before the restart are waiting for Kafka", directory, count);
        }
    }

    /**
     * Appends events in order and forces them to disk.
     *
     * @return false, appending nothing, when they would not fit within the size bound
     */
    public boolean append(List<Entry> entries) throws IOException {
        if (entries.isEmpty()) {
            return true;
        }
        List<ByteBuffer> buffers = new ArrayList<>(entries.size());
        long total = 0;
        for (Entry entry : entries) {
            ByteBuffer buffer = encode(entry);
            total += buffer.remaining();
            buffers.add(buffer);
        }
        if (tailPosition + total > maxBytes) {
            return false;
        }
        long position = tailPosition;
        for (ByteBuffer buffer : buffers) {
            while (buffer.hasRemaining()) {
                position += file.write(buffer, position);
            }
        }
        file.force(false);
        if (events == 0) {
            oldestAppendedAtMillis = entries.getFirst().appendedAtMillis();
        }
        tailPosition = position;
        bytes = tailPosition - headPosition;
        events += entries.size();
        return true;
    }

    /** Up to {@code max} events from the front, oldest first, without removing them. */
    public List<Entry> peek(int max) throws IOException {
        List<Entry> entries = new ArrayList<>();
        long position = headPosition;
        while (entries.size() < max && position < tailPosition) {
            Record record = readRecord(position, tailPosition);
            if (record == null) {
                throw new IOException("event spool " + directory + " is corrupt at position " + position);
            }
            entries.add(record.entry());
            position = record.end();
        }
        return entries;
    }

    /** Removes the first {@code count} events (Kafka acknowledged them); durable before it returns. */
    public void remove(int count) throws IOException {
        long position = headPosition;
        Entry next = null;
        for (int i = 0; i < count && position < tailPosition; i++) {
            position = readRecord(position, tailPosition).end();
        }
        if (position < tailPosition) {
            next = readRecord(position, tailPosition).entry();
        }
        if (position >= tailPosition) {
            reset();
            return;
        }
        writeHead(position);
        headPosition = position;
        events -= count;
        bytes = tailPosition - headPosition;
        oldestAppendedAtMillis = next.appendedAtMillis();
    }

    /** Events waiting. */
    public int events() {
        return events;
    }

    /** Whether nothing is waiting. */
    public boolean isEmpty() {
        return events == 0;
    }

    /** Bytes of events waiting. */
    public long bytes() {
        return bytes;
    }

    /** The size bound. */
    public long maxBytes() {
        return maxBytes;
    }

    /** Bytes the file may still grow by before appends are refused. */
    public long freeBytes() {
        return maxBytes - tailPosition;
    }

    /** When the oldest waiting event was spooled (epoch millis), 0 when empty. */
    public long oldestAppendedAtMillis() {
        return events == 0 ? 0 : oldestAppendedAtMillis;
    }

    @Override
    public void close() throws IOException {
        try (file; head) {
            file.force(true);
        }
    }

    private void reset() throws IOException {
        // log first: a crash in between leaves a head beyond the end, which recover() reads as empty
        file.truncate(0);
        file.force(true);
        writeHead(0);
        headPosition = 0;
        tailPosition = 0;
        events = 0;
        bytes = 0;
        oldestAppendedAtMillis = 0;
    }

    private long readHead() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(16);
        while (buffer.hasRemaining() && head.read(buffer, buffer.position()) > 0) {
            // keep reading
        }
        if (buffer.position() < 16) {
            return 0;
        }
        long first = buffer.getLong(0);
        long second = buffer.getLong(8);
        return first == second ? first : Math.min(first, second);
    }

    private void writeHead(long position) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(16).putLong(position).putLong(position).flip();
        while (buffer.hasRemaining()) {
            head.write(buffer, buffer.position());
        }
        head.force(false);
    }

    private record Record(Entry entry, long end) {}

    private Record readRecord(long position, long limit) throws IOException {
        if (limit - position < HEADER + TRAILER) {
            return null;
        }
        ByteBuffer lengthBuffer = readFully(position, HEADER);
        int length = lengthBuffer.getInt(0);
        if (length < 20 || limit - position - HEADER - TRAILER < length) {
            return null;
        }
        ByteBuffer body = readFully(position + HEADER, length + TRAILER);
        CRC32C crc = new CRC32C();
        crc.update(body.array(), 0, length);
        if ((int) crc.getValue() != body.getInt(length)) {
            return null;
        }
        body.limit(length);
        long appendedAt = body.getLong();
        String topic = string(body);
        String key = string(body);
        String value = string(body);
        if (topic == null || key == null || value == null) {
            return null;
        }
        return new Record(new Entry(topic, key, value, appendedAt), position + HEADER + length + TRAILER);
    }

    private ByteBuffer readFully(long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (file.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("event spool " + directory + " ended unexpectedly");
            }
        }
        return buffer.flip();
    }

    private static String string(ByteBuffer body) {
        if (body.remaining() < 4) {
            return null;
        }
        int length = body.getInt();
        if (length < 0 || length > body.remaining()) {
            return null;
        }
        String value = new String(body.array(), body.position(), length, StandardCharsets.UTF_8);
        body.position(body.position() + length);
        return value;
    }

    private static ByteBuffer encode(Entry entry) {
        byte[] topic = entry.topic().getBytes(StandardCharsets.UTF_8);
        byte[] key = entry.key().getBytes(StandardCharsets.UTF_8);
        byte[] value = entry.value().getBytes(StandardCharsets.UTF_8);
        int length = 8 + 4 + topic.length + 4 + key.length + 4 + value.length;
        ByteBuffer buffer = ByteBuffer.allocate(HEADER + length + TRAILER);
        buffer.putInt(length).putLong(entry.appendedAtMillis())
                .putInt(topic.length).put(topic).putInt(key.length).put(key).putInt(value.length).put(value);
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), HEADER, length);
        return buffer.putInt((int) crc.getValue()).flip();
    }
}
