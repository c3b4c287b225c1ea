package dev.sluice.identity.federation;

import dev.sluice.identity.issuer.TokenIssuer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires federation: trusted external issuers and the token exchange in front of the token endpoint. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FederationProperties.class)
public class FederationConfiguration {

    @Bean
    FederatedTokenVerifier federatedTokenVerifier(FederationProperties properties) {
        return new FederatedTokenVerifier(properties, new OidcDiscovery());
    }

    /** Registered just before Spring Security's filter chain, so an exchange is answered before client authentication. */
    @Bean
    FilterRegistrationBean<TokenExchangeFilter> tokenExchangeFilter(FederatedTokenVerifier verifier, TokenIssuer issuer) {
        var registration = new FilterRegistrationBean<>(new TokenExchangeFilter("/oauth2/token", verifier, issuer));
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1);
        registration.addUrlPatterns("/oauth2/token");
        return registration;
    }
}
