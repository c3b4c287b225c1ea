package dev.sluice.recording.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oidcLogin;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;

import dev.sluice.recording.RecordingServiceTestSupport;
import dev.sluice.recording.SessionScript;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.OidcLoginRequestPostProcessor;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * The replay UI through the real filter chains (MockMvc on the running context): sign-in goes to identity-adapter
 * as client {@code sluice-recording-ui}; auditors see the list, filter it and replay a session in order with its
 * integrity badge; others are refused.
 */
class ReplayUiTest extends RecordingServiceTestSupport {

    @Autowired
    private WebApplicationContext context;

    @Autowired
    private JdbcTemplate jdbc;

    private MockMvc mvc;

    @BeforeEach
    void mockMvc() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
    }

    @Test
    void signInStartsTheAuthorizationCodeFlowAtIdentityAdapter() throws Exception {
        MvcResult list = mvc.perform(MockMvcRequestBuilders.get("/ui/sessions")).andReturn();
        assertThat(list.getResponse().getStatus()).isEqualTo(302);
        assertThat(list.getResponse().getRedirectedUrl()).endsWith("/oauth2/authorization/sluice");

        MvcResult authorize = mvc.perform(MockMvcRequestBuilders.get("/oauth2/authorization/sluice")).andReturn();
        assertThat(authorize.getResponse().getRedirectedUrl())
                .startsWith(OIDC.baseUrl() + "/authorize?")
                .contains("client_id=sluice-recording-ui")
                .contains("scope=openid")
                .contains("redirect_uri=http://localhost/login/oauth2/code/sluice");
    }

    @Test
    void auditorFiltersTheListAndReplaysASessionInOrder() throws Exception {
        SessionScript session = new SessionScript("ui-" + java.util.UUID.randomUUID(),
                Instant.parse("2026-09-01T10:00:00Z"));
        publish(session.sessionId(), session.started(), session.command("SELECT first_statement"),
                session.command("SELECT <script>alert(1)</script>"), session.command("SELECT third_statement"),
                session.ended("client-terminate"));
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM recording.session_events WHERE session_id = ?", Long.class,
                session.sessionId()) == 5);

        String list = page("/ui/sessions?identity=ALI&kind=HUMAN&connection=orders&from=2026-09-01T09:00"
                + "&to=2026-09-01T11:00");
        assertThat(list).contains(session.sessionId()).contains("htmx.min.js");
        String rows = page("/ui/sessions/rows?identity=nobody-like-this");
        assertThat(rows).doesNotContain(session.sessionId()).contains("No sessions match.");
        assertThat(page("/ui/sessions/rows?denials=true")).doesNotContain(session.sessionId());

        String replay = page("/ui/sessions/" + session.sessionId());
        assertThat(replay).containsSubsequence("session started by alice", "SELECT first_statement",
                "SELECT &lt;script&gt;alert(1)&lt;/script&gt;", "SELECT third_statement", "session ended")
                .doesNotContain("<script>alert(1)</script>")
                .contains("allow-dba")
                .contains("/ui/sessions/" + session.sessionId() + "/integrity")
                .contains("Connection</dt><dd>orders");
        assertThat(page("/ui/sessions/" + session.sessionId() + "/integrity")).contains("chain intact");
        assertThat(page("/ui/sessions/" + session.sessionId() + "/export?format=csv"))
                .contains("SELECT third_statement");
    }

    @Test
    void signedInNonAuditorIsRefused() throws Exception {
        MvcResult result = mvc.perform(MockMvcRequestBuilders.get("/ui/sessions").with(oidcLogin()
                .idToken(token -> token.claim("groups", List.of("analysts")))
                .authorities(new SimpleGrantedAuthority("GROUP_analysts")))).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(403);
    }

    @Test
    void mapsTheGroupsClaimOfTheIdTokenToAuthorities() {
        var user = oidcAuthority(List.of("auditors", "approvers"));
        assertThat(dev.sluice.recording.config.UiSecurityConfigAccess.groups().mapAuthorities(List.of(user)))
                .extracting(Object::toString).contains("GROUP_auditors", "GROUP_approvers");
    }

    private static org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority oidcAuthority(
            List<String> groups) {
        var token = org.springframework.security.oauth2.core.oidc.OidcIdToken.withTokenValue("t")
                .subject("carol").claim("groups", groups).issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(60)).build();
        return new org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority(token);
    }

    private String page(String path) throws Exception {
        MvcResult result = mvc.perform(MockMvcRequestBuilders.get(path).with(auditor())).andReturn();
        assertThat(result.getResponse().getStatus()).as(path).isEqualTo(200);
        return result.getResponse().getContentAsString();
    }

    private static OidcLoginRequestPostProcessor auditor() {
        return oidcLogin().idToken(token -> token.subject("carol").claim("groups", List.of("auditors")))
                .authorities(new SimpleGrantedAuthority("GROUP_auditors"));
    }
}
