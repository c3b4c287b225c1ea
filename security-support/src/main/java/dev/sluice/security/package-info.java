/**
 * Token checks shared by every Sluice service. {@link dev.sluice.security.RevocationList} is plain Java (the proxy's
 * data path uses it); {@link dev.sluice.security.JwtRevocationValidator} adapts it to Spring Security for the HTTP
 * services and needs {@code spring-security-oauth2-jose} on their class path.
 */
package dev.sluice.security;
