package dev.sluice.approval.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Drains the {@link Outbox}: each delivery runs in its own transaction holding its row lock, so a delivery that
 * succeeded is marked SENT before the lock is released and is never sent again by this or another instance;
 * a refused one is retried with exponential backoff up to {@code max-attempts}, then kept as FAILED. (A crash
 * between the receiver's acceptance and the commit re-sends it once: receivers de-duplicate by
 * {@code X-Sluice-Delivery} / the notification id.) Counts {@code sluice_approval_notifications_total} by channel
 * and outcome ({@code sent}, {@code retried}, {@code failed}).
 */
public final class OutboxWorker {
    private static final Logger log = LoggerFactory.getLogger(OutboxWorker.class);

    private final Outbox outbox;
    private final Map<String, NotificationChannel> channels;
    private final TransactionTemplate transactions;
    private final NotifyProperties properties;
    private final MeterRegistry registry;
    private final Clock clock;

    OutboxWorker(Outbox outbox, java.util.List<NotificationChannel> channels, TransactionTemplate transactions,
            NotifyProperties properties, MeterRegistry registry, Clock clock) {
        this.outbox = outbox;
        this.channels = channels.stream().collect(Collectors.toMap(NotificationChannel::name, Function.identity()));
        this.transactions = transactions;
        this.properties = properties;
        this.registry = registry;
        this.clock = clock;
        for (NotificationChannel channel : channels) {
            for (String outcome : new String[] {"sent", "retried", "failed"}) {
                counter(channel.name(), outcome);
            }
        }
    }

    @Scheduled(fixedDelayString = "${sluice.approval.notify.poll-interval:1s}")
    void drain() {
        try {
            for (int i = 0; i < properties.batchSize(); i++) {
                if (!Boolean.TRUE.equals(transactions.execute(status -> deliverNext()))) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            // the database may be briefly unreachable; rows stay PENDING and the next drain retries
            log.warn("notification outbox drain failed: {}", e.getClass().getSimpleName());
        }
    }

    /** Delivers the next due entry; false when none is due. */
    private boolean deliverNext() {
        Optional<Outbox.Entry> next = outbox.claimNext();
        if (next.isEmpty()) {
            return false;
        }
        Outbox.Entry entry = next.get();
        int attempts = entry.attempts() + 1;
        NotificationChannel channel = channels.get(entry.channel());
        if (channel == null) {
            outbox.failed(entry.id(), attempts, "channel " + entry.channel() + " is no longer configured");
            counter(entry.channel(), "failed").increment();
            return true;
        }
        try {
            channel.deliver(entry.notification());
            outbox.sent(entry.id(), attempts);
            counter(channel.name(), "sent").increment();
        } catch (DeliveryException e) {
            if (attempts >= properties.maxAttempts()) {
                outbox.failed(entry.id(), attempts, e.getMessage());
                counter(channel.name(), "failed").increment();
                log.warn("notification {} via {} given up after {} attempts: {}", entry.notification().id(),
                        channel.name(), attempts, e.getMessage());
            } else {
                Instant retry = clock.instant().plus(backoff(attempts));
                outbox.retryAt(entry.id(), attempts, retry, e.getMessage());
                counter(channel.name(), "retried").increment();
                log.info("notification {} via {} not delivered ({}); retry at {}", entry.notification().id(),
                        channel.name(), e.getMessage(), retry);
            }
        }
        return true;
    }

    private Duration backoff(int attempts) {
        Duration wait = properties.backoff().multipliedBy(1L << Math.min(attempts - 1, 20));
        return wait.compareTo(properties.maxBackoff()) > 0 ? properties.maxBackoff() : wait;
    }

    private Counter counter(String channel, String outcome) {
        return Counter.builder("sluice.approval.notifications")
                .description("Reviewer notification deliveries by channel and outcome")
                .tag("channel", channel)
                .tag("outcome", outcome)
                .register(registry);
    }
}
