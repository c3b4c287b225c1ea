package dev.sluice.identity.config;

import dev.sluice.identity.issuer.TokenIssuer;
import dev.sluice.identity.keys.SigningKeyLoader;
import dev.sluice.identity.keys.SigningKeys;
import dev.sluice.identity.revocation.RevocationStore;
import dev.sluice.identity.revocation.Revocations;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the signing keys and the token issuer from {@link IdentityProperties}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdentityProperties.class)
public final class IdentityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(IdentityConfiguration.class);

    @Bean
    SigningKeys signingKeys(IdentityProperties properties) {
        if (properties.keyFile() == null) {
            var key = SigningKeyLoader.generate();
            // Only the kid is logged: it is public (it is in every token header and the JWKS).
            log.warn("No sluice.identity.key-file configured: signing with a generated RSA key (kid={}); "
                    + "tokens become invalid when this process stops", key.getKeyID());
            return new SigningKeys(List.of(key));
        }
        SigningKeys keys = new SigningKeys(SigningKeyLoader.load(properties.keyFile()));
        log.info("Signing with key kid={} from {}", keys.current().getKeyID(), properties.keyFile());
        return keys;
    }

    /** Entries are kept as long as the longest token can live. */
    @Bean
    Revocations revocations(RevocationStore store) {
        return new Revocations(Clock.systemUTC(), IdentityProperties.MAX_TOKEN_TTL, store);
    }

    @Bean
    TokenIssuer tokenIssuer(IdentityProperties properties, SigningKeys signingKeys) {
        return new TokenIssuer(properties, signingKeys, Clock.systemUTC());
    }
}
