package dev.sluice.identity.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/** With the shipped defaults dev mode is off: the dev token endpoint must not exist at all. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=identity-adapter", "server.address=127.0.0.1"})
class DevModeDisabledTest {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void devTokenEndpointDoesNotExistByDefault() throws Exception {
        HttpResponse<String> get = send("GET", "/dev/tokens/alice");
        HttpResponse<String> post = send("POST", "/dev/tokens/alice");

        assertThat(get.statusCode()).isEqualTo(404);
        assertThat(post.statusCode()).isEqualTo(404);
        assertThat(get.body()).doesNotContain("access_token");
        assertThat(context.getBeansOfType(DevTokenController.class)).isEmpty();
    }

    @Test
    void jwksIsStillServed() throws Exception {
        assertThat(send("GET", "/.well-known/jwks.json").statusCode()).isEqualTo(200);
    }
}
