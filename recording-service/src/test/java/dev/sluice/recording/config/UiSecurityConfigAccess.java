package dev.sluice.recording.config;

import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;

/** Test access to the package-private groups mapper of {@link UiSecurityConfig}. */
public final class UiSecurityConfigAccess {
    private UiSecurityConfigAccess() {}

    public static GrantedAuthoritiesMapper groups() {
        return UiSecurityConfig.groups();
    }
}
