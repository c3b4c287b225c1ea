package dev.sluice.approval.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.approval.grants.GrantController;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.yaml.snakeyaml.Yaml;

/**
 * docs/openapi/approvals.yaml against the REST controllers: the description names exactly the endpoints the code
 * serves, and every operation says how it authenticates and who may call it.
 */
class OpenApiDescriptionTest {
    /** Maven runs the tests with the module directory as working directory. */
    private static final Path DESCRIPTION = Path.of("..", "docs", "openapi", "approvals.yaml");
    private static final Set<String> HTTP_METHODS =
            Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final Set<String> SCHEMES = Set.of("bearerAuth", "proxyKey", "serviceKey");

    private static Map<String, Object> description;

    @BeforeAll
    static void load() throws IOException {
        try (Reader reader = Files.newBufferedReader(DESCRIPTION)) {
            description = new Yaml().load(reader);
        }
    }

    @Test
    void everyEndpointIsDescribedAndNothingElse() {
        Set<String> served = new TreeSet<>();
        served.addAll(endpoints(ApprovalController.class));
        served.addAll(endpoints(GrantController.class));
        // guards against reflection silently finding nothing
        assertThat(served).as("endpoints of the controllers").contains("POST /v1/approvals", "GET /v1/grants/feed");

        assertThat(map(description.get("paths")).keySet()).as("only the JSON API is described")
                .allMatch(path -> path.startsWith("/v1/"));
        Set<String> described = new TreeSet<>();
        operations().forEach(operation -> described.add(operation.key()));

        assertThat(described).as("operations of %s", DESCRIPTION).containsExactlyInAnyOrderElementsOf(served);
    }

    @Test
    void everyOperationNamesItsCredentialsAndWhoMayCallIt() {
        assertThat(String.valueOf(description.get("openapi"))).startsWith("3.1");
        Map<String, Object> schemes = map(map(description.get("components")).get("securitySchemes"));
        assertThat(schemes).containsOnlyKeys(SCHEMES);

        for (Operation operation : operations()) {
            Map<String, Object> body = operation.body();
            assertThat(String.valueOf(body.get("description"))).as(operation.key()).contains("**Who:**");
            List<?> security = (List<?>) body.get("security");
            assertThat(security).as(operation.key()).isNotEmpty();
            security.forEach(requirement -> assertThat(SCHEMES).as(operation.key())
                    .containsAll(map(requirement).keySet()));
            assertThat(map(body.get("responses"))).as(operation.key()).containsKey("401");
        }
    }

    /** "GET /v1/approvals/{id}" for every handler method, from the merged class and method mappings. */
    private static List<String> endpoints(Class<?> controller) {
        RequestMapping base = AnnotatedElementUtils.findMergedAnnotation(controller, RequestMapping.class);
        assertThat(base).as(controller.getSimpleName() + " has a class-level @RequestMapping").isNotNull();
        List<String> endpoints = new ArrayList<>();
        for (Method method : controller.getDeclaredMethods()) {
            RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
            if (mapping == null) {
                continue;
            }
            assertThat(mapping.method()).as(method.getName() + " names its HTTP method").isNotEmpty();
            for (String prefix : paths(base)) {
                for (String suffix : paths(mapping)) {
                    for (RequestMethod verb : mapping.method()) {
                        endpoints.add(verb.name() + " " + placeholders(prefix + suffix));
                    }
                }
            }
        }
        return endpoints;
    }

    private static String[] paths(RequestMapping mapping) {
        return mapping.path().length == 0 ? new String[] {""} : mapping.path();
    }

    /** {@code {id:[0-9a-f-]+}} becomes {@code {id}}, as OpenAPI writes path templates. */
    private static String placeholders(String path) {
        return path.replaceAll("\\{([^}:]+):[^}]*}", "{$1}");
    }

    private static List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        map(description.get("paths")).forEach((path, item) -> {
            if (path.startsWith("/v1/")) {
                map(item).forEach((key, body) -> {
                    if (HTTP_METHODS.contains(key)) {
                        operations.add(new Operation(key.toUpperCase(Locale.ROOT) + " " + path, map(body)));
                    }
                });
            }
        });
        return operations;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        assertThat(node).isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }

    private record Operation(String key, Map<String, Object> body) {}
}
