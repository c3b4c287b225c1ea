package dev.sluice.identity.authserver;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Public-client "authentication" for the device authorization grant (RFC 8628 sections 3.1 and 3.4) and for
 * refreshing the tokens it issued (RFC 6749 section 6): a command-line client has no secret, so it identifies
 * itself with {@code client_id} alone, which Spring Authorization Server accepts out of the box only for PKCE code
 * exchanges. Only clients registered without a secret (authentication method {@code none}) and with the device code
 * grant qualify; their refresh tokens are rotated on every use ({@link RegisteredClients}), as RFC 9700 section
 * 2.2.2 asks for public clients.
 */
final class DeviceClientAuthentication {

    private DeviceClientAuthentication() {}

    /** Recognises device authorization, device code and refresh token requests that carry only a client id. */
    static AuthenticationConverter converter(String deviceAuthorizationPath, String tokenPath) {
        return (HttpServletRequest request) -> {
            boolean deviceAuthorization = deviceAuthorizationPath.equals(request.getServletPath());
            String grantType = request.getParameter(OAuth2ParameterNames.GRANT_TYPE);
            boolean deviceToken = tokenPath.equals(request.getServletPath())
                    && (AuthorizationGrantType.DEVICE_CODE.getValue().equals(grantType)
                        || AuthorizationGrantType.REFRESH_TOKEN.getValue().equals(grantType));
            String clientId = request.getParameter(OAuth2ParameterNames.CLIENT_ID);
            if ((!deviceAuthorization && !deviceToken) || clientId == null || clientId.isBlank()
                    || request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null || request.getHeader("Authorization") != null) {
                return null;
            }
            return new OAuth2ClientAuthenticationToken(clientId, ClientAuthenticationMethod.NONE, null, null);
        };
    }

    /** Accepts the client id of a registered public client allowed the device code grant. */
    static AuthenticationProvider provider(RegisteredClientRepository clients) {
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                var token = (OAuth2ClientAuthenticationToken) authentication;
                if (!ClientAuthenticationMethod.NONE.equals(token.getClientAuthenticationMethod())) {
                    return null;
                }
                RegisteredClient client = clients.findByClientId(String.valueOf(token.getPrincipal()));
                if (client == null || !client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)
                        || !client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.DEVICE_CODE)) {
                    throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
                }
                return new OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.NONE, null);
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return OAuth2ClientAuthenticationToken.class.isAssignableFrom(authentication);
            }
        };
    }
}
