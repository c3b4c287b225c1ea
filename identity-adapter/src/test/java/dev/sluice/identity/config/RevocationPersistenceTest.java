package dev.sluice.identity.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.identity.revocation.RevocationStore;
import dev.sluice.identity.revocation.Revocations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** Revocations written through to PostgreSQL are there again after a restart (a new store over the same database). */
class RevocationPersistenceTest {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static MockEnvironment database() {
        return new MockEnvironment()
                .withProperty("spring.datasource.url", "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres")
                .withProperty("spring.datasource.username", "postgres");
    }

    /** The store as identity-adapter builds it at start; closing it closes the pool, as the context would. */
    private record Opened(RevocationStore store, RevocationStoreConfiguration.StoreHolder holder) implements AutoCloseable {
        @Override
        public void close() {
            holder.destroy();
        }
    }

    private static Opened open(MockEnvironment environment) {
        var holder = new RevocationStoreConfiguration().revocationStoreHolder(environment);
        return new Opened(holder.store, holder);
    }

    @Test
    void revocationsSurviveARestartAndLiftedOnesStayLifted() throws Exception {
        Instant start = Instant.parse("2026-01-01T10:00:00Z");
        Clock clock = Clock.fixed(start, ZoneOffset.UTC);
        try (var first = open(database())) {
            var revocations = new Revocations(clock, IdentityProperties.MAX_TOKEN_TTL, first.store());
            revocations.revoke(Revocations.Type.SERVICE, "ci-bot", "key leaked");
            revocations.revoke(Revocations.Type.SUBJECT, "bob", "laptop stolen");
            revocations.revoke(Revocations.Type.TOKEN, "jti-1", "");
            revocations.revoke(Revocations.Type.SERVICE, "etl-bot", "paused");
            assertThat(revocations.lift("etl-bot")).isTrue();
        }

        Clock later = Clock.fixed(start.plus(Duration.ofMinutes(10)), ZoneOffset.UTC);
        try (var second = open(database())) {
            var restarted = new Revocations(later, IdentityProperties.MAX_TOKEN_TTL, second.store());
            assertThat(restarted.list()).extracting(r -> r.type() + ":" + r.value())
                    .containsExactlyInAnyOrder("SERVICE:ci-bot", "SUBJECT:bob", "TOKEN:jti-1", "SUBJECT:etl-bot");
            assertThat(restarted.serviceRevoked("ci-bot")).isTrue();
            assertThat(restarted.serviceRevoked("etl-bot")).as("lifted before the restart").isFalse();
            assertThat(restarted.refuses("other", "bob", start.minusSeconds(1))).isTrue();
            assertThat(restarted.refuses("jti-1", "alice", start)).isTrue();
            assertThat(restarted.list()).filteredOn(r -> r.value().equals("ci-bot")).singleElement()
                    .satisfies(r -> assertThat(r.reason()).isEqualTo("key leaked"));
        }

        Clock muchLater = Clock.fixed(start.plus(Duration.ofHours(2)), ZoneOffset.UTC);
        try (var third = open(database())) {
            var restarted = new Revocations(muchLater, IdentityProperties.MAX_TOKEN_TTL, third.store());
            assertThat(restarted.list()).as("expired entries are not loaded; service revocations last until lifted")
                    .extracting(r -> r.type() + ":" + r.value()).containsExactly("SERVICE:ci-bot");
        }
    }

    @Test
    void withoutADatabaseRevocationsAreKeptInMemory() throws Exception {
        try (var stores = open(new MockEnvironment())) {
            assertThat(stores.store()).isSameAs(RevocationStore.IN_MEMORY);
        }
    }
}
