package dev.sluice.proxy.core;

import dev.sluice.proxy.events.DeliverySettings;
import dev.sluice.proxy.events.EventSpool;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes session and audit events to Kafka off the data path, and keeps them on local disk while Kafka cannot
 * take them.
 *
 * <p>Relay threads only enqueue into a bounded in-memory queue. One sender thread sends batches to an idempotent
 * producer ({@code acks=all}) keyed by session id (audit events by subject) and waits for the acknowledgement,
 * bounded by {@link DeliverySettings#ackTimeout()}. A batch Kafka did not acknowledge in time goes, whole and in
 * order, to the {@link EventSpool} (fsynced), the producer is discarded (so it cannot deliver the same records
 * later, behind newer ones) and from then on every event goes through the spool, behind those, until the spool
 * is drained into a fresh producer: one FIFO end to end, so each session's order is kept. An event may reach Kafka
 * twice (acknowledged, but the acknowledgement was lost); consumers drop repeats by CloudEvents id.
 *
 * <p>{@link #accepting()} tells sessions whether to run new commands: not when the spool is nearly full (the
 * remaining space is kept for commands already running) or the memory queue is, and in strict mode not while
 * anything is waiting for Kafka at all.
 */
public final class KafkaEventSink implements EventSink {
    private static final Logger log = LoggerFactory.getLogger(KafkaEventSink.class);

    private record Pending(String topic, String key, String value, long atMillis) {}

    private final String topic;
    private final String auditTopic;
    private final Supplier<Producer<String, String>> producers;
    private final EventSpool spool;
    private final DeliverySettings settings;
    private final Clock clock;
    private final BlockingQueue<Pending> queue;
    /** Events taken from the queue that could be neither sent nor spooled yet; they go before the queue. */
    private final List<Pending> carry = new ArrayList<>();
    private final AtomicLong failures = new AtomicLong();
    private final Thread sender;
    private Producer<String, String> producer;
    private volatile boolean open = true;
    private volatile boolean kafkaAcknowledging = true;
    private volatile boolean spoolWritable = true;

    /**
     * @param auditTopic     topic of the audit feed, or null to drop audit events
     * @param clientSettings Kafka client properties (bootstrap servers, security); delivery guarantees are set here
     *                       and cannot be weakened by them
     */
    public KafkaEventSink(Map<String, Object> clientSettings, String topic, String auditTopic, String clientId,
            EventSpool spool, DeliverySettings settings) {
        this(() -> newProducer(clientSettings, clientId, settings), topic, auditTopic, spool, settings,
                Clock.systemUTC());
    }

    /** With a producer factory of its own, e.g. Kafka's {@code MockProducer} in tests. */
    public KafkaEventSink(Supplier<Producer<String, String>> producers, String topic, String auditTopic,
            EventSpool spool, DeliverySettings settings, Clock clock) {
        this.topic = topic;
        this.auditTopic = auditTopic;
        this.producers = producers;
        this.spool = spool;
        this.settings = settings;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.kafkaAcknowledging = spool.isEmpty();
        this.sender = Thread.ofPlatform().name("kafka-event-sender").daemon(true).start(this::run);
    }

    private static Producer<String, String> newProducer(Map<String, Object> clientSettings, String clientId,
            DeliverySettings settings) {
        Map<String, Object> config = new java.util.HashMap<>(clientSettings);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        // a send must not block the sender longer than an acknowledgement may take
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) settings.ackTimeout().toMillis());
        config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Duration.ofMinutes(2).toMillis());
        // Every event acknowledged by all in-sync replicas, exactly once per partition, in order.
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    @Override
    public boolean publish(String sessionId, String eventJson) {
        return open && queue.offer(new Pending(topic, sessionId, eventJson, clock.millis()));
    }

    @Override
    public boolean audit(String subject, String eventJson) {
        if (auditTopic == null) {
            return true;
        }
        return open && queue.offer(new Pending(auditTopic, subject, eventJson, clock.millis()));
    }

    @Override
    public boolean accepting() {
        if (!open || !spoolWritable || queue.remainingCapacity() < settings.maxBatch()) {
            return false;
        }
        if (spool.freeBytes() < settings.reserveBytes()) {
            return false;
        }
        return !settings.strict() || (kafkaAcknowledging && spool.isEmpty());
    }

    private void run() {
        while (open) {
            try {
                if (spool.isEmpty() && carry.isEmpty()) {
                    sendDirect();
                } else {
                    drainSpool();
                }
            } catch (RuntimeException e) {
                // never let the sender die: what it holds is in the carry list or the spool
                log.error("event sender failed; retrying", e);
                pause();
            }
        }
        // closing: everything still in memory goes to disk, then Kafka gets what it takes now; the rest waits
        // in the spool for the next start
        moveQueueToSpool();
        boolean delivering = true;
        while (delivering && !spool.isEmpty()) {
            int before = spool.events();
            drainSpool();
            delivering = spool.events() < before;
        }
        discardProducer(Duration.ofSeconds(5));
    }

    /** Kafka is keeping up: send straight from the queue, spooling a batch it does not acknowledge. */
    private void sendDirect() {
        List<Pending> batch = new ArrayList<>();
        try {
            Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
            if (first == null) {
                return;
            }
            batch.add(first);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            open = false;
            return;
        }
        queue.drainTo(batch, settings.maxBatch() - 1);
        if (send(batch)) {
            kafkaAcknowledging = true;
            return;
        }
        kafkaAcknowledging = false;
        failures.addAndGet(batch.size());
        log.warn("Kafka did not acknowledge {} events within {}; spooling to disk until it does", batch.size(),
                settings.ackTimeout());
        carry.addAll(batch);
        spoolCarry();
    }

    /** Something is waiting on disk: keep the order by spooling new events behind it and sending from the front. */
    private void drainSpool() {
        moveQueueToSpool();
        if (spool.isEmpty()) {
            return;
        }
        List<EventSpool.Entry> front;
        try {
            front = spool.peek(settings.maxBatch());
        } catch (IOException e) {
            spoolFailed(e);
            pause();
            return;
        }
        List<Pending> batch = front.stream()
                .map(entry -> new Pending(entry.topic(), entry.key(), entry.value(), entry.appendedAtMillis()))
                .toList();
        if (!send(batch)) {
            kafkaAcknowledging = false;
            pause();
            return;
        }
        try {
            spool.remove(batch.size());
            spoolWritable = true;
        } catch (IOException e) {
            // sent but still spooled: they will be sent again, which consumers absorb
            spoolFailed(e);
        }
        if (spool.isEmpty()) {
            kafkaAcknowledging = true;
            log.info("event spool drained: Kafka has every event again");
        }
    }

    private void moveQueueToSpool() {
        queue.drainTo(carry);
        spoolCarry();
    }

    private void spoolCarry() {
        if (carry.isEmpty()) {
            return;
        }
        try {
            boolean appended = spool.append(carry.stream()
                    .map(pending -> new EventSpool.Entry(pending.topic(), pending.key(), pending.value(),
                            pending.atMillis()))
                    .toList());
            if (appended) {
                carry.clear();
                spoolWritable = true;
            } else {
                spoolWritable = false;
                log.error("event spool is full ({} bytes); sessions refuse commands until Kafka drains it",
                        spool.maxBytes());
            }
        } catch (IOException e) {
            spoolFailed(e);
        }
    }

    private void spoolFailed(IOException e) {
        spoolWritable = false;
        log.error("event spool cannot be written; sessions refuse commands: {}", e.toString());
    }

    /** Sends a batch and waits for Kafka to acknowledge all of it. */
    private boolean send(List<Pending> batch) {
        try {
            if (producer == null) {
                producer = producers.get();
            }
            List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
            for (Pending pending : batch) {
                acks.add(producer.send(new ProducerRecord<>(pending.topic(), pending.key(), pending.value())));
            }
            long deadline = System.nanoTime() + settings.ackTimeout().toNanos();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            open = false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.debug("Kafka did not acknowledge a batch: {}", e.toString());
        }
        // a producer that still holds these records could deliver them later, behind newer ones: drop it
        discardProducer(Duration.ZERO);
        return false;
    }

    private void discardProducer(Duration timeout) {
        if (producer != null) {
            try {
                producer.close(timeout);
            } catch (RuntimeException e) {
                log.debug("closing the Kafka producer: {}", e.toString());
            }
            producer = null;
        }
    }

    /** Waits between drain attempts, spooling what arrives meanwhile so that the memory queue never fills. */
    private void pause() {
        long deadline = System.nanoTime() + settings.retryInterval().toNanos();
        while (open && System.nanoTime() < deadline) {
            try {
                Pending next = queue.poll(Math.min(200_000_000L, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (next != null) {
                    carry.add(next);
                    moveQueueToSpool();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                open = false;
            }
        }
    }

    /** Events Kafka did not acknowledge in time (each was spooled and sent again later). */
    public long failures() {
        return failures.get();
    }

    /** Events waiting in memory and on disk. */
    public int backlog() {
        return queue.size() + carry.size() + spool.events();
    }

    /** Events waiting in the spool. */
    public int spooledEvents() {
        return spool.events();
    }

    /** Age of the oldest spooled event in seconds, 0 when the spool is empty. */
    public double spoolOldestAgeSeconds() {
        long oldest = spool.oldestAppendedAtMillis();
        return oldest == 0 ? 0 : Math.max(0, clock.millis() - oldest) / 1000.0;
    }

    /** Bytes waiting in the spool. */
    public long spooledBytes() {
        return spool.bytes();
    }

    @Override
    public void close() {
        open = false;
        try {
            sender.join(settings.ackTimeout().plusSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            spool.close();
        } catch (IOException e) {
            log.warn("closing the event spool: {}", e.toString());
        }
    }
}
