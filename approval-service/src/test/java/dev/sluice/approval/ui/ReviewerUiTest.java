package dev.sluice.approval.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oidcLogin;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;

import dev.sluice.approval.ApprovalServiceTestSupport;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.OidcLoginRequestPostProcessor;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * The reviewer pages through the real filter chains (MockMvc on the running context, requests created through the
 * gateway API of the running server): escaping, CSRF, security headers, the reviewer rules shown in the page, and
 * the history filters and paging.
 */
class ReviewerUiTest extends ApprovalServiceTestSupport {

    @Autowired
    private WebApplicationContext context;

    private MockMvc mvc;

    @BeforeEach
    void mockMvc() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
    }

    @Test
    void statementWithMarkupIsShownAsTextNeverAsHtml() throws Exception {
        String statement = "DROP TABLE t_xss; SELECT '<script>alert(1)</script>' -- <img src=x onerror=alert(2)>";
        String id = createPending("alice", statement).get("id").asString();

        for (String path : List.of("/approvals/" + id, "/approvals", "/approvals/" + id + "/card",
                "/history?connection=demo")) {
            String page = page(path, reviewer("carol"));
            assertThat(page).as(path)
                    .doesNotContain("<script>alert(1)</script>")
                    .doesNotContain("<img src=x")
                    .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        }
        // highlighted server-side: key words, the string literal and the comment in their own spans
        String detail = page("/approvals/" + id, reviewer("carol"));
        assertThat(detail).contains("<span class=\"sql-kw\">DROP</span>")
                .contains("<span class=\"sql-str\">&#39;&lt;script&gt;alert(1)&lt;/script&gt;&#39;</span>")
                .contains("<span class=\"sql-cmt\">-- &lt;img src=x onerror=alert(2)&gt;</span>");
    }

    @Test
    void decisionWithoutCsrfTokenIsRefusedAndChangesNothing() throws Exception {
        String id = createPending("alice", "DROP TABLE t_csrf").get("id").asString();
        MvcResult refused = mvc.perform(MockMvcRequestBuilders.post("/approvals/" + id + "/decision")
                .param("decision", "approve").with(reviewer("carol"))).andReturn();
        assertThat(refused.getResponse().getStatus()).isEqualTo(403);
        assertThat(state(id)).isEqualTo("PENDING");

        MvcResult accepted = mvc.perform(MockMvcRequestBuilders.post("/approvals/" + id + "/decision")
                .param("decision", "approve").param("comment", "looks fine").header("HX-Request", "true")
                .with(reviewer("carol")).with(csrf())).andReturn();
        assertThat(accepted.getResponse().getStatus()).isEqualTo(200);
        assertThat(accepted.getResponse().getContentAsString()).contains("Approved: the statement may run now.")
                .contains("state-approved");
        assertThat(state(id)).isEqualTo("APPROVED");
    }

    @Test
    void pagesCarryTheSecurityHeaders() throws Exception {
        String id = createPending("alice", "DROP TABLE t_headers").get("id").asString();
        for (String path : List.of("/approvals", "/approvals/" + id, "/history", "/assets/review.js")) {
            var response = mvc.perform(MockMvcRequestBuilders.get(path).with(reviewer("carol"))).andReturn()
                    .getResponse();
            assertThat(response.getStatus()).as(path).isEqualTo(200);
            assertThat(response.getHeader("Content-Security-Policy")).as(path)
                    .isEqualTo(ReviewerSecurityConfig.CONTENT_SECURITY_POLICY)
                    .contains("script-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
            assertThat(response.getHeader("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
            assertThat(response.getHeader("Referrer-Policy")).as(path).isEqualTo("same-origin");
            assertThat(response.getHeader("X-Frame-Options")).as(path).isEqualTo("DENY");
        }
        // no script is inline; htmx comes from this service
        String queue = page("/approvals", reviewer("carol"));
        assertThat(queue).contains("src=\"/assets/htmx.min.js\"").doesNotContain("<script>")
                .doesNotContain("https://");
    }

    @Test
    void refusalsOfTheServiceRulesAreShownInThePage() throws Exception {
        String own = createPending("carol", "DROP TABLE t_own").get("id").asString();
        String detail = page("/approvals/" + own, reviewer("carol"));
        assertThat(detail).contains("This is your own request").doesNotContain("class=\"decide\"");

        // even a hand-made post cannot approve one's own request
        MvcResult self = mvc.perform(MockMvcRequestBuilders.post("/approvals/" + own + "/decision")
                .param("decision", "approve").header("HX-Request", "true").with(reviewer("carol")).with(csrf()))
                .andReturn();
        assertThat(self.getResponse().getContentAsString()).contains("nobody may decide their own request");
        assertThat(state(own)).isEqualTo("PENDING");

        String other = createPending("alice", "DROP TABLE t_outsider_ui").get("id").asString();
        MvcResult outsider = mvc.perform(MockMvcRequestBuilders.get("/approvals/" + other).with(reviewer("bob")))
                .andReturn();
        assertThat(outsider.getResponse().getStatus()).isEqualTo(403);
        assertThat(outsider.getResponse().getContentAsString()).contains("may see this request");
        MvcResult missing = mvc.perform(MockMvcRequestBuilders.get("/approvals/" + UUID.randomUUID())
                .with(reviewer("carol"))).andReturn();
        assertThat(missing.getResponse().getStatus()).isEqualTo(404);
        assertThat(missing.getResponse().getContentAsString()).contains("No such request");
    }

    @Test
    void queueShowsWhatTheReviewerMayDecideWithItsContext() throws Exception {
        String agent = createPending("ci-bot", "service", "warehouse", "TRUNCATE audit_log").get("id").asString();
        String own = createPending("carol", "DROP TABLE t_not_in_queue").get("id").asString();
        String queue = page("/approvals", reviewer("carol"));
        assertThat(queue).contains("approval-" + agent).contains("agent / service").contains("warehouse")
                .contains("dba-ddl-needs-approval").contains("DDL on demo needs one approval from approvers")
                .contains("0 of 1 approvals").contains("Expires in")
                .doesNotContain("approval-" + own);
        assertThat(page("/approvals", reviewer("bob"))).doesNotContain("approval-" + agent);
    }

    @Test
    void historyFiltersAndPages() throws Exception {
        String connection = "history-" + UUID.randomUUID();
        for (int i = 0; i < 27; i++) {
            createPending(i % 3 == 0 ? "erin" : "alice", "human", connection, "DROP TABLE t_history_" + i);
        }
        String first = page("/history?connection=" + connection, reviewer("carol"));
        assertThat(count(first, "class=\"history-row\"")).isEqualTo(25);
        assertThat(first).contains("rel=\"next\"").contains("DROP TABLE t_history_26")
                .doesNotContain("DROP TABLE t_history_0<");
        String second = page("/history/rows?connection=" + connection + "&page=1", reviewer("carol"));
        assertThat(count(second, "class=\"history-row\"")).isEqualTo(2);
        assertThat(second).contains("DROP TABLE t_history_0<").doesNotContain("rel=\"next\"");

        String erin = page("/history/rows?connection=" + connection + "&requester=ERI", reviewer("carol"));
        assertThat(count(erin, "class=\"history-row\"")).isEqualTo(9);
        assertThat(page("/history/rows?connection=" + connection + "&state=DENIED", reviewer("carol")))
                .contains("No requests match.");
        assertThat(page("/history/rows?connection=" + connection + "&from=2099-01-01T00:00", reviewer("carol")))
                .contains("No requests match.");
        assertThat(count(page("/history/rows?connection=" + connection + "&to=2099-01-01T00:00&page=1",
                reviewer("carol")), "class=\"history-row\"")).isEqualTo(2);
        // bob reviews nothing and requested nothing here
        assertThat(page("/history/rows?connection=" + connection, reviewer("bob"))).contains("No requests match.");
    }

    @Test
    void signedOutPagesRedirectToSignInButBackgroundRequestsGet401() throws Exception {
        MvcResult page = mvc.perform(MockMvcRequestBuilders.get("/approvals")).andReturn();
        assertThat(page.getResponse().getStatus()).isEqualTo(302);
        assertThat(page.getResponse().getRedirectedUrl()).endsWith("/oauth2/authorization/sluice");

        MvcResult swap = mvc.perform(MockMvcRequestBuilders.get("/approvals/queue").header("HX-Request", "true"))
                .andReturn();
        assertThat(swap.getResponse().getStatus()).isEqualTo(401);
        assertThat(swap.getResponse().getHeader("HX-Refresh")).isEqualTo("true");
        MvcResult stream = mvc.perform(MockMvcRequestBuilders.get("/approvals/events")).andReturn();
        assertThat(stream.getResponse().getStatus()).isEqualTo(401);

        // a bearer token opens no UI page, and the API chain does not know the session
        MvcResult bearer = mvc.perform(MockMvcRequestBuilders.get("/approvals")
                .header("Authorization", "Bearer " + ISSUER.token("carol"))).andReturn();
        assertThat(bearer.getResponse().getStatus()).isEqualTo(302);
    }

    private String page(String path, OidcLoginRequestPostProcessor who) throws Exception {
        MvcResult result = mvc.perform(MockMvcRequestBuilders.get(path).with(who)).andReturn();
        assertThat(result.getResponse().getStatus()).as(path).isEqualTo(200);
        return result.getResponse().getContentAsString();
    }

    private String state(String id) {
        return json(call("GET", "/v1/approvals/" + id, proxy(), null)).get("state").asString();
    }

    private static int count(String text, String needle) {
        return text.split(java.util.regex.Pattern.quote(needle), -1).length - 1;
    }

    private static OidcLoginRequestPostProcessor reviewer(String subject) {
        List<String> groups = switch (subject) {
            case "carol" -> List.of("auditors", "approvers");
            case "dave" -> List.of("approvers");
            default -> List.of("analysts");
        };
        return oidcLogin().idToken(token -> token.subject(subject).claim("groups", groups).claim("kind", "human"));
    }
}
