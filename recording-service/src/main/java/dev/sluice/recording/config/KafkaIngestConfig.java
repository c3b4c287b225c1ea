package dev.sluice.recording.config;

import dev.sluice.recording.ingest.EventIngestor;
import dev.sluice.recording.ingest.RecordRef;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

/**
 * The listener container for session events.
 *
 * <p>The listener takes whole polls (see {@link dev.sluice.recording.ingest.SessionEventListener}); acks are
 * manual and immediate so that offsets are committed only after the batch's transaction. A record whose
 * storage keeps failing is retried with exponential back-off, then parked in {@code rejected_events}; if
 * parking fails too (the database is still down) the error handler seeks back and the record is delivered
 * again, so an outage delays recording but never drops an event.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaIngestConfig {

    @Bean
    ConcurrentKafkaListenerContainerFactory<Object, Object> recordingListenerContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
            ConsumerFactory<Object, Object> consumerFactory, RecordingProperties properties, EventIngestor ingestor) {
        var factory = new ConcurrentKafkaListenerContainerFactory<Object, Object>();
        configurer.configure(factory, consumerFactory);
        factory.setBatchListener(true);
        factory.getContainerProperties().setAckMode(AckMode.MANUAL_IMMEDIATE);
        factory.setCommonErrorHandler(errorHandler(properties.ingest(), ingestor));
        return factory;
    }

    private static DefaultErrorHandler errorHandler(RecordingProperties.Ingest ingest, EventIngestor ingestor) {
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(ingest.maxRetries());
        backOff.setInitialInterval(ingest.initialBackoff().toMillis());
        backOff.setMultiplier(2.0);
        backOff.setMaxInterval(ingest.maxBackoff().toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler((record, failure) -> park(ingestor, record, failure),
                backOff);
        handler.setCommitRecovered(true);
        return handler;
    }

    private static void park(EventIngestor ingestor, ConsumerRecord<?, ?> record, Exception failure) {
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
        // the exception class only: messages of SQL errors can quote the values being inserted
        ingestor.reject(new RecordRef(record.topic(), record.partition(), record.offset(),
                        record.key() == null ? null : record.key().toString()),
                "storage failed after retries: " + cause.getClass().getName(),
                record.value() == null ? null : record.value().toString());
    }
}
