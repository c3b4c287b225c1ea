package dev.sluice.policy.web;

import dev.sluice.policy.bundle.ActivePolicy;
import dev.sluice.policy.bundle.PolicyBundle;
import dev.sluice.policy.bundle.PolicyBundleException;
import dev.sluice.policy.bundle.PolicyBundleLoader;
import dev.sluice.policy.bundle.PolicyBundleLoader.BundleFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The bundle itself: {@code GET /v1/policies} (what is in force and the last refused reload),
 * {@code POST /v1/policies/validate} (check files before deploying them) and {@code GET /v1/policies/schema}
 * (the JSON Schema of the bundle format, for editors and CI).
 */
@RestController
final class PolicyController {

    /** File name given to a single YAML document sent to validate. */
    static final String SINGLE_DOCUMENT = "bundle.yaml";

    private final ActivePolicy policy;
    private final String schema;

    PolicyController(ActivePolicy policy) throws IOException {
        this.policy = policy;
        this.schema = new ClassPathResource("policy-bundle.schema.json").getContentAsString(StandardCharsets.UTF_8);
    }

    /** {@code GET /v1/policies}. */
    record PolicyStatus(String version, Instant loadedAt, List<String> files, int rules, int tests, ActivePolicy.Rejection lastRejectedReload) {}

    /** One validation problem; {@code file} is null and {@code line} 0 when it concerns the whole bundle. */
    record ValidationError(String file, int line, String message) {}

    /** {@code POST /v1/policies/validate}. */
    record ValidationResult(boolean valid, List<ValidationError> errors) {}

    @GetMapping(path = "/v1/policies", produces = MediaType.APPLICATION_JSON_VALUE)
    PolicyStatus status() {
        PolicyBundle bundle = policy.current();
        return new PolicyStatus(bundle.version(), policy.loadedAt(), bundle.files(), bundle.rules().size(), bundle.tests().size(),
                policy.lastRejection());
    }

    @GetMapping(path = "/v1/policies/schema", produces = {"application/schema+json", MediaType.APPLICATION_JSON_VALUE})
    String schema() {
        return schema;
    }

    /** Validates a map of file name to YAML text. */
    @PostMapping(path = "/v1/policies/validate", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ValidationResult validateFiles(@RequestBody Map<String, String> files) {
        List<BundleFile> bundle = new ArrayList<>();
        files.forEach((name, content) -> bundle.add(new BundleFile(name, content == null ? "" : content)));
        return validate(bundle);
    }

    /** Validates one YAML document (any non-JSON content type, e.g. {@code application/yaml}). */
    @PostMapping(path = "/v1/policies/validate", consumes = {"application/yaml", "application/x-yaml", "text/yaml",
            MediaType.TEXT_PLAIN_VALUE}, produces = MediaType.APPLICATION_JSON_VALUE)
    ValidationResult validateDocument(@RequestBody String document) {
        return validate(List.of(new BundleFile(SINGLE_DOCUMENT, document)));
    }

    private static ValidationResult validate(List<BundleFile> files) {
        List<ValidationError> errors = new ArrayList<>();
        for (PolicyBundleException problem : PolicyBundleLoader.validate(files)) {
            errors.add(new ValidationError(problem.file(), problem.line(), problem.problem()));
        }
        return new ValidationResult(errors.isEmpty(), errors);
    }
}
