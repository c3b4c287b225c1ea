package dev.sluice.identity.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.identity.revocation.JdbcRevocationStore;
import dev.sluice.identity.revocation.RevocationStore;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Where revocations outlive the process: PostgreSQL when {@code spring.datasource.url} is set (the same settings as
 * the other services; {@code SPRING_DATASOURCE_URL}, {@code _USERNAME}, {@code _PASSWORD}), with Flyway migrating
 * identity-adapter's own schema {@value #SCHEMA}; otherwise memory, with a warning, since a restart then forgets
 * every revocation.
 */
@Configuration(proxyBeanMethods = false)
public class RevocationStoreConfiguration {

    /** identity-adapter's schema; no other service reads it. */
    static final String SCHEMA = "identity";

    private static final Logger log = LoggerFactory.getLogger(RevocationStoreConfiguration.class);

    /** The store and the pool behind it, closed with the context. */
    static final class StoreHolder implements DisposableBean {
        final RevocationStore store;
        private final HikariDataSource dataSource;

        StoreHolder(RevocationStore store, HikariDataSource dataSource) {
            this.store = store;
            this.dataSource = dataSource;
        }

        @Override
        public void destroy() {
            if (dataSource != null) {
                dataSource.close();
            }
        }
    }

    @Bean
    StoreHolder revocationStoreHolder(Environment environment) {
        String url = environment.getProperty("spring.datasource.url");
        if (url == null || url.isBlank()) {
            log.warn("No database configured (spring.datasource.url): revocations are kept in memory and a restart of"
                    + " identity-adapter forgets them");
            return new StoreHolder(RevocationStore.IN_MEMORY, null);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("identity-adapter");
        config.setJdbcUrl(url);
        config.setUsername(environment.getProperty("spring.datasource.username"));
        config.setPassword(environment.getProperty("spring.datasource.password"));
        config.setMaximumPoolSize(4);
        config.setSchema(SCHEMA);
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            Flyway.configure().dataSource(dataSource).schemas(SCHEMA).defaultSchema(SCHEMA)
                    .locations("classpath:db/migration/identity").load().migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        log.info("Revocations are stored in schema {} of {}", SCHEMA, url.replaceAll("\\?.*", ""));
        return new StoreHolder(new JdbcRevocationStore(dataSource), dataSource);
    }

    @Bean
    RevocationStore revocationStore(StoreHolder holder) {
        return holder.store;
    }
}
